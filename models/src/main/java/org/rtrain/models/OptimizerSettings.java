package org.rtrain.models;

import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;

/**
 * SGD with Nesterov momentum and L2 weight decay, the optimiser of every model in the paper's
 * tables as their own papers train them.
 *
 * @param learningRate step size, {@code > 0}
 * @param momentum     Nesterov momentum in [0, 1)
 * @param weightDecay  L2 coefficient {@code >= 0}: {@code weightDecay * w} is added to the gradient,
 *                     as Caffe's {@code weight_decay} and PyTorch's SGD {@code weight_decay} do
 */
public record OptimizerSettings(double learningRate, double momentum, double weightDecay) {

    public OptimizerSettings {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be a finite number > 0, got " + learningRate);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weightDecay must be a finite number >= 0, got " + weightDecay);
        }
    }

    /** The DL4J updater. */
    public IUpdater updater() {
        return new Nesterovs(learningRate, momentum);
    }
}
