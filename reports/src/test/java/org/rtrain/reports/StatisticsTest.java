package org.rtrain.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.stat.inference.TTest;
import org.junit.jupiter.api.Test;

/**
 * Reference values computed independently with Python:
 * {@code python3 -c "from scipy import stats; print(stats.ttest_ind(a, b, equal_var=False))"} and
 * {@code statistics.mean/stdev}.
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
        // statistic -1.1547005383792517, pvalue 0.3008027072551761, df 4.959183673469389
        WelchTest test = WelchTest.of(new double[] {1, 2, 3, 4}, new double[] {2.5, 3.5, 4.5});
        assertEquals(-1.1547005383792517, test.t(), 1e-12);
        assertEquals(4.959183673469389, test.degreesOfFreedom(), 1e-12);
        assertEquals(0.3008027072551761, test.pValue(), 1e-9);

        // [60,62,61] vs [50,52,49]: statistic 10.119288512538812, pvalue 0.00110321148322261, df 3.4482758620689653
        WelchTest strong = WelchTest.of(new double[] {60, 62, 61}, new double[] {50, 52, 49});
        assertEquals(10.119288512538812, strong.t(), 1e-10);
        assertEquals(3.4482758620689653, strong.degreesOfFreedom(), 1e-10);
        assertEquals(0.00110321148322261, strong.pValue(), 1e-11);
    }

    @Test
    void welchAgreesWithCommonsMathsOwnTest() {
        double[] a = {91.2, 90.8, 91.9, 90.1, 91.5};
        double[] b = {89.9, 90.4, 90.0};
        assertEquals(new TTest().tTest(a, b), WelchTest.of(a, b).pValue(), 1e-12);
    }

    @Test
    void welchRefusesWhatItCannotTest() {
        assertThrows(IllegalArgumentException.class, () -> WelchTest.of(new double[] {1}, new double[] {1, 2}));
        assertThrows(IllegalArgumentException.class, () -> WelchTest.of(new double[] {1, 1}, new double[] {2, 2}));
    }
}
