package org.rtrain.datasets.transform;

import java.util.Arrays;

/** Goodness-of-fit helpers for the seeded statistical tests of the transforms. */
final class Statistics {

    private Statistics() {
    }

    /** Pearson's chi-square statistic of {@code counts} against equal expected counts. */
    static double chiSquareUniform(long[] counts) {
        long total = Arrays.stream(counts).sum();
        double expected = (double) total / counts.length;
        double statistic = 0;
        for (long count : counts) {
            statistic += (count - expected) * (count - expected) / expected;
        }
        return statistic;
    }

    /** Critical value of chi-square with {@code df} degrees of freedom at p = 0.001 (Wilson-Hilferty). */
    static double chiSquareCritical(int df) {
        double z = 3.090;
        double a = 2.0 / (9 * df);
        return df * Math.pow(1 - a + z * Math.sqrt(a), 3);
    }

    /** Kolmogorov-Smirnov distance of {@code samples} from the uniform distribution on [from, to]. */
    static double ksUniform(double[] samples, double from, double to) {
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        double distance = 0;
        for (int i = 0; i < sorted.length; i++) {
            double cdf = (sorted[i] - from) / (to - from);
            distance = Math.max(distance, Math.max(Math.abs(cdf - (double) i / sorted.length),
                    Math.abs(cdf - (double) (i + 1) / sorted.length)));
        }
        return distance;
    }

    /** The KS distance exceeded with probability 0.001 by {@code n} uniform samples. */
    static double ksCritical(int n) {
        return 1.949 / Math.sqrt(n);
    }

    /** How many standard deviations {@code successes} of {@code trials} lie from {@code probability}. */
    static double binomialZ(long successes, long trials, double probability) {
        return (successes - trials * probability) / Math.sqrt(trials * probability * (1 - probability));
    }
}
