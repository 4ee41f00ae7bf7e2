package org.rtrain.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.apache.commons.csv.CSVRecord;

/**
 * One row of the paper's Table 3: CondenseNets and cited mobile-sized networks on ImageNet-1k with
 * FLOPs, parameters and top-1/top-5 ERROR (%): the table is titled "error rate" although its
 * columns are headed "Tops-1(%)". The CondenseNet G=C=4 base row prints G=C=8's FLOPs and
 * parameters; its note says so.
 *
 * @param table         3
 * @param dataset       the dataset heading the row's block
 * @param model         the model, e.g. {@code CondenseNet (G=C=4)}
 * @param variant       the variant
 * @param flops         FLOPs as printed (CondenseNet counts multiply-adds), e.g. {@code 274M}
 * @param parameters    parameters as printed, e.g. {@code 2.9M}
 * @param top1ErrorPct  printed top-1 error
 * @param top5ErrorPct  printed top-5 error
 * @param note          provenance and slips of the row, or empty
 */
public record ImageNetErrorRow(int table, String dataset, String model, Variant variant, String flops,
                               String parameters, PaperValue top1ErrorPct, PaperValue top5ErrorPct, String note)
        implements PaperRow {

    private static final List<String> HEADER = List.of("table", "dataset", "model", "variant", "flops", "params",
            "top1_err", "top5_err", "note");

    public ImageNetErrorRow {
        PaperRowIdentity.check(table, dataset, model, variant, note, "Table 3 row " + model + "/" + variant);
        Objects.requireNonNull(flops, "flops");
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(top1ErrorPct, "top1ErrorPct");
        Objects.requireNonNull(top5ErrorPct, "top5ErrorPct");
    }

    /** The rows of Table 3 in the paper's order. */
    public static List<ImageNetErrorRow> all() {
        BundledCsv csv = BundledCsv.read("table3.csv", HEADER);
        List<ImageNetErrorRow> rows = new ArrayList<>();
        for (CSVRecord r : csv.records()) {
            rows.add(new ImageNetErrorRow(csv.integer(r, "table"), r.get("dataset"), r.get("model"), csv.variant(r),
                    r.get("flops"), r.get("params"), csv.number(r, "top1_err"), csv.number(r, "top5_err"),
                    r.get("note")));
        }
        return rows;
    }
}
