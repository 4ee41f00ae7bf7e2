package org.rtrain.reports.paper;

import java.util.Objects;

/**
 * A number as the paper prints it, such as {@code 70.04±0.05} or {@code 0.50}: its value, the
 * "±" figure when one is printed (the paper never says over how many runs), and the text itself,
 * which tables reproduce as printed so that no precision is added or lost.
 *
 * @param value      the number
 * @param plusMinus  the printed ± figure, or null when none is printed
 * @param printed    the text as printed
 */
public record PaperValue(double value, Double plusMinus, String printed) {

    public PaperValue {
        Objects.requireNonNull(printed, "printed");
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("paper value must be finite, got " + value + " from '" + printed + "'");
        }
        if (plusMinus != null && !(plusMinus >= 0 && Double.isFinite(plusMinus))) {
            throw new IllegalArgumentException("± figure must be finite and >= 0, got " + plusMinus + " from '"
                    + printed + "'");
        }
    }

    /**
     * Parses {@code 70.04±0.05} or {@code 70.04} ({@code +/-} is accepted for ±).
     *
     * @param text  the printed number
     * @param where what the text is, for the error message (e.g. {@code table1.csv row 2, random_crop})
     */
    public static PaperValue parse(String text, String where) {
        String trimmed = text == null ? "" : text.trim();
        String[] parts = trimmed.split("±|\\+/-", -1);
        try {
            if (parts.length == 1) {
                return new PaperValue(Double.parseDouble(parts[0].trim()), null, trimmed);
            }
            if (parts.length == 2) {
                return new PaperValue(Double.parseDouble(parts[0].trim()), Double.parseDouble(parts[1].trim()),
                        trimmed);
            }
        } catch (IllegalArgumentException e) {
            // Not a number, or not a finite one: reported below with what is expected.
        }
        throw new IllegalArgumentException(where + ": expected a number such as 70.04 or 70.04±0.05, got '" + text
                + "'");
    }
}
