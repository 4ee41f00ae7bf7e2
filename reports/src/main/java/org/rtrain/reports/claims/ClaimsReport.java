package org.rtrain.reports.claims;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

import org.rtrain.perturb.io.AtomicFile;
import org.rtrain.reports.paper.DisturbanceRow;
import org.rtrain.reports.paper.ErrorRow;
import org.rtrain.reports.paper.ImageNetRow;
import org.rtrain.reports.paper.PaperRow;
import org.rtrain.reports.paper.PaperValue;
import org.rtrain.reports.render.CsvTable;
import org.rtrain.reports.render.HtmlTable;
import org.rtrain.reports.render.LatexTable;
import org.rtrain.reports.render.TableLayout;
import org.rtrain.reports.results.Accuracy;
import org.rtrain.reports.results.DisturbanceColumn;
import org.rtrain.reports.results.RunResult;
import org.rtrain.reports.results.Scale;
import org.rtrain.reports.results.Variant;
import org.rtrain.reports.stats.DifferenceTest;
import org.rtrain.reports.stats.MultipleTesting;
import org.rtrain.reports.stats.SeedSummary;
import org.rtrain.reports.tables.CellFormat;
import org.rtrain.reports.tables.RowRuns;

/**
 * The paper's claims tested on the results of one scale, block by block (a model on a dataset):
 * R- beats base on clean data; FGSM- loses to base on clean data; R- beats base under each
 * disturbance of Table 1 (and any other the runs measured) and under FGSM and PGD at each radius the
 * runs measured. Beside them, in a family of their own, the FGSM- baseline against base under the same
 * disturbances and attacks (comparisons the paper does not state). Every verdict is computed from the
 * seeds by {@link #RULE}; none is written by hand. Measures that repeat clean accuracy are not claims: a
 * grayscale disturbance of single-channel images, and attacks at radius 0 (they stay in the tables).
 * Blocks without any run at the scale are listed, not tested; cited rows make no claim.
 */
public final class ClaimsReport {

    /** Significance level of the verdicts (the confidence intervals are at 1 - ALPHA). */
    public static final double ALPHA = 0.05;

    /** How verdicts are reached, in words (printed with every claims table). */
    public static final String RULE = "Δ is challenger − base in top-1 accuracy points, with its 95% confidence "
            + "interval: from seed-matched differences (paired t-test) when both variants ran the same seed indices, "
            + "which share initial weights and data order; else Welch's test. Supported: the interval lies entirely "
            + "on the claimed side of 0; contradicted: entirely on the other side; no effect detected: it contains "
            + "0. Not tested: fewer than 2 seeds on a side or no variance. Paper Δ excluded: whether the paper's own "
            + "difference lies outside our interval. MDD: the smallest |Δ| the test detects with 80% power at the 5% "
            + "level. Holm p: the p-value after Holm's correction over the block's claims of the paper (the "
            + "FGSM- comparisons form a family of their own).";

    /** Datasets of one channel, on which a grayscale disturbance is the identity. */
    private static final Set<String> SINGLE_CHANNEL_DATASETS = Set.of("MNIST", "Fashion-MNIST");

    /**
     * A verdict with its test and reason.
     *
     * @param test    the difference's test, or null when it could not be run
     * @param verdict the verdict
     * @param reason  why, in words
     */
    record Judgement(DifferenceTest test, ClaimVerdict verdict, String reason) {
    }

    private final Scale scale;
    private final List<Claim> claims;
    private final List<String> blocksWithoutRuns;

    private ClaimsReport(Scale scale, List<Claim> claims, List<String> blocksWithoutRuns) {
        this.scale = scale;
        this.claims = List.copyOf(claims);
        this.blocksWithoutRuns = List.copyOf(blocksWithoutRuns);
    }

