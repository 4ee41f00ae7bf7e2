package org.rtrain.reports.paper;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.apache.commons.csv.CSVRecord;
import org.rtrain.reports.results.Variant;

/**
 * One row of the paper's Table 2 (NASNet-A with image size, parameters, multiply-adds and top-1/top-5
 * accuracy, %; SENet's row cited from its own paper) or Table 3 (CondenseNets and cited mobile-sized
 * networks with FLOPs, parameters and top-1/top-5 error, %). The CondenseNet G=C=4 base row of Table 3
 * prints G=C=8's FLOPs and parameters; its note says so.
 *
 * @param table        2 or 3
 * @param dataset      the dataset heading the row's block
 * @param model        the model, e.g. {@code CondenseNet (G=C=4)}
 * @param variant      the variant
 * @param imageSize    input size as printed, e.g. {@code 331x331}; empty in Table 3, which prints none
 * @param parameters   parameters as printed, e.g. {@code 88.9M}
 * @param multiplyAdds multiply-adds as printed (Table 3's FLOPs), e.g. {@code 23.8B}
 * @param top1Pct      printed top-1 accuracy (Table 2) or error (Table 3)
 * @param top5Pct      printed top-5 accuracy (Table 2) or error (Table 3)
 * @param note         provenance and slips of the row, or empty
 */
public record ImageNetRow(int table, String dataset, String model, Variant variant, String imageSize,
                          String parameters, String multiplyAdds, PaperValue top1Pct, PaperValue top5Pct, String note)
        implements PaperRow {

    public ImageNetRow {
        PaperRowIdentity.check(table, dataset, model, variant, note, "Table " + table + " row " + model + "/"
                + variant);
        ImageNetMetric.ofTable(table);
        Objects.requireNonNull(imageSize, "imageSize");
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(multiplyAdds, "multiplyAdds");
        Objects.requireNonNull(top1Pct, "top1Pct");
        Objects.requireNonNull(top5Pct, "top5Pct");
    }

    /** What the row's table measures. */
    public ImageNetMetric metric() {
        return ImageNetMetric.ofTable(table);
    }

    /** The rows of the table of {@code metric} in the paper's order. */
    public static List<ImageNetRow> all(ImageNetMetric metric) {
        BundledCsv csv = BundledCsv.read("table" + metric.table() + ".csv", metric.paperCsvHeader());
        boolean sized = metric.figures().contains(ImageNetMetric.Figure.IMAGE_SIZE);
        List<ImageNetRow> rows = new ArrayList<>();
        for (CSVRecord r : csv.records()) {
            rows.add(new ImageNetRow(csv.integer(r, "table"), r.get("dataset"), r.get("model"), csv.variant(r),
                    sized ? r.get(metric.paperCsvColumn(ImageNetMetric.Figure.IMAGE_SIZE)) : "",
                    r.get(metric.paperCsvColumn(ImageNetMetric.Figure.PARAMETERS)),
                    r.get(metric.paperCsvColumn(ImageNetMetric.Figure.MULTIPLY_ADDS)),
                    csv.number(r, metric.measure(1)), csv.number(r, metric.measure(5)), r.get("note")));
        }
        return rows;
    }
}
