package org.rtrain.reports.stats;

import java.util.Locale;
import java.util.Objects;

import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.StatUtils;
import org.apache.commons.math3.stat.inference.TTest;

/**
 * The difference of one measure between two variants over seeds (challenger minus base), with its 95%
 * confidence interval, a two-sided t-test and the smallest difference the test could have detected.
 *
 * <p>Paired when both variants ran the same seed indices: seed index k of every variant starts from the same
 * initial weights and sees the data in the same order, so the seed-to-seed spread that both share cancels in
 * the per-seed differences (Student's paired t-test on them). Welch's unequal-variances test (B. L. Welch,
 * Biometrika 34, 1947) when they share fewer than two seeds. The t-tests are commons-math3's {@link TTest}.
 *
 * <pre>
 *   paired: d_k = challenger_k - base_k,  Δ = mean(d),  SE = sd(d) / sqrt(n),  df = n - 1
 *   Welch:  Δ = mean(a) - mean(b),  SE = sqrt(s_a²/n_a + s_b²/n_b),  df by Welch-Satterthwaite
 *   95% CI: Δ ± t(0.975, df) · SE
 *   minimum detectable difference (80% power, two-sided 5% level): (t(0.975, df) + t(0.80, df)) · SE
 * </pre>
 *
 * @param method             paired or Welch
 * @param n                  pairs (paired) or challenger runs + base runs (Welch)
 * @param difference         Δ, challenger minus base
 * @param standardError      the standard error of Δ
 * @param degreesOfFreedom   the t distribution's degrees of freedom
 * @param t                  Δ / SE (positive when the challenger's values are higher)
 * @param pValue             the two-sided p-value of Δ = 0
 * @param ciLow              lower end of the 95% confidence interval of Δ
 * @param ciHigh             upper end of the 95% confidence interval of Δ
 * @param minimumDetectable  the smallest |Δ| this test detects with 80% power at the 5% level, given its SE
 */
public record DifferenceTest(Method method, int n, double difference, double standardError, double degreesOfFreedom,
                             double t, double pValue, double ciLow, double ciHigh, double minimumDetectable) {

    /** Confidence level of the intervals. */
    public static final double CONFIDENCE = 0.95;
    /** Power at which the minimum detectable difference is stated. */
    public static final double POWER = 0.80;

    /** How the two samples are compared. */
    public enum Method {
        /** Student's t-test on seed-matched differences. */
        PAIRED,
        /** Welch's t-test of two independent samples. */
        WELCH;

        /** The method in lower case, as tables print it. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public DifferenceTest {
        Objects.requireNonNull(method, "method");
    }

    /**
     * The paired test of {@code challenger[k] - base[k]}.
     *
     * @throws IllegalArgumentException when the samples differ in length, hold fewer than 2 pairs, or their
     *                                  differences do not vary (the statistic is then undefined)
     */
    public static DifferenceTest paired(double[] challenger, double[] base) {
        if (challenger.length != base.length || challenger.length < 2) {
            throw new IllegalArgumentException("a paired test needs at least 2 pairs of equal-length samples, got "
                    + challenger.length + " and " + base.length + " values");
        }
        double[] differences = new double[challenger.length];
        for (int k = 0; k < differences.length; k++) {
            differences[k] = challenger[k] - base[k];
        }
        double variance = StatUtils.variance(differences);
        if (variance == 0) {
            throw new IllegalArgumentException("the seed-matched differences do not vary: no t-test");
        }
        int n = differences.length;
        TTest test = new TTest();
        return of(Method.PAIRED, n, StatUtils.mean(differences), Math.sqrt(variance / n), n - 1,
                test.pairedT(challenger, base), test.pairedTTest(challenger, base));
    }

    /**
     * Welch's test of {@code challenger} against {@code base}.
     *
     * @throws IllegalArgumentException when a sample has fewer than 2 values, or neither varies
     */
    public static DifferenceTest welch(double[] challenger, double[] base) {
        if (challenger.length < 2 || base.length < 2) {
            throw new IllegalArgumentException("Welch's t-test needs at least 2 values per sample, got "
                    + challenger.length + " and " + base.length);
        }
        double va = StatUtils.variance(challenger) / challenger.length;
        double vb = StatUtils.variance(base) / base.length;
        if (va + vb == 0) {
            throw new IllegalArgumentException("Welch's t-test is undefined when both samples have zero variance");
        }
        double df = (va + vb) * (va + vb)
                / (va * va / (challenger.length - 1) + vb * vb / (base.length - 1));
        TTest test = new TTest();
        return of(Method.WELCH, challenger.length + base.length, StatUtils.mean(challenger) - StatUtils.mean(base),
                Math.sqrt(va + vb), df, test.t(challenger, base), test.tTest(challenger, base));
    }

    private static DifferenceTest of(Method method, int n, double difference, double standardError, double df,
                                     double t, double p) {
        // A null generator: the distribution is only evaluated, never sampled, so no RNG is seeded.
        TDistribution distribution = new TDistribution(null, df);
        double critical = distribution.inverseCumulativeProbability(1 - (1 - CONFIDENCE) / 2);
        double power = distribution.inverseCumulativeProbability(POWER);
        return new DifferenceTest(method, n, difference, standardError, df, t, p, difference - critical * standardError,
                difference + critical * standardError, (critical + power) * standardError);
    }

    /** Whether the confidence interval lies entirely above 0 (+1), below 0 (-1), or contains it (0). */
    public int side() {
        return ciLow > 0 ? 1 : ciHigh < 0 ? -1 : 0;
    }

    /** Whether {@code value} lies outside the confidence interval. */
    public boolean excludes(double value) {
        return value < ciLow || value > ciHigh;
    }
}