    /** Tests the paper's claims on the results of {@code scale} (other scales are ignored). */
    public static ClaimsReport of(Scale scale, List<RunResult> results) {
        Objects.requireNonNull(scale, "scale");
        Map<String, List<PaperRow>> blocks = new LinkedHashMap<>();
        PaperRow.all().forEach(row -> blocks.computeIfAbsent(row.blockKey(), k -> new ArrayList<>()).add(row));
        List<Claim> claims = new ArrayList<>();
        List<String> withoutRuns = new ArrayList<>();
        for (List<PaperRow> rows : blocks.values()) {
            Map<Variant, RowRuns> runs = new LinkedHashMap<>();
            for (PaperRow row : rows) {
                runs.putIfAbsent(row.variant(), RowRuns.of(row, scale, results));
            }
            PaperRow first = rows.get(0);
            if (!runs.containsKey(Variant.R) && !runs.containsKey(Variant.FGSM)) {
                // A row the paper cites from elsewhere: it makes no claim about it.
                continue;
            }
            if (runs.values().stream().allMatch(r -> r.total() == 0)) {
                withoutRuns.add(first.dataset() + " / " + first.model());
                continue;
            }
            claims.addAll(withHolm(new BlockClaims(scale, rows, runs).claims()));
        }
        return new ClaimsReport(scale, claims, withoutRuns);
    }

    /** The claims with Holm-adjusted p-values, over the tested claims of each family (paper's or not). */
    private static List<Claim> withHolm(List<Claim> block) {
        List<Claim> adjusted = new ArrayList<>(block);
        for (boolean paperFamily : new boolean[] {true, false}) {
            List<Integer> tested = new ArrayList<>();
            for (int i = 0; i < block.size(); i++) {
                if (block.get(i).paperClaim() == paperFamily && block.get(i).test() != null) {
                    tested.add(i);
                }
            }
            double[] holm = MultipleTesting.holm(tested.stream().mapToDouble(i -> block.get(i).test().pValue())
                    .toArray());
            for (int k = 0; k < tested.size(); k++) {
                adjusted.set(tested.get(k), block.get(tested.get(k)).withHolm(holm[k]));
            }
        }
        return adjusted;
    }

    /**
     * The verdict on a claim that the challenger's values are higher ({@code claimedSign} +1) or lower (-1)
     * than the base's, under {@link #RULE}; values by seed index, paired on the seeds both sides ran (with the
     * same seed) when there are at least two.
     */
    static Judgement judge(Map<Integer, SeededValue> challenger, Map<Integer, SeededValue> base, int claimedSign) {
        List<Integer> shared = challenger.keySet().stream().filter(k -> base.containsKey(k)
                && base.get(k).seed() == challenger.get(k).seed()).sorted().toList();
        DifferenceTest test;
        try {
            if (shared.size() >= 2) {
                test = DifferenceTest.paired(shared.stream().mapToDouble(k -> challenger.get(k).value()).toArray(),
                        shared.stream().mapToDouble(k -> base.get(k).value()).toArray());
            } else if (challenger.size() < 2 || base.size() < 2) {
                return new Judgement(null, ClaimVerdict.NOT_TESTED, "fewer than 2 seeds on a side");
            } else {
                test = DifferenceTest.welch(valuesOf(challenger), valuesOf(base));
            }
        } catch (IllegalArgumentException e) {
            return new Judgement(null, ClaimVerdict.NOT_TESTED, "no variance across seeds");
        }
        int side = test.side();
        if (side == 0) {
            return new Judgement(test, ClaimVerdict.NO_EFFECT_DETECTED, "CI contains 0");
        }
        return side == claimedSign
                ? new Judgement(test, ClaimVerdict.SUPPORTED, "CI on the claimed side")
                : new Judgement(test, ClaimVerdict.CONTRADICTED, "CI on the opposite side");
    }

    /** The same judgement of two independent samples (seed indices not shared: Welch's test). */
    static Judgement judge(double[] challenger, double[] base, int claimedSign) {
        Map<Integer, SeededValue> c = new TreeMap<>();
        Map<Integer, SeededValue> b = new TreeMap<>();
        for (int i = 0; i < challenger.length; i++) {
            c.put(i, new SeededValue(i, challenger[i]));
        }
        for (int i = 0; i < base.length; i++) {
            b.put(i, new SeededValue(-1 - i, base[i]));
        }
        return judge(c, b, claimedSign);
    }

    private static double[] valuesOf(Map<Integer, SeededValue> values) {
        return values.values().stream().mapToDouble(SeededValue::value).toArray();
    }

    /**
     * One run's value of a measure with the seed it ran with.
     *
     * @param seed  the run's seed (pairs must share it)
     * @param value the measure
     */
    record SeededValue(long seed, double value) {
    }

    /** The scale whose results were tested. */
    public Scale scale() {
        return scale;
    }

    /** The claims, block by block in the paper's order. */
    public List<Claim> claims() {
        return claims;
    }

