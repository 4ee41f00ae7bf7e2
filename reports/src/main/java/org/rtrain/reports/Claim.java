package org.rtrain.reports;

import java.util.Objects;

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
 * @param challenger      the challenger's variant, {@code r} or {@code fgsm}
 * @param claimedSign     +1 when the claim is that the challenger is more accurate, -1 less
 * @param challengerSeeds the measure over the challenger's completed seeds
 * @param baseSeeds       the measure over the base model's completed seeds
 * @param paperDifference the difference the paper's table prints, or null when it prints none
 * @param test            Welch's test of the two samples, or null when it could not be run
 * @param verdict         the verdict under {@link ClaimsReport#RULE}
 * @param reason          why the verdict, in words
 * @param datasetsUsed    the datasets the block's runs actually used
 */
public record Claim(String scale, String dataset, String model, String statement, String measure, String challenger,
                    int claimedSign, SeedSummary challengerSeeds, SeedSummary baseSeeds, Double paperDifference,
                    WelchTest test, ClaimVerdict verdict, String reason, String datasetsUsed) {

    public Claim {
        Objects.requireNonNull(statement, "statement");
        Objects.requireNonNull(verdict, "verdict of " + statement);
        if (claimedSign != 1 && claimedSign != -1) {
            throw new IllegalArgumentException("claimedSign must be +1 or -1, got " + claimedSign);
        }
    }

    /** Challenger mean minus base mean (NaN when either side has no values). */
    public double difference() {
        return challengerSeeds.mean() - baseSeeds.mean();
    }

    /** The block, e.g. {@code MNIST / LeNet}. */
    public String block() {
        return dataset + " / " + model;
    }
}
