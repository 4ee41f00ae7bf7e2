package org.rtrain.reports.claims;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

import org.rtrain.perturb.io.AtomicFile;
import org.rtrain.reports.paper.PaperRow;
import org.rtrain.reports.render.CsvTable;
import org.rtrain.reports.render.HtmlTable;
import org.rtrain.reports.render.TableLayout;
import org.rtrain.reports.results.RunResult;
import org.rtrain.reports.results.RunStatus;
import org.rtrain.reports.results.Scale;
import org.rtrain.reports.results.Variant;
import org.rtrain.reports.stats.DifferenceTest;
import org.rtrain.reports.stats.SeedStatistics;
import org.rtrain.reports.stats.SeedSummary;
import org.rtrain.reports.tables.CellFormat;
import org.rtrain.reports.tables.RowRuns;

/**
 * The R- eps sweep of each block at one scale: clean top-1 error at each epsilon of the sign perturbation
 * (0 is the base model; the R- row's own runs and the sweep points at theirs), each with the 95% confidence
 * interval of its mean and its difference from base, paired on shared seeds as the claims are. The paper
 * never states its epsilon; the sweep shows whether the answer hinges on the choice. The sweep's points are
 * not claims of the paper and are not corrected for multiple tests.
 *
 * @param scale  the scale whose results make the sweeps
 * @param blocks the blocks with a sweep
 */
public record EpsSweepReport(Scale scale, List<Block> blocks) {

    /**
     * One epsilon of one block.
     *
     * @param epsilon    the perturbation's epsilon (0: the base model)
     * @param errorPct   clean top-1 error (%) over the completed seeds
     * @param ciHalf     half the 95% confidence interval of the mean error (NaN with one seed)
     * @param versusBase the error's difference from base (this minus base, negative: fewer errors), or null at
     *                   epsilon 0 and where no test can run
     */
    public record Point(double epsilon, SeedSummary errorPct, double ciHalf, DifferenceTest versusBase) {
    }

    /**
     * The sweep of one block.
     *
     * @param block        e.g. {@code MNIST / LeNet}
     * @param datasetsUsed the datasets its runs used
     * @param points       by increasing epsilon
     */
    public record Block(String block, String datasetsUsed, List<Point> points) {
    }

    public EpsSweepReport {
        Objects.requireNonNull(scale, "scale");
        blocks = List.copyOf(blocks);
    }

    /** The sweeps at {@code scale}: every block with base runs and at least one sweep point. */
    public static EpsSweepReport of(Scale scale, List<RunResult> results) {
        Objects.requireNonNull(scale, "scale");
        Map<String, Map<Variant, PaperRow>> byBlock = new LinkedHashMap<>();
        for (PaperRow row : PaperRow.all()) {
            byBlock.computeIfAbsent(row.blockKey(), k -> new LinkedHashMap<>()).putIfAbsent(row.variant(), row);
        }
        List<Block> blocks = new ArrayList<>();
        for (Map<Variant, PaperRow> variants : byBlock.values()) {
            PaperRow base = variants.get(Variant.BASE);
            PaperRow r = variants.get(Variant.R);
            if (base == null || r == null) {
                continue;
            }
            List<RunResult> sweep = results.stream().filter(x -> x.scale() == scale && x.epsSweep()
                    && x.status() == RunStatus.COMPLETED && x.paperRow().network().equals(r.key().network())).toList();
            RowRuns baseRuns = RowRuns.of(base, scale, results);
            if (sweep.isEmpty() || baseRuns.n() == 0) {
                continue;
            }
            TreeMap<Double, List<RunResult>> byEpsilon = new TreeMap<>();
            byEpsilon.put(0.0, baseRuns.completed());
            List<RunResult> perturbed = new ArrayList<>(RowRuns.of(r, scale, results).completed());
            perturbed.addAll(sweep);
            perturbed.forEach(run -> byEpsilon.computeIfAbsent(run.perturbationEpsilon() == null ? 0.0
                    : run.perturbationEpsilon(), k -> new ArrayList<>()).add(run));
            List<Point> points = new ArrayList<>();
            Map<Integer, ClaimsReport.SeededValue> baseErrors = errors(baseRuns.completed());
            TreeSet<String> used = new TreeSet<>();
            byEpsilon.forEach((epsilon, runs) -> {
                runs.forEach(run -> used.add(run.datasetUsed()));
                SeedSummary error = SeedSummary.of(runs.stream().map(RunResult::testErrorPct).toList());
                DifferenceTest test = epsilon == 0 ? null
                        : ClaimsReport.judge(errors(runs), baseErrors, -1).test();
                points.add(new Point(epsilon, error, SeedStatistics.meanHalfWidth(error), test));
            });
            blocks.add(new Block(base.dataset() + " / " + base.model(), String.join(", ", used), points));
        }
        return new EpsSweepReport(scale, blocks);
    }

    private static Map<Integer, ClaimsReport.SeededValue> errors(List<RunResult> runs) {
        Map<Integer, ClaimsReport.SeededValue> errors = new TreeMap<>();
        runs.forEach(run -> errors.put(run.seedIndex(), new ClaimsReport.SeededValue(run.seed(), run.testErrorPct())));
        return errors;
    }

