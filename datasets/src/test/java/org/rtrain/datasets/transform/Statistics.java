package org.rtrain.datasets.transform;

import java.util.Arrays;

import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.distribution.UniformRealDistribution;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

/**
 * Goodness-of-fit helpers for the seeded statistical tests of the transforms (commons-math3's tests; its
 * distributions are only evaluated here, never sampled, so none is given a random generator).
 */
final class Statistics {

    /** Significance level of every check: a correct transform fails one in a thousand seeds. */
    private static final double ALPHA = 0.001;

    private Statistics() {
    }

    /** Pearson's chi-square statistic of {@code counts} against equal expected counts. */
    static double chiSquareUniform(long[] counts) {
        double[] expected = new double[counts.length];
        Arrays.fill(expected, (double) Arrays.stream(counts).sum() / counts.length);
        return new ChiSquareTest().chiSquare(expected, counts);
    }

    /** Critical value of chi-square with {@code df} degrees of freedom at p = 0.001. */
    static double chiSquareCritical(int df) {
        return new ChiSquaredDistribution(null, df).inverseCumulativeProbability(1 - ALPHA);
    }

    /** Kolmogorov-Smirnov distance of {@code samples} from the uniform distribution on [from, to]. */
    static double ksUniform(double[] samples, double from, double to) {
        return new KolmogorovSmirnovTest(null).kolmogorovSmirnovStatistic(new UniformRealDistribution(null, from, to),
                samples);
    }

    /** The KS distance exceeded with probability 0.001 by {@code n} uniform samples (Kolmogorov's limit). */
    static double ksCritical(int n) {
        return 1.949 / Math.sqrt(n);
    }

    /** How many standard deviations {@code successes} of {@code trials} lie from {@code probability}. */
    static double binomialZ(long successes, long trials, double probability) {
        return (successes - trials * probability) / Math.sqrt(trials * probability * (1 - probability));
    }
}
