package org.rtrain.reports;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * Welch's unequal-variances t-test of two independent samples (here: one measurement over the seeds
 * of two variants).
 *
 * <p>From B. L. Welch, "The generalization of Student's problem when several different population
 * variances are involved", Biometrika 34 (1947). Use it to ask whether two means differ when the
 * samples are small and their variances need not be equal.
 *
 * <pre>
 *   t  = (mean_a - mean_b) / sqrt(s_a^2/n_a + s_b^2/n_b)
 *   df = (s_a^2/n_a + s_b^2/n_b)^2 / ((s_a^2/n_a)^2/(n_a-1) + (s_b^2/n_b)^2/(n_b-1))   (Welch-Satterthwaite)
 *   p  = 2 * (1 - F_df(|t|))                                                          (two-sided)
 * </pre>
 *
 * @param t                the t statistic (positive when a's mean is larger)
 * @param degreesOfFreedom the Welch-Satterthwaite degrees of freedom
 * @param pValue           the two-sided p-value
 */
public record WelchTest(double t, double degreesOfFreedom, double pValue) {

    /**
     * Tests {@code a} against {@code b}.
     *
     * @throws IllegalArgumentException when a sample has fewer than two values, or both have zero
     *                                  variance (the statistic is then undefined)
     */
    public static WelchTest of(double[] a, double[] b) {
        if (a.length < 2 || b.length < 2) {
            throw new IllegalArgumentException("Welch's t-test needs at least 2 values per sample, got " + a.length
                    + " and " + b.length);
        }
        SeedSummary sa = SeedSummary.of(a);
        SeedSummary sb = SeedSummary.of(b);
        double va = sa.std() * sa.std() / a.length;
        double vb = sb.std() * sb.std() / b.length;
        if (va + vb == 0) {
            throw new IllegalArgumentException("Welch's t-test is undefined when both samples have zero variance");
        }
        double t = (sa.mean() - sb.mean()) / Math.sqrt(va + vb);
        double df = (va + vb) * (va + vb) / (va * va / (a.length - 1) + vb * vb / (b.length - 1));
        // A null generator: the distribution is only evaluated, never sampled, so no RNG is seeded.
        double p = 2.0 * new TDistribution(null, df).cumulativeProbability(-Math.abs(t));
        return new WelchTest(t, df, p);
    }
}
