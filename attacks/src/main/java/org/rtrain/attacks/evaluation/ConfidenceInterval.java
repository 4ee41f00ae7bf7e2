package org.rtrain.attacks.evaluation;

/**
 * A two-sided 95% confidence interval for a proportion.
 *
 * @param lower lower end, in [0, 1]
 * @param upper upper end, in [lower, 1]
 */
public record ConfidenceInterval(double lower, double upper) {

    /** The standard normal quantile of 0.975. */
    public static final double Z_95 = 1.959963984540054;

    public ConfidenceInterval {
        if (!(lower >= 0 && lower <= upper && upper <= 1)) {
            throw new IllegalArgumentException("confidence interval must satisfy 0 <= lower <= upper <= 1, got ["
                    + lower + ", " + upper + "]");
        }
    }

    /**
     * The Wilson score interval for {@code successes} out of {@code trials}: with {@code p = k / n} and
     * {@code z = 1.96}, {@code (p + z^2 / 2n +- z sqrt(p (1 - p) / n + z^2 / 4n^2)) / (1 + z^2 / n)}.
     *
     * <p>From Wilson, "Probable inference, the law of succession, and statistical inference" (JASA,
     * 1927); unlike the normal approximation it stays inside [0, 1] and is not degenerate at 0% or
     * 100% accuracy, which robust accuracy often is (Brown, Cai and DasGupta, Statistical Science 2001).
     */
    public static ConfidenceInterval wilson(long successes, long trials) {
        if (trials <= 0 || successes < 0 || successes > trials) {
            throw new IllegalArgumentException("Wilson interval needs 0 <= successes <= trials and trials > 0, got "
                    + successes + " of " + trials);
        }
        double n = trials;
        double p = successes / n;
        double z2 = Z_95 * Z_95;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = Z_95 * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n);
        // At p = 0 or 1 one end equals p in exact arithmetic; rounding must not leave p outside.
        return new ConfidenceInterval(Math.min(p, Math.max(0, centre - half)), Math.max(p, Math.min(1, centre + half)));
    }
}
