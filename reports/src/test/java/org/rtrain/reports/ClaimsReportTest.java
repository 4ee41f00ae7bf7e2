package org.rtrain.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;

import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/** Claims from {@link SyntheticResults#fixture()}; p-values from scipy.stats.ttest_ind(equal_var=False). */
class ClaimsReportTest {

    private static final ClaimsReport QUICK = ClaimsReport.of("quick", SyntheticResults.fixture());

    private static Claim claim(String block, String statement) {
        return QUICK.claims().stream().filter(c -> c.block().equals(block) && c.statement().equals(statement))
                .findFirst().orElseThrow(() -> new AssertionError("no claim '" + statement + "' for " + block + " in "
                        + QUICK.claims().stream().map(c -> c.block() + ": " + c.statement()).toList()));
    }

    @Test
    void verdictsFollowTheRule() {
        double[] high = {60, 62, 61};
        double[] low = {50, 52, 49};
        assertEquals(ClaimVerdict.SUPPORTED, ClaimsReport.judge(high, low, +1).verdict());
        assertEquals(ClaimVerdict.CONTRADICTED, ClaimsReport.judge(high, low, -1).verdict());
        assertEquals(ClaimVerdict.SUPPORTED, ClaimsReport.judge(low, high, -1).verdict(), "FGSM- loses: lower wins");
        ClaimsReport.Judgement weak = ClaimsReport.judge(new double[] {85, 86, 84}, new double[] {85, 84, 86}, +1);
        assertEquals(ClaimVerdict.INCONCLUSIVE, weak.verdict());
        assertEquals(1.0, weak.test().pValue(), 1e-12);
        ClaimsReport.Judgement oneSeed = ClaimsReport.judge(new double[] {99}, low, +1);
        assertEquals(ClaimVerdict.INCONCLUSIVE, oneSeed.verdict());
        assertNull(oneSeed.test());
        assertEquals("fewer than 2 seeds on a side", oneSeed.reason());
        ClaimsReport.Judgement flat = ClaimsReport.judge(new double[] {70, 70}, new double[] {60, 60}, +1);
        assertEquals(ClaimVerdict.INCONCLUSIVE, flat.verdict());
        assertEquals("no variance across seeds", flat.reason());
    }

    @Test
    void leNetClaimsAreComputedFromTheSeeds() {
        Claim clean = claim("MNIST / LeNet", "R- beats base on clean data");
        assertEquals(3, clean.challengerSeeds().n());
        assertEquals(3, clean.baseSeeds().n());
        assertEquals(1.86666666666666, clean.difference(), 1e-9);
        assertEquals(0.22, clean.paperDifference(), 1e-9, "paper: error 0.50 (base) vs 0.28 (R-)");
        // scipy: ttest_ind([92, 91.5, 92.1], [91, 89, 90], equal_var=False) -> p 0.07217195933191534
        assertEquals(0.07217195933191534, clean.test().pValue(), 1e-9);
        assertEquals(ClaimVerdict.INCONCLUSIVE, clean.verdict());

        Claim fgsmClean = claim("MNIST / LeNet", "FGSM- loses to base on clean data");
        assertEquals(0, fgsmClean.challengerSeeds().n(), "FGSM-LeNet has no run");
        assertEquals(ClaimVerdict.INCONCLUSIVE, fgsmClean.verdict());
        assertEquals(-0.10, fgsmClean.paperDifference(), 1e-9);
        assertEquals(-1, fgsmClean.claimedSign());

        Claim fgsm = claim("MNIST / LeNet", "R- beats base under FGSM, ε = 0.1");
        assertEquals(10.666666666666664, fgsm.difference(), 1e-9);
        assertEquals(0.00110321148322261, fgsm.test().pValue(), 1e-9);
        assertEquals(ClaimVerdict.SUPPORTED, fgsm.verdict());
        assertNull(fgsm.paperDifference(), "the paper prints no attack numbers");

        Claim pgd = claim("MNIST / LeNet", "R- beats base under PGD, ε = 0.1");
        assertEquals(-3.6666666666666643, pgd.difference(), 1e-9);
        assertEquals(0.03219882155461843, pgd.test().pValue(), 1e-9);
        assertEquals(ClaimVerdict.CONTRADICTED, pgd.verdict());

        Claim crop = claim("MNIST / LeNet", "R- beats base under random crop");
        assertEquals(ClaimVerdict.INCONCLUSIVE, crop.verdict());
        assertEquals(5, QUICK.claims().stream().filter(c -> c.block().equals("MNIST / LeNet")).count(),
                "clean x2, the one disturbance measured, FGSM and PGD at 0.1");
    }

    @Test
    void blocksWithoutRunsAreListedAndCondenseNetGetsTable1sClaims() {
        Claim crop = claim("ImageNet-1k / CondenseNet (G=C=8)", "R- beats base under random crop");
        assertEquals(0.34, crop.paperDifference(), 1e-9, "Table 1: 70.38 - 70.04");
        assertEquals(0, crop.challengerSeeds().n());
        assertEquals(2, crop.baseSeeds().n());
        assertEquals(ClaimVerdict.INCONCLUSIVE, crop.verdict());
        Claim clean = claim("ImageNet-1k / CondenseNet (G=C=8)", "R- beats base on clean data");
        assertEquals(0.4, clean.paperDifference(), 1e-9, "Table 3: error 29.0 (base) vs 28.6 (R-)");
        assertTrue(QUICK.blocksWithoutRuns().contains("SVHN / Wide ResNet"), QUICK.blocksWithoutRuns().toString());
        assertTrue(QUICK.claims().stream().noneMatch(c -> c.model().equals("SENet")), "cited rows make no claim");
        assertTrue(QUICK.blocksWithoutRuns().stream().noneMatch(b -> b.contains("SENet")));
    }

    @Test
    void csvLatexAndTextCarryTheSameClaims() throws IOException {
        List<CSVRecord> rows = TableReportsTest.records(QUICK.csv());
        assertEquals(QUICK.claims().size(), rows.size());
        CSVRecord pgd = rows.stream().filter(r -> r.get("claim").equals("R- beats base under PGD, ε = 0.1"))
                .findFirst().orElseThrow();
        assertEquals("contradicted", pgd.get("verdict"));
        assertEquals("0.0321988", pgd.get("p_value"));
        assertEquals("-3.67", pgd.get("difference"));
        assertEquals("3", pgd.get("n_challenger"));
        assertEquals("Fashion-MNIST", pgd.get("dataset_used"));
        TableReportsTest.assertColumnSpecMatchesCells(QUICK.latex());
        assertTrue(QUICK.latex().contains("R- beats base under PGD, $\\varepsilon$ = 0.1 & 3/3 & $-$3.67 & -- & 0.0322 "
                + "& contradicted \\\\"), QUICK.latex());
        String text = QUICK.text();
        assertTrue(text.contains("MNIST / LeNet (runs on Fashion-MNIST)"), text);
        assertTrue(text.lines().anyMatch(l -> l.contains("R- beats base under FGSM, ε = 0.1") && l.contains("+10.67")
                && l.contains("0.00110") && l.contains("supported")), text);
        assertTrue(text.contains("Not tested (no runs at this scale): "), text);
        assertTrue(ClaimsReport.of("paper", SyntheticResults.fixture()).text().contains("no claim tested"));
    }
}
