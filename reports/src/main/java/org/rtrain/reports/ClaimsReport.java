package org.rtrain.reports;

import java.io.IOException;
import java.io.StringWriter;
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
import java.util.TreeSet;
import java.util.function.Function;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The paper's claims tested on the results of one scale, block by block (a model on a dataset):
 * R- beats base on clean data; FGSM- loses to base on clean data; R- beats base under each
 * disturbance of Table 1 (and any other the runs measured) and under FGSM and PGD at each radius the
 * runs measured. Every verdict is computed from the seeds by {@link #RULE}; none is written by hand.
 * Blocks without any run at the scale are listed, not tested; cited rows make no claim.
 */
public final class ClaimsReport {

    /** Significance level of the verdicts. */
    public static final double ALPHA = 0.05;

    /** How verdicts are reached, in words (printed with every claims table). */
    public static final String RULE = "Welch's two-sided t-test over seeds of the challenger against base: "
            + "supported when p < 0.05 and the difference has the claimed sign; contradicted when p < 0.05 and it "
            + "has the opposite sign; inconclusive otherwise, and whenever a side has fewer than 2 seeds or neither "
            + "side varies across seeds. Each claim is tested on its own, without correction for multiple tests.";

    /**
     * A verdict with its test and reason.
     *
     * @param test    Welch's test, or null when it could not be run
     * @param verdict the verdict
     * @param reason  why, in words
     */
    record Judgement(WelchTest test, ClaimVerdict verdict, String reason) {
    }

    private final String scale;
    private final List<Claim> claims;
    private final List<String> blocksWithoutRuns;

    private ClaimsReport(String scale, List<Claim> claims, List<String> blocksWithoutRuns) {
        this.scale = scale;
        this.claims = List.copyOf(claims);
        this.blocksWithoutRuns = List.copyOf(blocksWithoutRuns);
    }

    /** Tests the paper's claims on the results of {@code scale} (other scales are ignored). */
    public static ClaimsReport of(String scale, List<RunResult> results) {
        Objects.requireNonNull(scale, "scale");
        Map<String, List<PaperRow>> blocks = new LinkedHashMap<>();
        PaperRow.all().forEach(row -> blocks.computeIfAbsent(row.blockKey(), k -> new ArrayList<>()).add(row));
        List<Claim> claims = new ArrayList<>();
        List<String> withoutRuns = new ArrayList<>();
        for (List<PaperRow> rows : blocks.values()) {
            Map<String, RowRuns> runs = new LinkedHashMap<>();
            for (PaperRow row : rows) {
                runs.putIfAbsent(row.variant(), RowRuns.of(row, scale, results));
            }
            PaperRow first = rows.get(0);
            if (!runs.containsKey("r") && !runs.containsKey("fgsm")) {
                // A row the paper cites from elsewhere: it makes no claim about it.
                continue;
            }
            if (runs.values().stream().allMatch(r -> r.total() == 0)) {
                withoutRuns.add(first.dataset() + " / " + first.model());
                continue;
            }
            claims.addAll(new BlockClaims(scale, rows, runs).claims());
        }
        return new ClaimsReport(scale, claims, withoutRuns);
    }

    /**
     * The verdict on a claim that the challenger's mean is higher ({@code claimedSign} +1) or lower (-1)
     * than the base's, under {@link #RULE}.
     */
    static Judgement judge(double[] challenger, double[] base, int claimedSign) {
        if (challenger.length < 2 || base.length < 2) {
            return new Judgement(null, ClaimVerdict.INCONCLUSIVE, "fewer than 2 seeds on a side");
        }
        if (SeedSummary.of(challenger).std() == 0 && SeedSummary.of(base).std() == 0) {
            return new Judgement(null, ClaimVerdict.INCONCLUSIVE, "no variance across seeds");
        }
        WelchTest test = WelchTest.of(challenger, base);
        if (!(test.pValue() < ALPHA)) {
            return new Judgement(test, ClaimVerdict.INCONCLUSIVE, "p ≥ 0.05");
        }
        boolean claimedDirection = Math.signum(test.t()) == claimedSign;
        return new Judgement(test, claimedDirection ? ClaimVerdict.SUPPORTED : ClaimVerdict.CONTRADICTED,
                claimedDirection ? "p < 0.05, claimed sign" : "p < 0.05, opposite sign");
    }

    /** The scale whose results were tested. */
    public String scale() {
        return scale;
    }

    /** The claims, block by block in the paper's order. */
    public List<Claim> claims() {
        return claims;
    }

    /** The blocks (e.g. {@code SVHN / Wide ResNet}) with no run at this scale. */
    public List<String> blocksWithoutRuns() {
        return blocksWithoutRuns;
    }

    /** The claims as CSV, one record per claim. */
    public String csv() {
        StringWriter out = new StringWriter();
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader("scale", "dataset", "model", "claim", "measure",
                "challenger", "reference", "claimed", "n_challenger", "n_base", "mean_challenger", "mean_base",
                "difference", "paper_difference", "t", "df", "p_value", "verdict", "reason", "dataset_used").get();
        try (CSVPrinter printer = new CSVPrinter(out, format)) {
            for (Claim c : claims) {
                printer.printRecord(scale, c.dataset(), c.model(), c.statement(), c.measure(), c.challenger(), "base",
                        c.claimedSign() > 0 ? "higher" : "lower", c.challengerSeeds().n(), c.baseSeeds().n(),
                        csvNumber(c.challengerSeeds().mean()), csvNumber(c.baseSeeds().mean()),
                        Double.isNaN(c.difference()) ? "" : CellFormat.csvSigned(c.difference()),
                        c.paperDifference() == null ? "" : CellFormat.csvSigned(c.paperDifference()),
                        c.test() == null ? "" : String.format(Locale.ROOT, "%.4f", c.test().t()),
                        c.test() == null ? "" : String.format(Locale.ROOT, "%.3f", c.test().degreesOfFreedom()),
                        c.test() == null ? "" : String.format(Locale.ROOT, "%.6g", c.test().pValue()),
                        c.verdict().label(), c.reason().replace("≥", ">="), c.datasetsUsed());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
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
        out.append("Claims of the paper at the ").append(scale).append(" scale\n");
        out.append("n: seeds of the challenger/base; Δ: challenger − base, mean top-1 accuracy in percentage "
                + "points; paper Δ: the same from the paper's table.\n");
        out.append(wrap(RULE, 100)).append('\n');
        String block = null;
        String format = "  %-46s %-7s %9s %9s %10s  %s%n";
        for (Claim c : claims) {
            if (!c.block().equals(block)) {
                block = c.block();
                out.append('\n').append(block).append(" (runs on ").append(c.datasetsUsed()).append(")\n");
                out.append(String.format(Locale.ROOT, format, "claim", "n", "Δ", "paper Δ", "p", "verdict"));
            }
            out.append(String.format(Locale.ROOT, format, c.statement(), counts(c), difference(c),
                    c.paperDifference() == null ? "–" : CellFormat.signed(c.paperDifference()), pValue(c),
                    c.verdict().label() + " (" + c.reason() + ")"));
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
            return List.of(AtomicFiles.write(directory.resolve("claims.csv"), csv()),
                    AtomicFiles.write(directory.resolve("claims.tex"), latex()),
                    AtomicFiles.write(directory.resolve("claims.txt"), text()));
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
            lines.add(new TableLayout.Cells(List.of(c.statement(), counts(c), difference(c),
                    c.paperDifference() == null ? CellFormat.NOT_APPLICABLE : CellFormat.signed(c.paperDifference()),
                    pValue(c), c.verdict().label()), "", false));
        }
        if (lines.isEmpty()) {
            lines.add(new TableLayout.Cells(List.of("no runs at this scale", "", "", "", "", ""), "", false));
        }
        List<TableLayout.Note> notes = blocksWithoutRuns.isEmpty() ? List.of()
                : List.of(new TableLayout.Note("*", "Not tested (no runs at this scale): "
                        + String.join("; ", blocksWithoutRuns) + "."));
        return new TableLayout("Claims of the paper at the " + scale + " scale",
                List.of(TableLayout.Span.text("The paper's claims tested at the "), TableLayout.Span.code(scale),
                        TableLayout.Span.text(" scale. n: seeds of the challenger/base; Δ: challenger − base, mean "
                                + "top-1 accuracy in percentage points; paper Δ: the same from the paper's table; p: "
                                + RULE)),
                "claims-" + scale,
                List.of(TableLayout.Column.left("Claim"), TableLayout.Column.right("n"), TableLayout.Column.right("Δ"),
                        TableLayout.Column.right("Paper Δ"), TableLayout.Column.right("p"),
                        TableLayout.Column.left("Verdict")),
                lines, notes);
    }

    private static String counts(Claim c) {
        return c.challengerSeeds().n() + "/" + c.baseSeeds().n();
    }

    private static String difference(Claim c) {
        return Double.isNaN(c.difference()) ? CellFormat.NOT_RUN : CellFormat.signed(c.difference());
    }

    private static String pValue(Claim c) {
        return c.test() == null ? CellFormat.NOT_APPLICABLE : String.format(Locale.ROOT, "%.3g", c.test().pValue());
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
    private record BlockClaims(String scale, List<PaperRow> rows, Map<String, RowRuns> runs) {

        List<Claim> claims() {
            List<Claim> claims = new ArrayList<>();
            claims.add(claim("r", +1, "R- beats base on clean data", "clean top-1 accuracy (%)",
                    r -> 100.0 * r.clean().top1(), paperCleanDifference("r")));
            claims.add(claim("fgsm", -1, "FGSM- loses to base on clean data", "clean top-1 accuracy (%)",
                    r -> 100.0 * r.clean().top1(), paperCleanDifference("fgsm")));
            for (String key : disturbanceKeys()) {
                String label = label(key);
                claims.add(claim("r", +1, "R- beats base under " + label, "top-1 accuracy (%) under " + label,
                        r -> {
                            Accuracy a = r.disturbances().get(key);
                            return a == null ? null : 100.0 * a.top1();
                        }, paperDisturbanceDifference(key)));
            }
            for (AttackKey attack : attackKeys()) {
                String name = attack.attack().toUpperCase(Locale.ROOT);
                String radius = "ε = " + epsilon(attack.epsilon());
                claims.add(claim("r", +1, "R- beats base under " + name + ", " + radius,
                        "top-1 accuracy (%) under " + name + ", " + radius, r -> r.attacks().stream()
                                .filter(p -> p.attack().equals(attack.attack()) && p.epsilon() == attack.epsilon())
                                .findFirst().map(p -> 100.0 * p.accuracy().top1()).orElse(null), null));
            }
            return claims;
        }

        private Claim claim(String challenger, int sign, String statement, String measure,
                            Function<RunResult, Double> value, Double paperDifference) {
            RowRuns challengerRuns = runs.getOrDefault(challenger, emptyRuns());
            RowRuns baseRuns = runs.getOrDefault("base", emptyRuns());
            double[] a = values(challengerRuns, value);
            double[] b = values(baseRuns, value);
            Judgement judgement = judge(a, b, sign);
            TreeSet<String> used = new TreeSet<>();
            runs.values().stream().filter(r -> r.total() > 0).forEach(r -> used.add(r.datasetsUsed()));
            PaperRow first = rows.get(0);
            String reason = judgement.reason() + diverged(challenger, challengerRuns) + diverged("base", baseRuns);
            return new Claim(scale, first.dataset(), first.model(), statement, measure, challenger, sign,
                    SeedSummary.of(a), SeedSummary.of(b), paperDifference, judgement.test(), judgement.verdict(),
                    reason, String.join(", ", used));
        }

        private static String diverged(String variant, RowRuns runs) {
            return runs.diverged().isEmpty() ? "" : "; " + runs.diverged().size() + " of " + runs.total() + " "
                    + (variant.equals("base") ? "base" : variant.equals("r") ? "R-" : "FGSM-") + " runs diverged";
        }

        private RowRuns emptyRuns() {
            return new RowRuns(scale, List.of(), List.of());
        }

        private static double[] values(RowRuns runs, Function<RunResult, Double> value) {
            return runs.completed().stream().map(value).filter(Objects::nonNull).mapToDouble(Double::doubleValue)
                    .toArray();
        }

        /** Challenger minus base clean top-1 accuracy as the paper prints it, from its first table with both. */
        private Double paperCleanDifference(String challenger) {
            for (PaperRow c : rows) {
                for (PaperRow b : rows) {
                    Double ca = cleanAccuracy(c);
                    Double ba = cleanAccuracy(b);
                    if (c.variant().equals(challenger) && b.variant().equals("base") && c.table() == b.table()
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
            if (row instanceof ImageNetErrorRow e) {
                return 100.0 - e.top1ErrorPct().value();
            }
            if (row instanceof ImageNetAccuracyRow a) {
                return a.top1AccuracyPct().value();
            }
            return null;
        }

        private Double paperDisturbanceDifference(String key) {
            Double r = null;
            Double base = null;
            for (PaperRow row : rows) {
                if (row instanceof DisturbanceRow d) {
                    for (Map.Entry<Disturbance, PaperValue> e : d.top1AccuracyPct().entrySet()) {
                        if (e.getKey().key().equals(key) && d.variant().equals("r")) {
                            r = e.getValue().value();
                        } else if (e.getKey().key().equals(key) && d.variant().equals("base")) {
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
            for (String variant : List.of("r", "base")) {
                runs.getOrDefault(variant, emptyRuns()).completed().forEach(r -> measured.addAll(r.disturbances()
                        .keySet()));
            }
            boolean inPaper = rows.stream().anyMatch(r -> r instanceof DisturbanceRow);
            for (Disturbance d : Disturbance.values()) {
                if (inPaper || measured.contains(d.key())) {
                    keys.add(d.key());
                }
            }
            keys.addAll(measured);
            return new ArrayList<>(keys);
        }

        private static String label(String key) {
            for (Disturbance d : Disturbance.values()) {
                if (d.key().equals(key)) {
                    return d.label();
                }
            }
            return key.replace('_', ' ');
        }

        private List<AttackKey> attackKeys() {
            TreeSet<AttackKey> keys = new TreeSet<>(Comparator.comparing(AttackKey::attack)
                    .thenComparingDouble(AttackKey::epsilon));
            for (String variant : List.of("r", "base")) {
                runs.getOrDefault(variant, emptyRuns()).completed()
                        .forEach(r -> r.attacks().forEach(p -> keys.add(new AttackKey(p.attack(), p.epsilon()))));
            }
            return new ArrayList<>(keys);
        }
    }

    private record AttackKey(String attack, double epsilon) {
    }
}
