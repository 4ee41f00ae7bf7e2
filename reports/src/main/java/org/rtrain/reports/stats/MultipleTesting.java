package org.rtrain.reports.stats;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Holm's step-down correction of a family of p-values (S. Holm, "A simple sequentially rejective multiple test
 * procedure", Scandinavian Journal of Statistics 6, 1979). Use it when several claims are tested on the same
 * runs and the chance of any false "supported" must stay at the nominal level; it is uniformly more powerful
 * than Bonferroni's and needs no assumption about how the tests depend on each other.
 *
 * <pre>
 *   p_(1) ≤ ... ≤ p_(m) sorted;  adjusted p_(i) = max over j ≤ i of min(1, (m − j + 1) · p_(j))
 * </pre>
 */
public final class MultipleTesting {

    private MultipleTesting() {
    }

    /** Holm-adjusted p-values of {@code pValues}, in the same order. */
    public static double[] holm(double[] pValues) {
        int m = pValues.length;
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) {
            if (!(pValues[i] >= 0 && pValues[i] <= 1)) {
                throw new IllegalArgumentException("p-values must lie in [0, 1], got " + Arrays.toString(pValues));
            }
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> pValues[i]));
        double[] adjusted = new double[m];
        double running = 0;
        for (int rank = 0; rank < m; rank++) {
            running = Math.max(running, Math.min(1, (m - rank) * pValues[order[rank]]));
            adjusted[order[rank]] = running;
        }
        return adjusted;
    }
}
