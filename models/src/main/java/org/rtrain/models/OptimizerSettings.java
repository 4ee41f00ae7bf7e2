package org.rtrain.models;

import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.schedule.InverseSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * SGD with Nesterov momentum and L2 weight decay, with an optional "inv" learning-rate decay.
 *
 * @param learningRate initial step size, {@code > 0}
 * @param decayGamma   Caffe's "inv" policy: the rate at iteration t is
 *                     {@code learningRate * (1 + decayGamma * t)^(-decayPower)}; 0 keeps it constant
 * @param decayPower   exponent of that decay, {@code >= 0}
 * @param momentum     Nesterov momentum in [0, 1)
 * @param weightDecay  L2 coefficient {@code >= 0}: {@code weightDecay * w} is added to the gradient,
 *                     as Caffe's {@code weight_decay} and PyTorch's SGD {@code weight_decay} do
 */
public record OptimizerSettings(double learningRate, double decayGamma, double decayPower, double momentum,
                                double weightDecay) {

    public OptimizerSettings {
        requireFinite(learningRate, "learningRate", learningRate > 0, "> 0");
        requireFinite(decayGamma, "decayGamma", decayGamma >= 0, ">= 0");
        requireFinite(decayPower, "decayPower", decayPower >= 0, ">= 0");
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        requireFinite(weightDecay, "weightDecay", weightDecay >= 0, ">= 0");
    }

    /** A constant learning rate. */
    public static OptimizerSettings constant(double learningRate, double momentum, double weightDecay) {
        return new OptimizerSettings(learningRate, 0, 0, momentum, weightDecay);
    }

    /** The DL4J updater. */
    public IUpdater updater() {
        return decayGamma == 0 ? new Nesterovs(learningRate, momentum)
                : new Nesterovs(new InverseSchedule(ScheduleType.ITERATION, learningRate, decayGamma, decayPower),
                momentum);
    }

    private static void requireFinite(double value, String name, boolean inRange, String range) {
        if (!inRange || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number " + range + ", got " + value);
        }
    }
}
