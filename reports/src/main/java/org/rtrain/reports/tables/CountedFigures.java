package org.rtrain.reports.tables;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.rtrain.reports.paper.PaperRow;
import org.rtrain.reports.results.PaperRowKey;

/**
 * The parameter and multiply-add counts shown beside the paper's for a row: from the figures the
 * caller counted for the paper's configuration, or, when it gave none for the row, from the
 * network the row's runs trained (which at the smoke and quick scales may be a reduced one; such
 * cells carry a dagger).
 *
 * @param figures  the counts
 * @param fromRuns true when they come from the runs rather than the figures map
 */
public record CountedFigures(ModelFigures figures, boolean fromRuns) {

    /** The note that explains the dagger. */
    static final String RUNS_NOTE = "counted on the network the runs trained at this scale, not on the paper's "
            + "configuration";

    /** The counts for {@code row}, if the figures map or its runs have them. */
    static Optional<CountedFigures> of(PaperRow row, RowRuns runs, Map<PaperRowKey, ModelFigures> figures) {
        ModelFigures counted = figures.get(row.key());
        if (counted != null) {
            return Optional.of(new CountedFigures(counted, false));
        }
        var distinct = Stream.concat(runs.completed().stream(), runs.diverged().stream())
                .filter(r -> r.parameters() > 0 && r.multiplyAdds() > 0)
                .map(r -> new ModelFigures(r.parameters(), r.multiplyAdds())).distinct().toList();
        return distinct.size() == 1 ? Optional.of(new CountedFigures(distinct.get(0), true)) : Optional.empty();
    }

    /** Layout text of the parameter count, e.g. {@code 88.9M}. */
    String parametersText() {
        return CellFormat.magnitude(figures.parameters()) + (fromRuns ? " †" : "");
    }

    /** Layout text of the multiply-add count, e.g. {@code 23.8B}. */
    String multiplyAddsText() {
        return CellFormat.magnitude(figures.multiplyAdds()) + (fromRuns ? " †" : "");
    }

    /** The CSV source column: {@code counter} or {@code runs}. */
    String source() {
        return fromRuns ? "runs" : "counter";
    }
}
