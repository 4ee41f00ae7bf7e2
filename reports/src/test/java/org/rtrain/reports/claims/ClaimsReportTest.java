package org.rtrain.reports.claims;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.rtrain.reports.results.AttackPoint;
import org.rtrain.reports.results.RunResult;
import org.rtrain.reports.results.Scale;
import org.rtrain.reports.results.SyntheticResults;
import org.rtrain.reports.stats.DifferenceTest;
import org.rtrain.reports.tables.TableReportsTest;

/**
 * Claims from {@link SyntheticResults#fixture()}, whose LeNet base and R- runs share seeds (paired tests); p-values
 * and intervals from scipy.stats.ttest_rel / ttest_ind(equal_var=False) and scipy.stats.t.ppf.
 */
class ClaimsReportTest {

    private static final ClaimsReport QUICK = ClaimsReport.of(Scale.QUICK, SyntheticResults.fixture());

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
        assertEquals(DifferenceTest.Method.WELCH, ClaimsReport.judge(high, low, +1).test().method(),
                "no shared seeds: Welch");
        ClaimsReport.Judgement weak = ClaimsReport.judge(new double[] {85, 86, 84}, new double[] {85, 84, 86}, +1);
        assertEquals(ClaimVerdict.NO_EFFECT_DETECTED, weak.verdict());
        assertEquals(1.0, weak.test().pValue(), 1e-12);
        ClaimsReport.Judgement oneSeed = ClaimsReport.judge(new double[] {99}, low, +1);
        assertEquals(ClaimVerdict.NOT_TESTED, oneSeed.verdict());
        assertNull(oneSeed.test());
        assertEquals("fewer than 2 seeds on a side", oneSeed.reason());
        ClaimsReport.Judgement flat = ClaimsReport.judge(new double[] {70, 70}, new double[] {60, 60}, +1);
        assertEquals(ClaimVerdict.NOT_TESTED, flat.verdict());
        assertEquals("no variance across seeds", flat.reason());
    }

    @Test
    void sharedSeedsArePairedOnlyWhenTheSeedsMatch() {
        Map<Integer, ClaimsReport.SeededValue> challenger = Map.of(0, new ClaimsReport.SeededValue(7, 60),
                1, new ClaimsReport.SeededValue(8, 62), 2, new ClaimsReport.SeededValue(9, 61));
        Map<Integer, ClaimsReport.SeededValue> base = Map.of(0, new ClaimsReport.SeededValue(7, 50),
                1, new ClaimsReport.SeededValue(8, 52), 2, new ClaimsReport.SeededValue(9, 49));
        DifferenceTest paired = ClaimsReport.judge(challenger, base, +1).test();
        assertEquals(DifferenceTest.Method.PAIRED, paired.method());
        assertEquals(0.0038835098164954713, paired.pValue(), 1e-10);
        Map<Integer, ClaimsReport.SeededValue> otherSeeds = Map.of(0, new ClaimsReport.SeededValue(17, 50),
                1, new ClaimsReport.SeededValue(18, 52), 2, new ClaimsReport.SeededValue(19, 49));
        assertEquals(DifferenceTest.Method.WELCH, ClaimsReport.judge(challenger, otherSeeds, +1).test().method(),
                "same indices, other seeds: not pairs");
    }

    @Test
    void leNetClaimsAreComputedFromTheSeeds() {
        Claim clean = claim("MNIST / LeNet", "R- beats base on clean data");
        assertEquals(3, clean.challengerSeeds().n());
        assertEquals(3, clean.baseSeeds().n());
        assertEquals(DifferenceTest.Method.PAIRED, clean.test().method());
        assertEquals(1.86666666666666, clean.difference(), 1e-9);
        assertEquals(0.22, clean.paperDifference(), 1e-9, "paper: error 0.50 (base) vs 0.28 (R-)");
        // scipy: ttest_rel([92, 91.5, 92.1], [91, 89, 90]) -> p 0.053156669380457724, CI [-0.0629, 3.7962]
        assertEquals(0.053156669380457724, clean.test().pValue(), 1e-9);
        assertEquals(ClaimVerdict.NO_EFFECT_DETECTED, clean.verdict());
        assertEquals(Boolean.FALSE, clean.paperDifferenceExcluded(), "0.22 lies inside [-0.06, 3.80]");

        Claim fgsmClean = claim("MNIST / LeNet", "FGSM- loses to base on clean data");
        assertEquals(0, fgsmClean.challengerSeeds().n(), "FGSM-LeNet has no run");
        assertEquals(ClaimVerdict.NOT_TESTED, fgsmClean.verdict());
        assertEquals(-0.10, fgsmClean.paperDifference(), 1e-9);
        assertEquals(-1, fgsmClean.claimedSign());
        assertNull(fgsmClean.paperDifferenceExcluded());

        Claim fgsm = claim("MNIST / LeNet", "R- beats base under FGSM, ε = 0.1");
        assertEquals(10.666666666666664, fgsm.difference(), 1e-9);
        assertEquals(0.0038835098164954713, fgsm.test().pValue(), 1e-9);
        assertEquals(ClaimVerdict.SUPPORTED, fgsm.verdict());
        assertNull(fgsm.paperDifference(), "the paper prints no attack numbers");
        // Holm over the block's four tested claims of the paper: 0.00388 is the smallest, times 4.
        assertEquals(4 * 0.0038835098164954713, fgsm.holmPValue(), 1e-9);
        assertTrue(fgsm.reason().endsWith("holds after Holm"), fgsm.reason());

        Claim pgd = claim("MNIST / LeNet", "R- beats base under PGD, ε = 0.1");
        assertEquals(-3.6666666666666643, pgd.difference(), 1e-9);
        assertEquals(0.0315040030418138, pgd.test().pValue(), 1e-9);
        assertEquals(ClaimVerdict.CONTRADICTED, pgd.verdict());
        assertEquals(3 * 0.0315040030418138, pgd.holmPValue(), 1e-9);
        assertTrue(pgd.reason().endsWith("not after Holm"), pgd.reason());

        Claim crop = claim("MNIST / LeNet", "R- beats base under random crop");
        assertEquals(ClaimVerdict.NO_EFFECT_DETECTED, crop.verdict());
        assertEquals(1.0, crop.holmPValue(), 1e-12);
        assertEquals(5, QUICK.claims().stream().filter(c -> c.block().equals("MNIST / LeNet") && c.paperClaim())
                .count(), "clean x2, the one disturbance measured, FGSM and PGD at 0.1");
        assertEquals(0, QUICK.claims().stream().filter(c -> !c.paperClaim()).count(),
                "no FGSM- run in the fixture: no FGSM- comparisons beyond the paper's clean claim");
    }

    @Test
    void measuresThatRepeatCleanAccuracyAreNotClaims() {
        List<RunResult> results = new java.util.ArrayList<>();
        for (int seed = 0; seed < 3; seed++) {
            Map<String, Double> disturbed = Map.of("random_grayscale", 0.9 - seed / 100.0, "random_crop", 0.8);
            List<AttackPoint> attacks = List.of(SyntheticResults.attack("fgsm", 0.0, 0.9 - seed / 100.0),
                    SyntheticResults.attack("fgsm", 0.1, 0.5 + seed / 100.0));
            results.add(SyntheticResults.completed("4/MNIST/LeNet/base", "paper", seed, 0.9 - seed / 100.0, null,
                    disturbed, attacks, null, false));
            results.add(SyntheticResults.completed("4/MNIST/LeNet/r", "paper", seed, 0.91 - seed / 90.0, null,
                    disturbed, attacks, 0.1, false));
        }
        List<String> statements = ClaimsReport.of(Scale.PAPER, results).claims().stream().map(Claim::statement).toList();
        assertTrue(statements.contains("R- beats base under random crop"), statements.toString());
        assertTrue(statements.contains("R- beats base under FGSM, ε = 0.1"), statements.toString());
        assertTrue(statements.stream().noneMatch(s -> s.contains("grayscale") || s.contains("ε = 0,")
                || s.endsWith("ε = 0")), "grayscale of one-channel images and radius 0 repeat clean accuracy: "
                + statements);
    }

    @Test
    void blocksWithoutRunsAreListedAndCondenseNetGetsTable1sClaims() {
        Claim crop = claim("ImageNet-1k / CondenseNet (G=C=8)", "R- beats base under random crop");
        assertEquals(0.34, crop.paperDifference(), 1e-9, "Table 1: 70.38 - 70.04");
        assertEquals(0, crop.challengerSeeds().n());
        assertEquals(2, crop.baseSeeds().n());
        assertEquals(ClaimVerdict.NOT_TESTED, crop.verdict());
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
        assertEquals("paired", pgd.get("test"));
        assertEquals("0.0315040", pgd.get("p_value"));
        assertEquals("0.0945120", pgd.get("p_holm"));
        assertEquals("-3.67", pgd.get("difference"));
        assertEquals("-6.5351", pgd.get("ci_low"));
        assertEquals("-0.7982", pgd.get("ci_high"));
        assertEquals("3.5755", pgd.get("min_detectable"));
        assertEquals("3", pgd.get("n_challenger"));
        assertEquals("Fashion-MNIST", pgd.get("dataset_used"));
        TableReportsTest.assertColumnSpecMatchesCells(QUICK.latex());
        assertTrue(QUICK.latex().contains("R- beats base under PGD, $\\varepsilon$ = 0.1 & 3/3 & paired 3 & $-$3.67 "
                + "[$-$6.54, $-$0.80] & -- & -- & 3.58 & 0.0315 & 0.0945 & contradicted \\\\"), QUICK.latex());
        String text = QUICK.text();
        assertTrue(text.contains("MNIST / LeNet (runs on Fashion-MNIST)"), text);
        assertTrue(text.lines().anyMatch(l -> l.contains("R- beats base under FGSM, ε = 0.1")
                && l.contains("+10.67 [+7.80, +13.54]") && l.contains("0.00388") && l.contains("0.0155")
                && l.contains("supported (CI on the claimed side; holds after Holm)")), text);
        assertTrue(text.lines().anyMatch(l -> l.contains("R- beats base on clean data") && l.contains("+0.22 no")),
                "the paper's +0.22 lies inside the interval: " + text);
        assertTrue(text.contains("Not tested (no runs at this scale): "), text);
        assertTrue(ClaimsReport.of(Scale.PAPER, SyntheticResults.fixture()).text().contains("no claim tested"));
    }
}
