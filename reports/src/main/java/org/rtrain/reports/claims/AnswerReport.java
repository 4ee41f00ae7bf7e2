package org.rtrain.reports.claims;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;

import org.rtrain.reports.paper.PaperRow;
import org.rtrain.reports.results.RunResult;
import org.rtrain.reports.results.Scale;
import org.rtrain.reports.results.Variant;
import org.rtrain.reports.stats.SeedSummary;
import org.rtrain.reports.tables.CellFormat;
import org.rtrain.reports.tables.RowRuns;

/**
 * The answer for one block at one scale, as Markdown for the README: how many runs of each variant, their test
 * accuracy, every claim of R- against base and every comparison of FGSM- against base with its confidence
 * interval and verdict, and the eps sweep. Computed from the results only, so the README's copy can be checked
 * against a rebuild from {@code results/}.
 */
public final class AnswerReport {

    private AnswerReport() {
    }

    /** The answer for {@code block} (e.g. {@code MNIST / LeNet}) from the results of {@code scale}. */
    public static String markdown(Scale scale, List<RunResult> results, String block) {
        Objects.requireNonNull(block, "block");
        ClaimsReport claims = ClaimsReport.of(scale, results);
        List<Claim> blockClaims = claims.claims().stream().filter(c -> c.block().equals(block)).toList();
        StringBuilder out = new StringBuilder();
        out.append(accuracies(scale, results, block)).append('\n');
        out.append("R- against base (Δ = R- − base, top-1 accuracy points; positive: R- more accurate):\n\n");
        out.append(table(blockClaims.stream().filter(c -> c.challenger() == Variant.R).toList()));
        out.append("\nFGSM- against base (Δ = FGSM- − base):\n\n");
        out.append(table(blockClaims.stream().filter(c -> c.challenger() == Variant.FGSM).toList()));
        String sweep = EpsSweepReport.of(scale, results).markdown(block);
        if (!sweep.isEmpty()) {
            out.append("\nThe eps sweep: clean top-1 error of R- at each ε (0: base), Δ error = R- − base (negative: "
                    + "fewer errors), paired on seeds:\n\n").append(sweep);
        }
        return out.toString();
    }

    private static String accuracies(Scale scale, List<RunResult> results, String block) {
        StringBuilder out = new StringBuilder("Test accuracy (%), mean ± sample standard deviation over seeds:");
        TreeSet<String> used = new TreeSet<>();
        for (Variant variant : Variant.values()) {
            for (PaperRow row : PaperRow.all()) {
                if (row.variant() == variant && (row.dataset() + " / " + row.model()).equals(block)) {
                    RowRuns runs = RowRuns.of(row, scale, results);
                    if (runs.n() > 0) {
                        SeedSummary accuracy = runs.summary(r -> 100.0 * r.clean().top1());
                        out.append(String.format(Locale.ROOT, " %s %.2f ± %s (%d seed%s);", row.displayName(),
                                accuracy.mean(), Double.isNaN(accuracy.std()) ? "–"
                                        : String.format(Locale.ROOT, "%.2f", accuracy.std()), accuracy.n(),
                                accuracy.n() == 1 ? "" : "s"));
                        used.add(runs.datasetsUsed());
                    }
                    break;
                }
            }
        }
        out.setLength(out.length() - 1);
        return out.append(" on ").append(String.join(", ", used)).append(".\n").toString();
    }

    private static String table(List<Claim> claims) {
        StringBuilder out = new StringBuilder(
                "| measure | n | Δ [95% CI] | verdict | paper Δ | paper Δ excluded | MDD | p | Holm p |\n"
                        + "|---|---|---|---|---|---|---|---|---|\n");
        for (Claim c : claims) {
            out.append("| ").append(measure(c)).append(" | ").append(c.challengerSeeds().n()).append('/')
                    .append(c.baseSeeds().n()).append(" | ").append(ClaimsReport.interval(c)).append(" | ")
                    .append(c.verdict().label()).append(holmNote(c)).append(" | ")
                    .append(c.paperDifference() == null ? CellFormat.NOT_APPLICABLE
                            : CellFormat.signed(c.paperDifference())).append(" | ")
                    .append(ClaimsReport.excluded(c)).append(" | ").append(ClaimsReport.detectable(c)).append(" | ")
                    .append(ClaimsReport.pValue(c)).append(" | ").append(ClaimsReport.holm(c)).append(" |\n");
        }
        return out.toString();
    }

    private static String measure(Claim c) {
        String statement = c.statement();
        int under = statement.indexOf(" under ");
        return under >= 0 ? statement.substring(under + " under ".length()) : "clean";
    }

    private static String holmNote(Claim c) {
        if (c.verdict() != ClaimVerdict.SUPPORTED && c.verdict() != ClaimVerdict.CONTRADICTED
                || c.holmPValue() == null) {
            return "";
        }
        return c.holmPValue() < ClaimsReport.ALPHA ? "" : " (not after Holm)";
    }
}
