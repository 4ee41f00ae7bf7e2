package org.rtrain.reports.claims;

import java.util.Objects;

import org.rtrain.reports.results.Scale;
import org.rtrain.reports.results.Variant;
import org.rtrain.reports.stats.DifferenceTest;
import org.rtrain.reports.stats.SeedSummary;

/**
 * One of the paper's claims about one block (a model on a dataset), tested on the seeds of one scale:
 * does the challenger (R- or FGSM-) do better or worse than the base model on a measure?
 * Differences are challenger minus base, in top-1 accuracy percentage points, so a positive
 * difference means the challenger is more accurate.
 *
 * @param scale           the scale
 * @param dataset         the paper's dataset of the block
 * @param model           the model of the block
 * @param statement       the claim, e.g. {@code R- beats base on clean data}
 * @param measure         what is compared, e.g. {@code top-1 accuracy (%) under FGSM, ε = 0.1}
 * @param challenger      the challenger's variant, R or FGSM
 * @param claimedSign     +1 when the claim is that the challenger is more accurate, -1 less
 * @param paperClaim      true for a claim the paper makes; false for a comparison of the FGSM- baseline that
 *                        the paper does not state (tested in a family of its own)
 * @param challengerSeeds the measure over the challenger's completed seeds
 * @param baseSeeds       the measure over the base model's completed seeds
 * @param paperDifference the difference the paper's table prints, or null when it prints none
 * @param test            the difference's test (paired on shared seeds, else Welch), or null when none could run
 * @param holmPValue      the test's p-value after Holm's correction over its family, or null without a test
 * @param verdict         the verdict under {@link ClaimsReport#RULE}
 * @param reason          why the verdict, in words
 * @param datasetsUsed    the datasets the block's runs actually used
 */
public record Claim(Scale scale, String dataset, String model, String statement, String measure, Variant challenger,
                    int claimedSign, boolean paperClaim, SeedSummary challengerSeeds, SeedSummary baseSeeds,
                    Double paperDifference, DifferenceTest test, Double holmPValue, ClaimVerdict verdict,
                    String reason, String datasetsUsed) {

    public Claim {
        Objects.requireNonNull(statement, "statement");
        Objects.requireNonNull(verdict, "verdict of " + statement);
        if (claimedSign != 1 && claimedSign != -1) {
            throw new IllegalArgumentException("claimedSign must be +1 or -1, got " + claimedSign);
        }
    }

    /** The difference: the test's (paired on shared seeds) or else challenger mean minus base mean (NaN if none). */
    public double difference() {
        return test != null ? test.difference() : challengerSeeds.mean() - baseSeeds.mean();
    }

    /**
     * Whether the paper's own difference lies outside this claim's 95% confidence interval; null when the paper
     * prints none or there is no interval.
     */
    public Boolean paperDifferenceExcluded() {
        return paperDifference == null || test == null ? null : test.excludes(paperDifference);
    }

    /** This claim with its Holm-adjusted p-value, its verdict's reason saying whether it survives the correction. */
    Claim withHolm(double adjusted) {
        String holm = verdict == ClaimVerdict.SUPPORTED || verdict == ClaimVerdict.CONTRADICTED
                ? (adjusted < ClaimsReport.ALPHA ? "; holds after Holm" : "; not after Holm") : "";
        return new Claim(scale, dataset, model, statement, measure, challenger, claimedSign, paperClaim,
                challengerSeeds, baseSeeds, paperDifference, test, adjusted, verdict, reason + holm, datasetsUsed);
    }

    /** The block, e.g. {@code MNIST / LeNet}. */
    public String block() {
        return dataset + " / " + model;
    }
}
