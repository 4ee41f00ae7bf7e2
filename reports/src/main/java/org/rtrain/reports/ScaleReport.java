package org.rtrain.reports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.rtrain.reports.claims.ClaimsReport;
import org.rtrain.reports.claims.EpsSweepReport;
import org.rtrain.reports.paper.PaperRow;
import org.rtrain.reports.results.EpochRecord;
import org.rtrain.reports.results.PaperRowKey;
import org.rtrain.reports.results.RunResult;
import org.rtrain.reports.results.Scale;
import org.rtrain.reports.results.Variant;
import org.rtrain.reports.tables.ModelFigures;
import org.rtrain.reports.tables.RowRuns;
import org.rtrain.reports.tables.TableReport;

/**
 * Everything reported for one scale: Tables 1 to 5, the claims, and the plots of the HTML page
 * (robust accuracy against the attack radius, clean error against the perturbation's epsilon,
 * training curves), block by block.
 */
public final class ScaleReport {

    private final Scale scale;
    private final int runs;
    private final List<TableReport> tables;
    private final ClaimsReport claims;
    private final EpsSweepReport sweep;
    private final List<Plot> plots;

    private ScaleReport(Scale scale, int runs, List<TableReport> tables, ClaimsReport claims, EpsSweepReport sweep,
                        List<Plot> plots) {
        this.scale = scale;
        this.runs = runs;
        this.tables = List.copyOf(tables);
        this.claims = claims;
        this.sweep = sweep;
        this.plots = List.copyOf(plots);
    }

    /**
     * The report of {@code scale}.
     *
     * @param results every result (other scales are ignored)
     * @param figures parameter and multiply-add counts by paper row key, for Tables 2 and 3
     */
    public static ScaleReport of(Scale scale, List<RunResult> results, Map<PaperRowKey, ModelFigures> figures) {
        Objects.requireNonNull(scale, "scale");
        int runs = (int) results.stream().filter(r -> r.scale() == scale).count();
        return new ScaleReport(scale, runs, TableReport.all(scale, results, figures), ClaimsReport.of(scale, results),
                EpsSweepReport.of(scale, results), plots(scale, results));
    }

    /** The scale. */
    public Scale scale() {
        return scale;
    }

    /** Number of results at this scale, sweep points included. */
    public int runs() {
        return runs;
    }

    /** Tables 1 to 5. */
    public List<TableReport> tables() {
        return tables;
    }

    /** The paper's claims tested on this scale's seeds. */
    public ClaimsReport claims() {
        return claims;
    }

    /** The R- eps sweeps at this scale. */
    public EpsSweepReport sweep() {
        return sweep;
    }

    /** The plots, block by block in the paper's order. */
    List<Plot> plots() {
        return plots;
    }

    private static List<Plot> plots(Scale scale, List<RunResult> results) {
        Map<String, Map<Variant, PaperRow>> blocks = new LinkedHashMap<>();
        for (PaperRow row : PaperRow.all()) {
            blocks.computeIfAbsent(row.blockKey(), k -> new LinkedHashMap<>()).putIfAbsent(row.variant(), row);
        }
        List<Plot> plots = new ArrayList<>();
        for (Map<Variant, PaperRow> variants : blocks.values()) {
            Map<PaperRow, RowRuns> rows = new LinkedHashMap<>();
            for (Variant variant : Variant.values()) {
                PaperRow row = variants.get(variant);
                if (row != null) {
                    rows.put(row, RowRuns.of(row, scale, results));
                }
            }
            PaperRow any = variants.values().iterator().next();
            String block = any.dataset() + " / " + any.model();
            PaperRow r = variants.get(Variant.R);
            List<RunResult> sweep = results.stream().filter(x -> x.scale() == scale && x.epsSweep()
                    && r != null && x.paperRow().network().equals(r.key().network())).toList();
            if (rows.values().stream().allMatch(x -> x.total() == 0) && sweep.isEmpty()) {
                continue;
            }
            Plot.robustAccuracy(block, rows).ifPresent(plots::add);
            PaperRow base = variants.get(Variant.BASE);
            if (base != null && r != null) {
                Plot.cleanErrorVersusEpsilon(block, base, rows.get(base), r, rows.get(r), sweep).ifPresent(plots::add);
            }
            Plot.training(block + ": training loss", "mean training loss", rows, EpochRecord::trainLoss)
                    .ifPresent(plots::add);
            Plot.training(block + ": test error by epoch", "clean top-1 error (%)", rows, EpochRecord::testErrorPct)
                    .ifPresent(plots::add);
        }
        return plots;
    }

    /** A short description of what a scale is, for headings. */
    static String describe(Scale scale) {
        return switch (scale) {
            case SMOKE -> "synthetic data in the real file formats, tiny networks, a few steps: it proves the "
                    + "machinery, not the accuracy";
            case QUICK -> "real data available on this machine, reduced epochs, on a CPU";
            case PAPER -> "the original hyperparameters of each model's own paper";
        };
    }
}
