package org.rtrain.reports.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.stat.inference.TTest;
import org.junit.jupiter.api.Test;

/**
 * Reference values computed independently with Python: {@code scipy.stats.ttest_ind(a, b, equal_var=False)},
 * {@code scipy.stats.ttest_rel(a, b)}, {@code scipy.stats.t.ppf} for the intervals and {@code statistics.mean/stdev}.
 */
class StatisticsTest {

    @Test
    void summaryIsMeanAndSampleStandardDeviation() {
        SeedSummary s = SeedSummary.of(8.0, 8.5, 7.9);
        assertEquals(3, s.n());
        assertEquals(8.133333333333333, s.mean(), 1e-12);
        assertEquals(0.3214550253664317, s.std(), 1e-12);
        assertTrue(Double.isNaN(SeedSummary.of(4.0).std()), "one value has no sample standard deviation");
        assertTrue(Double.isNaN(SeedSummary.of().mean()));
        assertThrows(IllegalArgumentException.class, () -> SeedSummary.of(1.0, Double.NaN));
    }

    @Test
    void welchMatchesScipy() {
        // scipy.stats.ttest_ind([1,2,3,4], [2.5,3.5,4.5], equal_var=False):
        // statistic -1.1547005383792517, pvalue 0.3008027072551761, df 4.959183673469389;
        // 95% CI and (t(0.975, df) + t(0.8, df)) * SE from scipy.stats.t.ppf
        DifferenceTest test = DifferenceTest.welch(new double[] {1, 2, 3, 4}, new double[] {2.5, 3.5, 4.5});
        assertEquals(DifferenceTest.Method.WELCH, test.method());
        assertEquals(-1.0, test.difference(), 1e-12);
        assertEquals(4.959183673469389, test.degreesOfFreedom(), 1e-12);
        assertMatchesScipy(test, -1.1547005383792517, 0.3008027072551761, -3.231711481338788, 1.2317114813387882,
                3.0286595124321742);
        assertEquals(0, test.side());

        // [60,62,61] vs [50,52,49]: statistic 10.119288512538812, pvalue 0.00110321148322261, df 3.4482758620689653
        DifferenceTest strong = DifferenceTest.welch(new double[] {60, 62, 61}, new double[] {50, 52, 49});
        assertEquals(3.4482758620689653, strong.degreesOfFreedom(), 1e-10);
        assertMatchesScipy(strong, 10.119288512538812, 0.00110321148322261, 7.545782714771069, 13.78755061856226,
                4.131423720213176);
        assertEquals(1, strong.side());
    }

    @Test
    void pairedMatchesScipy() {
        // scipy.stats.ttest_rel([60,62,61], [50,52,49]): statistic 16.0, pvalue 0.0038835098164954713; the same
        // samples unpaired (Welch) give p 0.0011 with a wider interval: pairing uses the differences' spread.
        DifferenceTest test = DifferenceTest.paired(new double[] {60, 62, 61}, new double[] {50, 52, 49});
        assertEquals(DifferenceTest.Method.PAIRED, test.method());
        assertEquals(3, test.n());
        assertEquals(2, test.degreesOfFreedom(), 0);
        assertEquals(10.666666666666666, test.difference(), 1e-12);
        assertMatchesScipy(test, 16.0, 0.0038835098164954713, 7.798231513500358, 13.535101819832974,
                3.5755419343528563);
        assertTrue(test.excludes(0.0) && !test.excludes(10.0));

        // [92,91.5,92.1] vs [91,89,90]: pvalue 0.053156669380457724, CI [-0.0629, 3.7962] contains 0.
        DifferenceTest weak = DifferenceTest.paired(new double[] {92, 91.5, 92.1}, new double[] {91, 89, 90});
        assertEquals(0.053156669380457724, weak.pValue(), 1e-10);
        assertEquals(-0.06287574103882343, weak.ciLow(), 1e-9);
        assertEquals(3.796209074372153, weak.ciHigh(), 1e-9);
        assertEquals(0, weak.side());
    }

    @Test
    void pairedAgreesWithCommonsMathsOwnTest() {
        double[] a = {91.2, 90.8, 91.9, 90.1, 91.5};
        double[] b = {89.9, 90.4, 90.0, 90.2, 91.0};
        assertEquals(new TTest().pairedTTest(a, b), DifferenceTest.paired(a, b).pValue(), 1e-12);
        assertEquals(new TTest().tTest(a, b), DifferenceTest.welch(a, b).pValue(), 1e-12);
    }

    @Test
    void testsRefuseWhatTheyCannotTest() {
        assertThrows(IllegalArgumentException.class, () -> DifferenceTest.welch(new double[] {1}, new double[] {1, 2}));
        assertThrows(IllegalArgumentException.class, () -> DifferenceTest.welch(new double[] {1, 1},
                new double[] {2, 2}));
        assertThrows(IllegalArgumentException.class, () -> DifferenceTest.paired(new double[] {1, 2},
                new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> DifferenceTest.paired(new double[] {3, 4},
                new double[] {1, 2}), "constant differences: no t-test");
    }

    @Test
    void holmMatchesItsDefinition() {
        // By hand: sorted 0.005, 0.01, 0.03, 0.04 -> 4 x 0.005 = 0.02, 3 x 0.01 = 0.03, max(0.03, 2 x 0.03) = 0.06,
        // max(0.06, 1 x 0.04) = 0.06; returned in the input's order.
        assertArrayEquals(new double[] {0.03, 0.06, 0.06, 0.02},
                MultipleTesting.holm(new double[] {0.01, 0.04, 0.03, 0.005}), 1e-12);
        assertArrayEquals(new double[] {1.0, 1.0}, MultipleTesting.holm(new double[] {0.6, 0.9}), 1e-12,
                "capped at 1 and monotone");
        assertArrayEquals(new double[0], MultipleTesting.holm(new double[0]));
        assertThrows(IllegalArgumentException.class, () -> MultipleTesting.holm(new double[] {Double.NaN}));
    }

    /** Asserts {@code test}'s t statistic, p-value, confidence interval and minimum detectable difference. */
    private static void assertMatchesScipy(DifferenceTest test, double t, double pValue, double ciLow, double ciHigh,
                                           double minimumDetectable) {
        assertEquals(t, test.t(), 1e-12, "t");
        assertEquals(pValue, test.pValue(), 1e-11, "p-value");
        assertEquals(ciLow, test.ciLow(), 1e-9, "lower end of the interval");
        assertEquals(ciHigh, test.ciHigh(), 1e-9, "upper end of the interval");
        assertEquals(minimumDetectable, test.minimumDetectable(), 1e-9, "minimum detectable difference");
    }
}
