package org.rtrain.reports.paper;

import java.util.ArrayList;
import java.util.List;

import org.rtrain.reports.results.PaperRowKey;
import org.rtrain.reports.results.Variant;

/**
 * One row of one of the paper's five tables, as printed (the CSVs beside the paper, bundled with
 * this module). Each table has its own row type with its own columns; all share the row's
 * identity: table, dataset, model and variant.
 *
 * <p>Results name the row they reproduce by {@link #key()}. A row is matched with the results of the
 * same trained network, {@link PaperRowKey#network()}, so Table 1 (CondenseNet under disturbances) and
 * Table 3 (the same CondenseNets on clean data) read the same runs.
 */
public sealed interface PaperRow permits DisturbanceRow, ImageNetRow, ErrorRow {

    /** The paper's table number, 1 to 5. */
    int table();

    /** The dataset heading the row's block. */
    String dataset();

    /** The model as results spell it, e.g. {@code LeNet} or {@code CondenseNet (G=C=8)}. */
    String model();

    /** The variant. */
    Variant variant();

    /** The paper's slips and the row's provenance (e.g. "cited only"), or empty. */
    String note();

    /**
     * The key results use to name this row (see {@link org.rtrain.reports.results.RunResult#paperRow()}), e.g.
     * {@code 4/MNIST/LeNet/r}.
     */
    default PaperRowKey key() {
        return new PaperRowKey(table(), dataset(), model(), variant());
    }

    /** The block of rows that compare variants of one model on one dataset: {@code <dataset>/<model>}. */
    default String blockKey() {
        return dataset() + "/" + model();
    }

    /** The model's name as the paper prints it: {@code X}, {@code FGSM-X} or {@code R-X}. */
    default String displayName() {
        return switch (variant()) {
            case FGSM -> "FGSM-" + model();
            case R -> "R-" + model();
            case BASE -> model();
        };
    }

    /** True for a row the paper cites from another paper rather than trains: nothing to reproduce. */
    default boolean cited() {
        return note().startsWith("cited");
    }

    /** The rows of {@code table} (1 to 5) in the paper's order. */
    static List<? extends PaperRow> table(int table) {
        return switch (table) {
            case 1 -> DisturbanceRow.all();
            case 2 -> ImageNetRow.all(ImageNetMetric.ACCURACY);
            case 3 -> ImageNetRow.all(ImageNetMetric.ERROR);
            case 4, 5 -> ErrorRow.table(table);
            default -> throw new IllegalArgumentException("The paper has Tables 1 to 5; got table " + table);
        };
    }

    /** Every row of Tables 1 to 5, in the paper's order. */
    static List<PaperRow> all() {
        List<PaperRow> rows = new ArrayList<>();
        for (int table = 1; table <= 5; table++) {
            rows.addAll(table(table));
        }
        return rows;
    }
}
