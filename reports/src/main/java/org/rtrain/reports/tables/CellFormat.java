package org.rtrain.reports.tables;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

import org.rtrain.reports.paper.PaperRow;
import org.rtrain.reports.paper.PaperValue;
import org.rtrain.reports.stats.SeedSummary;

/**
 * How every table writes its cells, so that all of them read alike. Layout text (LaTeX and HTML)
 * uses Unicode symbols the renderers translate: "±", "−" (minus), "Δ", "—" (not run), "–" (not
 * applicable). CSV cells stay plain ASCII numbers or words.
 */
public final class CellFormat {

    /** Layout text for a row without runs. */
    public static final String NOT_RUN = "—";
    /** Layout text for a column that does not apply to a row. */
    public static final String NOT_APPLICABLE = "–";

    private CellFormat() {
    }

    /** Two decimals, e.g. {@code 9.50}. */
    static String number(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    /** A difference with its sign for layout text: {@code +9.50} or {@code −1.25}. */
    public static String signed(double value) {
        String text = String.format(Locale.ROOT, "%+.2f", value);
        return text.startsWith("-") ? "−" + text.substring(1) : text;
    }

    /** A difference with its sign for CSV: {@code +9.50} or {@code -1.25}. */
    public static String csvSigned(double value) {
        return String.format(Locale.ROOT, "%+.2f", value);
    }

    /** A paper number as printed, with spaces around ±: {@code 70.04 ± 0.05}. */
    static String paper(PaperValue value) {
        return value.printed().replace("±", " ± ").replace("+/-", " ± ");
    }

    /** The printed number without its ± part, for CSV: {@code 70.04}. */
    static String paperNumber(PaperValue value) {
        return value.printed().split("±|\\+/-")[0].trim();
    }

    /** The printed ± figure, or empty, for CSV. */
    static String paperPlusMinus(PaperValue value) {
        return value.plusMinus() == null ? "" : value.printed().split("±|\\+/-")[1].trim();
    }

    /**
     * A reproduced cell: mean ± std over the seeds ({@code (n=k)} added when fewer runs measured it
     * than completed), or what stands instead: not run, diverged, not measured.
     */
    static String reproduced(SeedSummary summary, RowRuns runs) {
        if (runs.total() == 0) {
            return NOT_RUN;
        }
        if (runs.n() == 0) {
            return "diverged";
        }
        if (summary.n() == 0) {
            return "not measured";
        }
        StringBuilder text = new StringBuilder(number(summary.mean()));
        if (summary.n() > 1) {
            text.append(" ± ").append(number(summary.std()));
        }
        if (summary.n() < runs.n()) {
            text.append(" (n=").append(summary.n()).append(')');
        }
        return text.toString();
    }

    /** The difference reproduced − paper for layout text, or {@link #NOT_RUN} when there is no mean. */
    static String difference(SeedSummary summary, PaperValue paper) {
        return summary.n() == 0 ? NOT_RUN : signed(summary.mean() - paper.value());
    }

    /** The n cell: completed runs, and {@code n of N} when some of the N runs diverged. */
    static String count(RowRuns runs) {
        return runs.diverged().isEmpty() ? Integer.toString(runs.n()) : runs.n() + " of " + runs.total();
    }

    /** The CSV mean cell: a number or {@code missing}, {@code diverged}, {@code not measured}. */
    static String csvMean(SeedSummary summary, RowRuns runs) {
        if (runs.total() == 0) {
            return "missing";
        }
        if (runs.n() == 0) {
            return "diverged";
        }
        return summary.n() == 0 ? "not measured" : number(summary.mean());
    }

    /** The CSV standard deviation cell: empty below two values. */
    static String csvStd(SeedSummary summary) {
        return summary.n() < 2 ? "" : number(summary.std());
    }

    /** The CSV difference cell: empty without a mean. */
    static String csvDifference(SeedSummary summary, PaperValue paper) {
        return summary.n() == 0 ? "" : csvSigned(summary.mean() - paper.value());
    }

    /** A count in the paper's style: {@code 88.9M}, {@code 23.8B}, {@code 431.1k}. */
    static String magnitude(long count) {
        if (count >= 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.1fB", count / 1e9);
        }
        if (count >= 1_000_000L) {
            return String.format(Locale.ROOT, "%.1fM", count / 1e6);
        }
        if (count >= 1_000L) {
            return String.format(Locale.ROOT, "%.1fk", count / 1e3);
        }
        return Long.toString(count);
    }

    /**
     * Which data the rows' runs used, for captions: {@code MNIST rows ran on Fashion-MNIST}, or
     * that nothing ran; {@code paperOf} and {@code runsOf} give each row's paper row and runs.
     */
    static <R> String datasetsUsed(List<R> rows, Function<R, ? extends PaperRow> paperOf,
                                   Function<R, RowRuns> runsOf) {
        Map<String, TreeSet<String>> used = new LinkedHashMap<>();
        for (R row : rows) {
            RowRuns runs = runsOf.apply(row);
            if (runs.total() > 0) {
                used.computeIfAbsent(paperOf.apply(row).dataset(), d -> new TreeSet<>())
                        .addAll(List.of(runs.datasetsUsed().split(", ")));
            }
        }
        if (used.isEmpty()) {
            return "no runs at this scale";
        }
        List<String> parts = new ArrayList<>();
        used.forEach((paper, actual) -> parts.add(paper + " rows ran on " + String.join(" and ", actual)));
        return String.join("; ", parts);
    }
}