    /** The sweeps as CSV, one record per block and epsilon. */
    public String csv() {
        CsvTable csv = new CsvTable("scale", "block", "epsilon", "n", "error_mean", "error_std", "error_ci_low",
                "error_ci_high", "test", "n_test", "difference", "ci_low", "ci_high", "p_value", "dataset_used");
        for (Block block : blocks) {
            for (Point p : block.points()) {
                DifferenceTest t = p.versusBase();
                csv.add(scale.code(), block.block(), ClaimsReport.epsilon(p.epsilon()), p.errorPct().n(),
                        number(p.errorPct().mean()), number(p.errorPct().std()),
                        number(p.errorPct().mean() - p.ciHalf()), number(p.errorPct().mean() + p.ciHalf()),
                        t == null ? "" : t.method().label(), t == null ? "" : t.n(),
                        t == null ? "" : number(t.difference()), t == null ? "" : number(t.ciLow()),
                        t == null ? "" : number(t.ciHigh()),
                        t == null ? "" : String.format(Locale.ROOT, "%.6g", t.pValue()), block.datasetsUsed());
            }
        }
        return csv.text();
    }

    /** The sweeps as fixed-width plain text. */
    public String text() {
        StringBuilder out = new StringBuilder("R- eps sweep at the " + scale.code() + " scale: clean top-1 error (%), "
                + "mean [95% CI] over seeds; Δ: error minus base's (negative: fewer errors), paired on shared seeds\n");
        String format = "  %-8s %-4s %-22s %-9s %-26s %9s%n";
        for (Block block : blocks) {
            out.append('\n').append(block.block()).append(" (runs on ").append(block.datasetsUsed()).append(")\n");
            out.append(String.format(Locale.ROOT, format, "ε", "n", "error [95% CI]", "test", "Δ error [95% CI]", "p"));
            for (Point p : block.points()) {
                out.append(String.format(Locale.ROOT, format, epsilonCell(p), p.errorPct().n(), error(p), test(p),
                        difference(p), pValue(p)));
            }
        }
        if (blocks.isEmpty()) {
            out.append("\nNo sweep point at this scale.\n");
        }
        return out.toString();
    }

    /** The sweeps as an HTML table. */
    public String html() {
        return HtmlTable.render(layout());
    }

    /** The sweep of {@code block} as a Markdown table, or empty text when it has none. */
    public String markdown(String block) {
        StringBuilder out = new StringBuilder();
        for (Block b : blocks) {
            if (b.block().equals(block)) {
                out.append("| ε | seeds | clean error % [95% CI] | Δ error vs base [95% CI] | p |\n");
                out.append("|---|---|---|---|---|\n");
                for (Point p : b.points()) {
                    out.append("| ").append(epsilonCell(p)).append(" | ").append(p.errorPct().n()).append(" | ")
                            .append(error(p)).append(" | ").append(difference(p)).append(" | ").append(pValue(p))
                            .append(" |\n");
                }
            }
        }
        return out.toString();
    }

    /** Writes {@code sweep.csv} and {@code sweep.txt} into {@code directory}; returns them. */
    public List<Path> writeTo(Path directory) {
        try {
            return List.of(AtomicFile.write(directory.resolve("sweep.csv"), csv()),
                    AtomicFile.write(directory.resolve("sweep.txt"), text()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the eps sweep to " + directory + ": " + e.getMessage(), e);
        }
    }

    private TableLayout layout() {
        List<TableLayout.Line> lines = new ArrayList<>();
        for (Block block : blocks) {
            lines.add(new TableLayout.Heading(block.block() + " (runs on " + block.datasetsUsed() + ")"));
            for (Point p : block.points()) {
                lines.add(new TableLayout.Cells(List.of(epsilonCell(p), Integer.toString(p.errorPct().n()), error(p),
                        test(p), difference(p), pValue(p)), "", false));
            }
        }
        if (lines.isEmpty()) {
            lines.add(new TableLayout.Cells(List.of("no sweep point at this scale", "", "", "", "", ""), "", false));
        }
        return new TableLayout("R- eps sweep at the " + scale.code() + " scale",
                List.of(TableLayout.Span.text("Clean top-1 error (%) of R- at each perturbation ε (0: the base "
                        + "model), mean with the 95% confidence interval over seeds; Δ: error minus the base model's, "
                        + "paired on shared seeds (negative: fewer errors), not corrected for multiple tests.")),
                "sweep-" + scale.code(),
                List.of(TableLayout.Column.left("ε"), TableLayout.Column.right("n"),
                        TableLayout.Column.right("Error [95% CI]"), TableLayout.Column.left("Test"),
                        TableLayout.Column.right("Δ error [95% CI]"), TableLayout.Column.right("p")),
                lines, List.of());
    }

    private static String epsilonCell(Point p) {
        return p.epsilon() == 0 ? "0 (base)" : ClaimsReport.epsilon(p.epsilon());
    }

    private static String error(Point p) {
        String mean = String.format(Locale.ROOT, "%.2f", p.errorPct().mean());
        return Double.isNaN(p.ciHalf()) ? mean : String.format(Locale.ROOT, "%s [%.2f, %.2f]", mean,
                p.errorPct().mean() - p.ciHalf(), p.errorPct().mean() + p.ciHalf());
    }

    private static String test(Point p) {
        DifferenceTest t = p.versusBase();
        return t == null ? CellFormat.NOT_APPLICABLE : t.method() == DifferenceTest.Method.PAIRED
                ? "paired " + t.n() : "Welch";
    }

    private static String difference(Point p) {
        DifferenceTest t = p.versusBase();
        return t == null ? CellFormat.NOT_APPLICABLE : CellFormat.signed(t.difference()) + " ["
                + CellFormat.signed(t.ciLow()) + ", " + CellFormat.signed(t.ciHigh()) + "]";
    }

    private static String pValue(Point p) {
        DifferenceTest t = p.versusBase();
        return t == null ? CellFormat.NOT_APPLICABLE : String.format(Locale.ROOT, "%.3g", t.pValue());
    }

    private static String number(double value) {
        return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.4f", value);
    }
}