    /** The blocks with runs at this scale (and so with claims, tested or not), in the paper's order. */
    public List<String> blocks() {
        return claims.stream().map(Claim::block).distinct().toList();
    }

    /** The blocks (e.g. {@code SVHN / Wide ResNet}) with no run at this scale. */
    public List<String> blocksWithoutRuns() {
        return blocksWithoutRuns;
    }

    /** The claims as CSV, one record per claim. */
    public String csv() {
        CsvTable csv = new CsvTable("scale", "dataset", "model", "claim", "measure", "challenger", "reference",
                "claimed", "paper_claim", "n_challenger", "n_base", "mean_challenger", "mean_base", "test", "n_test",
                "difference", "ci_low", "ci_high", "paper_difference", "paper_difference_excluded", "min_detectable",
                "t", "df", "p_value", "p_holm", "verdict", "reason", "dataset_used");
        for (Claim c : claims) {
            DifferenceTest t = c.test();
            csv.add(scale.code(), c.dataset(), c.model(), c.statement(), c.measure(), c.challenger().code(), "base",
                    c.claimedSign() > 0 ? "higher" : "lower", c.paperClaim(),
                    c.challengerSeeds().n(), c.baseSeeds().n(), csvNumber(c.challengerSeeds().mean()),
                    csvNumber(c.baseSeeds().mean()),
                    t == null ? "" : t.method().label(), t == null ? "" : t.n(),
                    Double.isNaN(c.difference()) ? "" : CellFormat.csvSigned(c.difference()),
                    t == null ? "" : csvNumber(t.ciLow()), t == null ? "" : csvNumber(t.ciHigh()),
                    c.paperDifference() == null ? "" : CellFormat.csvSigned(c.paperDifference()),
                    c.paperDifferenceExcluded() == null ? "" : c.paperDifferenceExcluded(),
                    t == null ? "" : csvNumber(t.minimumDetectable()),
                    t == null ? "" : String.format(Locale.ROOT, "%.4f", t.t()),
                    t == null ? "" : String.format(Locale.ROOT, "%.3f", t.degreesOfFreedom()),
                    t == null ? "" : String.format(Locale.ROOT, "%.6g", t.pValue()),
                    c.holmPValue() == null ? "" : String.format(Locale.ROOT, "%.6g", c.holmPValue()),
                    c.verdict().label(), c.reason(), c.datasetsUsed());
        }
        return csv.text();
    }

    /** The claims as a LaTeX {@code longtable} using booktabs. */
    public String latex() {
        return LatexTable.longTable(layout());
    }

    /** The claims as an HTML table. */
    public String html() {
        return HtmlTable.render(layout());
    }

    /** The claims as fixed-width plain text, for a terminal. */
    public String text() {
        StringBuilder out = new StringBuilder();
        out.append("Claims of the paper at the ").append(scale.code()).append(" scale\n");
        out.append("n: seeds of the challenger/base (test: paired on n seeds, or Welch); paper Δ: the paper's "
                + "table's difference.\n");
        out.append(wrap(RULE, 100)).append('\n');
        String block = null;
        String format = "  %-50s %-7s %-9s %-24s %8s %-8s %6s %9s %9s  %s%n";
        for (Claim c : claims) {
            if (!c.block().equals(block)) {
                block = c.block();
                out.append('\n').append(block).append(" (runs on ").append(c.datasetsUsed()).append(")\n");
                out.append(String.format(Locale.ROOT, format, "claim", "n", "test", "Δ [95% CI]", "paper Δ",
                        "excluded", "MDD", "p", "Holm p", "verdict"));
            }
            out.append(String.format(Locale.ROOT, format, c.statement(), counts(c), testName(c), interval(c),
                    c.paperDifference() == null ? "–" : CellFormat.signed(c.paperDifference()), excluded(c),
                    detectable(c), pValue(c), holm(c), c.verdict().label() + " (" + c.reason() + ")"));
        }
        if (claims.isEmpty()) {
            out.append("\nNo runs at this scale: no claim tested.\n");
        }
        if (!blocksWithoutRuns.isEmpty()) {
            out.append("\nNot tested (no runs at this scale): ").append(String.join("; ", blocksWithoutRuns))
                    .append('\n');
        }
        return out.toString();
    }

