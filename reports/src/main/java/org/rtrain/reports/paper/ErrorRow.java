package org.rtrain.reports.paper;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.apache.commons.csv.CSVRecord;
import org.rtrain.reports.results.Variant;

/**
 * One row of the paper's Table 4 or 5: test error (%) of a model with its depth, widening factor
 * and training set-up.
 *
 * @param table       4 or 5
 * @param dataset     the dataset heading the row's block
 * @param model       the model
 * @param variant     the variant
 * @param depth       network depth, or empty
 * @param factor      widening factor, or empty
 * @param dropout     "yes"/"no"
 * @param standardAug "yes"/"no"
 * @param randomErase "yes"/"no"
 * @param error       the printed test error
 * @param note        known slips of the paper for this row, or empty
 */
public record ErrorRow(int table, String dataset, String model, Variant variant, String depth, String factor,
                       String dropout, String standardAug, String randomErase, PaperValue error, String note)
        implements PaperRow {

    private static final List<String> HEADER = List.of("table", "dataset", "model", "variant", "depth", "factor",
            "dropout", "standard_aug", "random_erase", "error_pct", "note");

    public ErrorRow {
        PaperRowIdentity.check(table, dataset, model, variant, note, "Table " + table + " row " + model + "/"
                + variant);
        Objects.requireNonNull(depth, "depth");
        Objects.requireNonNull(factor, "factor");
        Objects.requireNonNull(error, "error");
    }

    /** The printed error in percent. */
    public double errorPct() {
        return error.value();
    }

    /** The rows of Table 4 or 5 in the paper's order. */
    public static List<ErrorRow> table(int table) {
        if (table != 4 && table != 5) {
            throw new IllegalArgumentException("Tables 4 and 5 report error rates with depth and set-up; got table "
                    + table);
        }
        BundledCsv csv = BundledCsv.read("table" + table + ".csv", HEADER);
        List<ErrorRow> rows = new ArrayList<>();
        for (CSVRecord r : csv.records()) {
            rows.add(new ErrorRow(csv.integer(r, "table"), r.get("dataset"), r.get("model"), csv.variant(r),
                    r.get("depth"), r.get("factor"), r.get("dropout"), r.get("standard_aug"), r.get("random_erase"),
                    csv.number(r, "error_pct"), r.get("note")));
        }
        return rows;
    }
}
