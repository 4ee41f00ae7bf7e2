package org.rtrain.experiments;

import java.util.Objects;

import org.rtrain.models.OptimizerSettings;

/**
 * How long and with what optimiser a spec trains.
 *
 * @param epochs    passes over the training examples
 * @param batchSize examples per step
 * @param optimizer optimiser, learning-rate schedule and weight decay
 */
public record TrainingPlan(int epochs, int batchSize, OptimizerSettings optimizer) {

    public TrainingPlan {
        if (epochs <= 0 || batchSize <= 0) {
            throw new IllegalArgumentException("epochs and batchSize must be positive, got " + epochs + " and "
                    + batchSize);
        }
        Objects.requireNonNull(optimizer, "optimizer");
    }
}
