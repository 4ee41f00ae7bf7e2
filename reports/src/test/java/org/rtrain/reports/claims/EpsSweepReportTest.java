package org.rtrain.reports.claims;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.rtrain.reports.results.Scale;
import org.rtrain.reports.results.SyntheticResults;
import org.rtrain.reports.stats.DifferenceTest;

/**
 * The sweep of {@link SyntheticResults#fixture()}: base errors 9, 11, 10 %; R- (0.1) 8.0, 8.5, 7.9; sweep points
 * 0.05 (8.2, 8.4) and 0.2 (9.5, 9.9) on seeds 0 and 1. Reference values from scipy.stats.ttest_rel and t.ppf.
 */
class EpsSweepReportTest {

    private static final EpsSweepReport QUICK = EpsSweepReport.of(Scale.QUICK, SyntheticResults.fixture());

    @Test
    void everyEpsilonWithItsIntervalAndPairedDifference() {
        assertEquals(1, QUICK.blocks().size(), "only LeNet has sweep points");
        EpsSweepReport.Block lenet = QUICK.blocks().get(0);
        assertEquals("MNIST / LeNet", lenet.block());
        assertEquals(List.of(0.0, 0.05, 0.1, 0.2), lenet.points().stream().map(EpsSweepReport.Point::epsilon).toList());

        EpsSweepReport.Point base = lenet.points().get(0);
        assertEquals(10.0, base.errorPct().mean(), 1e-9);
        assertEquals(2.4841377117503303, base.ciHalf(), 1e-9, "t(0.975, 2) * sd / sqrt(3)");
        assertNull(base.versusBase());

        DifferenceTest small = lenet.points().get(1).versusBase();
        assertEquals(DifferenceTest.Method.PAIRED, small.method());
        assertEquals(2, small.n(), "paired on the two seeds the sweep point ran");
        assertEquals(-1.7, small.difference(), 1e-9);
        assertEquals(-13.135584262557217, small.ciLow(), 1e-9);
        assertEquals(0.30996967812164017, small.pValue(), 1e-9);

        DifferenceTest own = lenet.points().get(2).versusBase();
        assertEquals(-1.8666666666666665, own.difference(), 1e-9);
        assertEquals(0.053156669380457724, own.pValue(), 1e-9);
    }

    @Test
    void textCsvAndMarkdownCarryTheSamePoints() {
        assertTrue(QUICK.text().contains("0 (base)"), QUICK.text());
        assertTrue(QUICK.text().lines().anyMatch(l -> l.contains("0.05") && l.contains("-1.70 [-13.14, +9.74]")
                || l.contains("0.05") && l.contains("−1.70 [−13.14, +9.74]")), QUICK.text());
        assertEquals(5, QUICK.csv().lines().count(), "a header and four points");
        String markdown = QUICK.markdown("MNIST / LeNet");
        assertEquals(6, markdown.lines().count(), markdown);
        assertTrue(markdown.contains("| 0.2 | 2 | 9.70 ["), markdown);
        assertEquals("", QUICK.markdown("SVHN / Wide ResNet"));
        assertTrue(EpsSweepReport.of(Scale.PAPER, SyntheticResults.fixture()).blocks().isEmpty());
    }

    @Test
    void theAnswerQuotesTheClaimsAndTheSweep() {
        String answer = AnswerReport.markdown(Scale.QUICK, SyntheticResults.fixture(), "MNIST / LeNet");
        assertTrue(answer.startsWith("Test accuracy (%), mean ± sample standard deviation over seeds: LeNet 90.00 ± "
                + "1.00 (3 seeds); R-LeNet 91.87 ± 0.32 (3 seeds) on Fashion-MNIST."), answer);
        assertTrue(answer.contains("| FGSM, ε = 0.1 | 3/3 | +10.67 [+7.80, +13.54] | supported | – | – | 3.58 | "
                + "0.00388 | 0.0155 |"), answer);
        assertTrue(answer.contains("| PGD, ε = 0.1 | 3/3 | −3.67 [−6.54, −0.80] | contradicted (not after Holm) |"),
                answer);
        assertTrue(answer.contains("| clean | 3/3 | +1.87 [−0.06, +3.80] | no effect detected | +0.22 | no |"),
                answer);
        assertTrue(answer.contains("The eps sweep"), answer);
    }
}