    /** Writes {@code claims.csv}, {@code claims.tex} and {@code claims.txt} into {@code directory}; returns them. */
    public List<Path> writeTo(Path directory) {
        try {
            return List.of(AtomicFile.write(directory.resolve("claims.csv"), csv()),
                    AtomicFile.write(directory.resolve("claims.tex"), latex()),
                    AtomicFile.write(directory.resolve("claims.txt"), text()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the claims to " + directory + ": " + e.getMessage(), e);
        }
    }

    private TableLayout layout() {
        List<TableLayout.Line> lines = new ArrayList<>();
        String block = null;
        for (Claim c : claims) {
            if (!c.block().equals(block)) {
                block = c.block();
                lines.add(new TableLayout.Heading(block + " (runs on " + c.datasetsUsed() + ")"));
            }
            lines.add(new TableLayout.Cells(List.of(c.statement(), counts(c), testName(c), interval(c),
                    c.paperDifference() == null ? CellFormat.NOT_APPLICABLE : CellFormat.signed(c.paperDifference()),
                    excluded(c), detectable(c), pValue(c), holm(c), c.verdict().label()), "", false));
        }
        if (lines.isEmpty()) {
            lines.add(new TableLayout.Cells(List.of("no runs at this scale", "", "", "", "", "", "", "", "", ""), "",
                    false));
        }
        List<TableLayout.Note> notes = blocksWithoutRuns.isEmpty() ? List.of()
                : List.of(new TableLayout.Note("*", "Not tested (no runs at this scale): "
                        + String.join("; ", blocksWithoutRuns) + "."));
        return new TableLayout("Claims of the paper at the " + scale.code() + " scale",
                List.of(TableLayout.Span.text("The paper's claims tested at the "), TableLayout.Span.code(scale.code()),
                        TableLayout.Span.text(" scale. n: seeds of the challenger/base; test: paired on n seeds, or "
                                + "Welch; paper Δ: the paper's table's difference. " + RULE)),
                "claims-" + scale.code(),
                List.of(TableLayout.Column.left("Claim"), TableLayout.Column.right("n"), TableLayout.Column.left("Test"),
                        TableLayout.Column.right("Δ [95% CI]"), TableLayout.Column.right("Paper Δ"),
                        TableLayout.Column.left("Excluded"), TableLayout.Column.right("MDD"),
                        TableLayout.Column.right("p"), TableLayout.Column.right("Holm p"),
                        TableLayout.Column.left("Verdict")),
                lines, notes);
    }

    private static String counts(Claim c) {
        return c.challengerSeeds().n() + "/" + c.baseSeeds().n();
    }

    private static String testName(Claim c) {
        return c.test() == null ? CellFormat.NOT_APPLICABLE : c.test().method() == DifferenceTest.Method.PAIRED
                ? "paired " + c.test().n() : "Welch";
    }

    /** Δ with its 95% confidence interval, e.g. {@code +0.12 [−0.05, +0.29]}. */
    static String interval(Claim c) {
        if (c.test() == null) {
            return Double.isNaN(c.difference()) ? CellFormat.NOT_RUN : CellFormat.signed(c.difference());
        }
        return CellFormat.signed(c.difference()) + " [" + CellFormat.signed(c.test().ciLow()) + ", "
                + CellFormat.signed(c.test().ciHigh()) + "]";
    }

    static String excluded(Claim c) {
        Boolean excluded = c.paperDifferenceExcluded();
        return excluded == null ? CellFormat.NOT_APPLICABLE : excluded ? "yes" : "no";
    }

    static String detectable(Claim c) {
        return c.test() == null ? CellFormat.NOT_APPLICABLE
                : String.format(Locale.ROOT, "%.2f", c.test().minimumDetectable());
    }

    static String pValue(Claim c) {
        return c.test() == null ? CellFormat.NOT_APPLICABLE : String.format(Locale.ROOT, "%.3g", c.test().pValue());
    }

    static String holm(Claim c) {
        return c.holmPValue() == null ? CellFormat.NOT_APPLICABLE
                : String.format(Locale.ROOT, "%.3g", c.holmPValue());
    }

    private static String csvNumber(double value) {
        return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.4f", value);
    }

    private static String wrap(String text, int width) {
        StringBuilder out = new StringBuilder();
        int line = 0;
        for (String word : text.split(" ")) {
            if (line > 0 && line + 1 + word.length() > width) {
                out.append('\n');
                line = 0;
            } else if (line > 0) {
                out.append(' ');
                line++;
            }
            out.append(word);
            line += word.length();
        }
        return out.toString();
    }

    /** An attack radius without trailing zeros: {@code 0.1}, {@code 0.03}. */
    static String epsilon(double epsilon) {
        return new BigDecimal(Double.toString(epsilon)).stripTrailingZeros().toPlainString();
    }

    /** The claims of one block. */
    private record BlockClaims(Scale scale, List<PaperRow> rows, Map<Variant, RowRuns> runs) {

        List<Claim> claims() {
            List<Claim> claims = new ArrayList<>();
            Function<RunResult, Double> clean = r -> 100.0 * r.clean().top1();
            claims.add(claim(Variant.R, +1, true, "R- beats base on clean data", "clean top-1 accuracy (%)", clean,
                    paperCleanDifference(Variant.R)));
            claims.add(claim(Variant.FGSM, -1, true, "FGSM- loses to base on clean data", "clean top-1 accuracy (%)",
                    clean, paperCleanDifference(Variant.FGSM)));
            List<String> disturbances = disturbanceKeys();
            List<AttackKey> attacks = attackKeys();
            for (String key : disturbances) {
                claims.add(claim(Variant.R, +1, true, "R- beats base under " + label(key), "top-1 accuracy (%) under "
                        + label(key), disturbance(key), paperDisturbanceDifference(key)));
            }
            for (AttackKey attack : attacks) {
                claims.add(claim(Variant.R, +1, true, "R- beats base under " + attack.label(),
                        "top-1 accuracy (%) under " + attack.label(), attack(attack), null));
            }
            // The FGSM- baseline beside them (not claims of the paper), where it ran: adversarial training is expected
            // to cost accuracy on undisturbed and disturbed images and to buy it under attack.
            if (runs.getOrDefault(Variant.FGSM, emptyRuns()).completed().isEmpty()) {
                return claims;
            }
            for (String key : disturbances) {
                claims.add(claim(Variant.FGSM, -1, false, "FGSM- loses to base under " + label(key),
                        "top-1 accuracy (%) under " + label(key), disturbance(key), null));
            }
            for (AttackKey attack : attacks) {
                claims.add(claim(Variant.FGSM, +1, false, "FGSM- beats base under " + attack.label(),
                        "top-1 accuracy (%) under " + attack.label(), attack(attack), null));
            }
            return claims;
        }

        private static Function<RunResult, Double> disturbance(String key) {
            return r -> {
                Accuracy a = r.disturbances().get(key);
                return a == null ? null : 100.0 * a.top1();
            };
        }

        private static Function<RunResult, Double> attack(AttackKey attack) {
            return r -> r.attacks().stream()
                    .filter(p -> p.attack().equals(attack.attack()) && p.epsilon() == attack.epsilon())
                    .findFirst().map(p -> 100.0 * p.accuracy().top1()).orElse(null);
        }

        private Claim claim(Variant challenger, int sign, boolean paperClaim, String statement, String measure,
                            Function<RunResult, Double> value, Double paperDifference) {
            RowRuns challengerRuns = runs.getOrDefault(challenger, emptyRuns());
            RowRuns baseRuns = runs.getOrDefault(Variant.BASE, emptyRuns());
            Map<Integer, SeededValue> a = values(challengerRuns, value);
            Map<Integer, SeededValue> b = values(baseRuns, value);
            Judgement judgement = judge(a, b, sign);
            TreeSet<String> used = new TreeSet<>();
            runs.values().stream().filter(r -> r.total() > 0).forEach(r -> used.add(r.datasetsUsed()));
            PaperRow first = rows.get(0);
            String reason = judgement.reason() + diverged(challenger, challengerRuns)
                    + diverged(Variant.BASE, baseRuns);
            return new Claim(scale, first.dataset(), first.model(), statement, measure, challenger, sign, paperClaim,
                    SeedSummary.of(valuesOf(a)), SeedSummary.of(valuesOf(b)), paperDifference, judgement.test(), null,
                    judgement.verdict(), reason, String.join(", ", used));
        }

        private static String diverged(Variant variant, RowRuns runs) {
            return runs.diverged().isEmpty() ? "" : "; " + runs.diverged().size() + " of " + runs.total() + " "
                    + switch (variant) {
                        case BASE -> "base";
                        case R -> "R-";
                        case FGSM -> "FGSM-";
                    } + " runs diverged";
        }

        private RowRuns emptyRuns() {
            return new RowRuns(scale, List.of(), List.of());
        }

        /** The completed runs' values by seed index (a later result of the same seed index replaces an earlier one). */
        private static Map<Integer, SeededValue> values(RowRuns runs, Function<RunResult, Double> value) {
            Map<Integer, SeededValue> values = new TreeMap<>();
            for (RunResult run : runs.completed()) {
                Double v = value.apply(run);
                if (v != null) {
                    values.put(run.seedIndex(), new SeededValue(run.seed(), v));
                }
            }
            return values;
        }

        /** Challenger minus base clean top-1 accuracy as the paper prints it, from its first table with both. */
        private Double paperCleanDifference(Variant challenger) {
            for (PaperRow c : rows) {
                for (PaperRow b : rows) {
                    Double ca = cleanAccuracy(c);
                    Double ba = cleanAccuracy(b);
                    if (c.variant() == challenger && b.variant() == Variant.BASE && c.table() == b.table()
                            && ca != null && ba != null) {
                        return ca - ba;
                    }
                }
            }
            return null;
        }

        private static Double cleanAccuracy(PaperRow row) {
            if (row instanceof ErrorRow e) {
                return 100.0 - e.errorPct();
            }
            if (row instanceof ImageNetRow n) {
                return n.metric().accuracyPct(n.top1Pct().value());
            }
            return null;
        }

        private Double paperDisturbanceDifference(String key) {
            Double r = null;
            Double base = null;
            for (PaperRow row : rows) {
                if (row instanceof DisturbanceRow d) {
                    for (Map.Entry<DisturbanceColumn, PaperValue> e : d.top1AccuracyPct().entrySet()) {
                        if (e.getKey().key().equals(key) && d.variant() == Variant.R) {
                            r = e.getValue().value();
                        } else if (e.getKey().key().equals(key) && d.variant() == Variant.BASE) {
                            base = e.getValue().value();
                        }
                    }
                }
            }
            return r == null || base == null ? null : r - base;
        }

        /** Table 1's disturbances when the paper reports them for the block, then any others the runs measured. */
        private List<String> disturbanceKeys() {
            Set<String> keys = new LinkedHashSet<>();
            Set<String> measured = new TreeSet<>();
            for (Variant variant : List.of(Variant.R, Variant.FGSM, Variant.BASE)) {
                runs.getOrDefault(variant, emptyRuns()).completed().forEach(r -> measured.addAll(r.disturbances()
                        .keySet()));
            }
            boolean inPaper = rows.stream().anyMatch(r -> r instanceof DisturbanceRow);
            for (DisturbanceColumn d : DisturbanceColumn.values()) {
                if (inPaper || measured.contains(d.key())) {
                    keys.add(d.key());
                }
            }
            keys.addAll(measured);
            if (singleChannel()) {
                // Grayscale leaves a one-channel image as it is: the claim would repeat the clean one.
                keys.remove(DisturbanceColumn.RANDOM_GRAYSCALE.key());
            }
            return new ArrayList<>(keys);
        }

        private boolean singleChannel() {
            if (!SINGLE_CHANNEL_DATASETS.contains(rows.get(0).dataset())) {
                return false;
            }
            return runs.values().stream().flatMap(r -> r.completed().stream())
                    .allMatch(r -> SINGLE_CHANNEL_DATASETS.contains(r.datasetUsed()));
        }

        private static String label(String key) {
            for (DisturbanceColumn d : DisturbanceColumn.values()) {
                if (d.key().equals(key)) {
                    return d.label();
                }
            }
            return key.replace('_', ' ');
        }

        private List<AttackKey> attackKeys() {
            TreeSet<AttackKey> keys = new TreeSet<>(Comparator.comparing(AttackKey::attack)
                    .thenComparingDouble(AttackKey::epsilon));
            for (Variant variant : List.of(Variant.R, Variant.FGSM, Variant.BASE)) {
                // Radius 0 is the clean accuracy of the attacked images again: not a claim of its own.
                runs.getOrDefault(variant, emptyRuns()).completed().forEach(r -> r.attacks().stream()
                        .filter(p -> p.epsilon() > 0).forEach(p -> keys.add(new AttackKey(p.attack(), p.epsilon()))));
            }
            return new ArrayList<>(keys);
        }
    }

    private record AttackKey(String attack, double epsilon) {

        String label() {
            return attack.toUpperCase(Locale.ROOT) + ", ε = " + ClaimsReport.epsilon(epsilon);
        }
    }
}
