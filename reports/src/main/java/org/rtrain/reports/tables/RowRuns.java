package org.rtrain.reports.tables;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;

import org.rtrain.reports.paper.PaperRow;
import org.rtrain.reports.results.RunResult;
import org.rtrain.reports.results.RunStatus;
import org.rtrain.reports.results.Scale;
import org.rtrain.reports.stats.SeedSummary;

/**
 * The runs of one paper row at one scale: those that completed and those that diverged. Sweep
 * points ({@link RunResult#epsSweep()}) are not the row's own runs and are left out.
 *
 * @param scale     the scale
 * @param completed runs that trained and were evaluated
 * @param diverged  runs that stopped on a non-finite loss
 */
public record RowRuns(Scale scale, List<RunResult> completed, List<RunResult> diverged) {

    public RowRuns {
        Objects.requireNonNull(scale, "scale");
        completed = List.copyOf(completed);
        diverged = List.copyOf(diverged);
    }

    /**
     * The runs at {@code scale} of the network {@code row} reports on: results whose paper row names
     * the same dataset, model and variant, from whichever table (Tables 1 and 3 share CondenseNets).
     */
    public static RowRuns of(PaperRow row, Scale scale, List<RunResult> results) {
        List<RunResult> completed = new ArrayList<>();
        List<RunResult> diverged = new ArrayList<>();
        for (RunResult r : results) {
            if (r.scale() == scale && !r.epsSweep() && r.paperRow().network().equals(row.key().network())) {
                (r.status() == RunStatus.COMPLETED ? completed : diverged).add(r);
            }
        }
        return new RowRuns(scale, completed, diverged);
    }

    /** Number of completed runs. */
    public int n() {
        return completed.size();
    }

    /** Number of runs, completed or diverged. */
    public int total() {
        return completed.size() + diverged.size();
    }

    /**
     * A measurement over the completed runs; {@code measure} returns null for a run that did not
     * measure it (such runs are left out of the summary's n).
     */
    public SeedSummary summary(Function<RunResult, Double> measure) {
        List<Double> values = new ArrayList<>();
        for (RunResult r : completed) {
            Double value = measure.apply(r);
            if (value != null) {
                values.add(value);
            }
        }
        return SeedSummary.of(values);
    }

    /** The datasets the runs actually used, sorted and comma-separated. */
    public String datasetsUsed() {
        TreeSet<String> used = new TreeSet<>();
        completed.forEach(r -> used.add(Objects.toString(r.datasetUsed(), "unknown")));
        diverged.forEach(r -> used.add(Objects.toString(r.datasetUsed(), "unknown")));
        return String.join(", ", used);
    }
}
