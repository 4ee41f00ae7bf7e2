package org.rtrain.reports.paper;

import org.rtrain.reports.results.Variant;

/** The checks every {@link PaperRow} type's compact constructor makes on the fields they share. */
final class PaperRowIdentity {

    private PaperRowIdentity() {
    }

    /** Throws naming {@code where} unless table, dataset, model, variant and note are valid. */
    static void check(int table, String dataset, String model, Variant variant, String note, String where) {
        if (table < 1 || table > 5) {
            throw new IllegalArgumentException(where + ": table must be 1 to 5, got " + table);
        }
        if (dataset == null || dataset.isBlank() || model == null || model.isBlank()) {
            throw new IllegalArgumentException(where + ": dataset and model must not be empty, got '" + dataset
                    + "' and '" + model + "'");
        }
        if (variant == null) {
            throw new IllegalArgumentException(where + ": variant must not be null");
        }
        if (note == null) {
            throw new IllegalArgumentException(where + ": note must not be null (use an empty string)");
        }
    }
}
