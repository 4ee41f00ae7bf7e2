package org.rtrain.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.apache.commons.csv.CSVRecord;

/**
 * One row of the paper's Table 2: NASNet-A on ImageNet-1k with image size, parameters,
 * multiply-adds and top-1/top-5 accuracy (%). SENet's row is cited from its own paper.
 *
 * @param table           2
 * @param dataset         the dataset heading the row's block
 * @param model           the model
 * @param variant         the variant
 * @param imageSize       input size as printed, e.g. {@code 331x331}
 * @param parameters      parameters as printed, e.g. {@code 88.9M}
 * @param multiplyAdds    multiply-adds as printed, e.g. {@code 23.8B}
 * @param top1AccuracyPct printed top-1 accuracy
 * @param top5AccuracyPct printed top-5 accuracy
 * @param note            provenance and slips of the row, or empty
 */
public record ImageNetAccuracyRow(int table, String dataset, String model, Variant variant, String imageSize,
                                  String parameters, String multiplyAdds, PaperValue top1AccuracyPct,
                                  PaperValue top5AccuracyPct, String note) implements PaperRow {

    private static final List<String> HEADER = List.of("table", "dataset", "model", "variant", "image_size", "params",
            "mult_adds", "top1_acc", "top5_acc", "note");

    public ImageNetAccuracyRow {
        PaperRowIdentity.check(table, dataset, model, variant, note, "Table 2 row " + model + "/" + variant);
        Objects.requireNonNull(imageSize, "imageSize");
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(multiplyAdds, "multiplyAdds");
        Objects.requireNonNull(top1AccuracyPct, "top1AccuracyPct");
        Objects.requireNonNull(top5AccuracyPct, "top5AccuracyPct");
    }

    /** The rows of Table 2 in the paper's order. */
    public static List<ImageNetAccuracyRow> all() {
        BundledCsv csv = BundledCsv.read("table2.csv", HEADER);
        List<ImageNetAccuracyRow> rows = new ArrayList<>();
        for (CSVRecord r : csv.records()) {
            rows.add(new ImageNetAccuracyRow(csv.integer(r, "table"), r.get("dataset"), r.get("model"),
                    csv.variant(r), r.get("image_size"), r.get("params"), r.get("mult_adds"),
                    csv.number(r, "top1_acc"), csv.number(r, "top5_acc"), r.get("note")));
        }
        return rows;
    }
}
