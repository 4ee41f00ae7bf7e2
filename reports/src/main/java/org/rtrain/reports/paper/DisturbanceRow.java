package org.rtrain.reports.paper;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apache.commons.csv.CSVRecord;
import org.rtrain.reports.results.DisturbanceColumn;
import org.rtrain.reports.results.Variant;

/**
 * One row of the paper's Table 1: top-1 accuracy (%) of a CondenseNet on ImageNet-1k under each of
 * the five input disturbances, with the printed ± figures (the FGSM rows print none).
 *
 * @param table           1
 * @param dataset         the dataset heading the row's block
 * @param model           {@code CondenseNet (G=C=<groups>)}, the spelling Table 3 and results use
 * @param variant         the variant
 * @param groups          CondenseNet's group and condensation factor G = C
 * @param top1AccuracyPct the printed top-1 accuracy under each disturbance
 * @param note            the paper's slips for this row, or empty
 */
public record DisturbanceRow(int table, String dataset, String model, Variant variant, int groups,
                             Map<DisturbanceColumn, PaperValue> top1AccuracyPct, String note) implements PaperRow {

    private static final List<String> HEADER = List.of("table", "dataset", "model", "variant", "groups_condense",
            "metric", "random_crop", "random_hflip", "random_grayscale", "random_color", "random_five_crop");

    public DisturbanceRow {
        PaperRowIdentity.check(table, dataset, model, variant, note, "Table 1 row " + model + "/" + variant);
        Objects.requireNonNull(top1AccuracyPct, "top1AccuracyPct");
        if (!top1AccuracyPct.keySet().containsAll(List.of(DisturbanceColumn.values()))) {
            throw new IllegalArgumentException("Table 1 row " + model + "/" + variant
                    + ": needs a value for every disturbance, got " + top1AccuracyPct.keySet());
        }
        top1AccuracyPct = Collections.unmodifiableMap(new EnumMap<>(top1AccuracyPct));
    }

    /** The rows of Table 1 in the paper's order. */
    public static List<DisturbanceRow> all() {
        BundledCsv csv = BundledCsv.read("table1.csv", HEADER);
        List<DisturbanceRow> rows = new ArrayList<>();
        for (CSVRecord r : csv.records()) {
            if (!r.get("metric").equals("top1_acc")) {
                throw new IllegalStateException(csv.where(r) + ", column metric: expected top1_acc, got '"
                        + r.get("metric") + "'");
            }
            int groups = csv.integer(r, "groups_condense");
            Map<DisturbanceColumn, PaperValue> values = new EnumMap<>(DisturbanceColumn.class);
            for (DisturbanceColumn d : DisturbanceColumn.values()) {
                values.put(d, csv.number(r, d.key()));
            }
            rows.add(new DisturbanceRow(csv.integer(r, "table"), r.get("dataset"),
                    r.get("model") + " (G=C=" + groups + ")", csv.variant(r), groups, values, ""));
        }
        return rows;
    }
}
