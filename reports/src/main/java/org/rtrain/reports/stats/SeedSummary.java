package org.rtrain.reports.stats;

import java.util.Collection;

/**
 * One measurement summarised over the seeds of a row: how many values, their mean and their
 * sample standard deviation (divisor n - 1).
 *
 * @param n    number of values
 * @param mean their mean; NaN when n = 0
 * @param std  their sample standard deviation; NaN when n &lt; 2
 */
public record SeedSummary(int n, double mean, double std) {

    public SeedSummary {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, got " + n);
        }
    }

    /** Summarises {@code values}, which must be finite. */
    public static SeedSummary of(double... values) {
        // Plain sums, not commons-math3's Mean and StandardDeviation: their rounding correction moves the last
        // digit of some committed results' summaries (14.770000000000001 becomes 14.77).
        double sum = 0;
        for (double v : values) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("cannot summarise a non-finite value: " + v);
            }
            sum += v;
        }
        int n = values.length;
        double mean = n == 0 ? Double.NaN : sum / n;
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        return new SeedSummary(n, mean, n < 2 ? Double.NaN : Math.sqrt(squares / (n - 1)));
    }

    /** Summarises {@code values}, which must be finite. */
    public static SeedSummary of(Collection<Double> values) {
        return of(values.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
