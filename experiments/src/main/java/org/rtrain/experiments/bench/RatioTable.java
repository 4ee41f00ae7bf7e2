package org.rtrain.experiments.bench;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The table {@code rtrain bench} prints: the machine it ran on, then one row per ratio with its
 * median over rounds, the range of the per-round ratios, the target and whether it is met.
 */
public final class RatioTable {

    /** A bound a ratio must respect. */
    public record Target(boolean atMost, double bound) {

        public Target {
            if (!(bound > 0) || !Double.isFinite(bound)) {
                throw new IllegalArgumentException("target bound must be a finite number > 0, got " + bound);
            }
        }

        /** The ratio must be {@code <= bound}. */
        public static Target atMost(double bound) {
            return new Target(true, bound);
        }

        /** The ratio must be {@code >= bound}. */
        public static Target atLeast(double bound) {
            return new Target(false, bound);
        }

        /** Whether {@code ratio} respects the bound. */
        public boolean isMetBy(double ratio) {
            return atMost ? ratio <= bound : ratio >= bound;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s %.2f", atMost ? "<=" : ">=", bound);
        }
    }

    /**
     * One row.
     *
     * @param number   the issue's target number, or "-" for a ratio without a target
     * @param name     what is divided by what
     * @param perRound the per-round ratios; empty when the ratio was not measured
     * @param target   the bound, or null when the ratio has none
     * @param note     what to know about the row (why it was not measured, where the time goes), or ""
     */
    public record Row(String number, String name, List<Double> perRound, Target target, String note) {

        public Row {
            Objects.requireNonNull(number, "number");
            Objects.requireNonNull(name, "name");
            perRound = List.copyOf(perRound);
            note = note == null ? "" : note;
        }

        /** A row whose ratio was measured over rounds. */
        public static Row measured(String number, String name, List<Double> perRound, Target target, String note) {
            if (perRound.isEmpty()) {
                throw new IllegalArgumentException("row '" + name + "' has no measured round");
            }
            return new Row(number, name, perRound, target, note);
        }

        /** A row not measured by this run, saying why (and how to measure it). */
        public static Row notMeasured(String number, String name, Target target, String why) {
            return new Row(number, name, List.of(), target, why);
        }

        /** Whether the ratio was measured. */
        public boolean isMeasured() {
            return !perRound.isEmpty();
        }

        /** The median of the per-round ratios; only for a measured row. */
        public double median() {
            if (!isMeasured()) {
                throw new IllegalStateException("row '" + name + "' was not measured");
            }
            return SideBySide.median(perRound);
        }

        /** {@code met}, {@code NOT MET}, {@code -} (no target) or {@code not measured}. */
        public String verdict() {
            if (!isMeasured()) {
                return "not measured";
            }
            if (target == null) {
                return "-";
            }
            return target.isMetBy(median()) ? "met" : "NOT MET";
        }
    }

    private RatioTable() {
    }

    /** The table as text: a title, the machine lines, a header, one line per row and its note below it. */
    public static String render(String title, List<String> machine, List<Row> rows) {
        int nameWidth = Math.max(5, rows.stream().mapToInt(r -> r.name().length()).max().orElse(0));
        StringBuilder text = new StringBuilder(title).append('\n');
        machine.forEach(line -> text.append("  ").append(line).append('\n'));
        String format = "%-2s %-" + nameWidth + "s %7s %13s %8s  %s%n";
        text.append(String.format(Locale.ROOT, format, "#", "ratio", "median", "rounds", "target", "verdict"));
        for (Row row : rows) {
            String median = row.isMeasured() ? String.format(Locale.ROOT, "%.3f", row.median()) : "-";
            String range = row.isMeasured() ? String.format(Locale.ROOT, "%.3f-%.3f", Collections.min(row.perRound()),
                    Collections.max(row.perRound())) : "-";
            text.append(String.format(Locale.ROOT, format, row.number(), row.name(), median, range,
                    row.target() == null ? "-" : row.target().toString(), row.verdict()));
            if (!row.note().isEmpty()) {
                text.append("     ").append(row.note()).append('\n');
            }
        }
        return text.toString();
    }
}
