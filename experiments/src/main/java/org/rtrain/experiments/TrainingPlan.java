package org.rtrain.experiments;

import org.rtrain.models.OptimizerSettings;

/**
 * How long and with what optimiser a spec trains.
 *
 * @param epochs        passes over the training examples
 * @param batchSize     examples per step
 * @param trainLimit    train on the first this-many training examples (all when larger)
 * @param testLimit     evaluate on the first this-many test examples (all when larger)
 * @param optimizer     SGD settings
 */
public record TrainingPlan(int epochs, int batchSize, int trainLimit, int testLimit, OptimizerSettings optimizer) {

    public TrainingPlan {
        if (epochs <= 0 || batchSize <= 0 || trainLimit <= 0 || testLimit <= 0) {
            throw new IllegalArgumentException("epochs, batchSize, trainLimit and testLimit must be positive, got "
                    + epochs + ", " + batchSize + ", " + trainLimit + ", " + testLimit);
        }
        if (optimizer == null) {
            throw new IllegalArgumentException("optimizer is required");
        }
    }
}
