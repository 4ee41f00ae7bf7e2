package org.rtrain.reports.stats;

import org.apache.commons.math3.distribution.TDistribution;

/** Intervals of a mean over seeds (Student's t, two-sided, at {@link DifferenceTest#CONFIDENCE}). */
public final class SeedStatistics {

    private SeedStatistics() {
    }

    /** Half the width of the confidence interval of {@code y}'s mean; NaN with fewer than 2 values. */
    public static double meanHalfWidth(SeedSummary y) {
        if (y.n() < 2) {
            return Double.NaN;
        }
        double critical = new TDistribution(null, y.n() - 1)
                .inverseCumulativeProbability(1 - (1 - DifferenceTest.CONFIDENCE) / 2);
        return critical * y.std() / Math.sqrt(y.n());
    }
}
