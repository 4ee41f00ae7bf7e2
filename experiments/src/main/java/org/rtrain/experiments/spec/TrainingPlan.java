package org.rtrain.experiments.spec;

import java.util.Objects;

import org.rtrain.models.training.OptimizerSettings;

/**
 * How long and with what optimiser a spec trains.
 *
 * @param epochs    passes over the training examples
 * @param batchSize examples per step
 * @param optimizer optimiser, learning-rate schedule and weight decay
 * @param maxSteps  stop after this many steps in all, part-way through the last epoch where it falls (Caffe's
 *                  {@code max_iter}); null trains every step of {@code epochs} epochs
 */
public record TrainingPlan(int epochs, int batchSize, OptimizerSettings optimizer, Integer maxSteps) {

    public TrainingPlan {
        if (epochs <= 0 || batchSize <= 0) {
            throw new IllegalArgumentException("epochs and batchSize must be positive, got " + epochs + " and "
                    + batchSize);
        }
        Objects.requireNonNull(optimizer, "optimizer");
        if (maxSteps != null && maxSteps <= 0) {
            throw new IllegalArgumentException("maxSteps must be positive or null (every step of every epoch), got "
                    + maxSteps);
        }
    }

    /** A plan that trains every step of {@code epochs} epochs. */
    public TrainingPlan(int epochs, int batchSize, OptimizerSettings optimizer) {
        this(epochs, batchSize, optimizer, null);
    }

    /** The steps trained in epoch {@code epoch} (from 0) of {@code batchesPerEpoch} batches: 0 once maxSteps is reached. */
    public int stepsInEpoch(int epoch, int batchesPerEpoch) {
        if (maxSteps == null) {
            return batchesPerEpoch;
        }
        long before = (long) epoch * batchesPerEpoch;
        return (int) Math.max(0, Math.min(batchesPerEpoch, maxSteps - before));
    }

    /** The steps of the whole plan at {@code batchesPerEpoch} batches an epoch. */
    public long totalSteps(int batchesPerEpoch) {
        long all = (long) epochs * batchesPerEpoch;
        return maxSteps == null ? all : Math.min(all, maxSteps);
    }
}
