package org.rtrain.models.training;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.InverseSchedule;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.shade.jackson.annotation.JsonSubTypes;
import org.nd4j.shade.jackson.annotation.JsonTypeInfo;

/**
 * How the learning rate of an {@link OptimizerSettings} changes during training, as a validated,
 * JSON-serialisable record that becomes a DL4J {@link ISchedule}.
 *
 * <p>Epoch-based schedules read DL4J's epoch counter, which a training loop advances with
 * {@code network.incrementEpochCount()} after each pass over the data (DL4J's own
 * {@code fit(iterator, epochs)} does it too). Epochs count from 0.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = LearningRateSchedule.Constant.class, name = "constant"),
        @JsonSubTypes.Type(value = LearningRateSchedule.Inverse.class, name = "inv"),
        @JsonSubTypes.Type(value = LearningRateSchedule.StepDecay.class, name = "step"),
        @JsonSubTypes.Type(value = LearningRateSchedule.Cosine.class, name = "cosine"),
        @JsonSubTypes.Type(value = LearningRateSchedule.Exponential.class, name = "exponential"),
})
public sealed interface LearningRateSchedule {

    /** The DL4J schedule starting from {@code learningRate}, or null for a constant rate. */
    ISchedule toSchedule(double learningRate);

    /** The rate never changes. */
    record Constant() implements LearningRateSchedule {
        @Override
        public ISchedule toSchedule(double learningRate) {
            return null;
        }
    }

    /**
     * Caffe's "inv" policy, per iteration {@code t}: {@code rate * (1 + gamma * t)^(-power)}.
     *
     * @param gamma {@code > 0}
     * @param power {@code >= 0}
     */
    record Inverse(double gamma, double power) implements LearningRateSchedule {
        public Inverse {
            OptimizerSettings.requireFinite(gamma, "inv schedule gamma", gamma > 0, "> 0");
            OptimizerSettings.requireFinite(power, "inv schedule power", power >= 0, ">= 0");
        }

        @Override
        public ISchedule toSchedule(double learningRate) {
            return new InverseSchedule(ScheduleType.ITERATION, learningRate, gamma, power);
        }
    }

    /**
     * Step decay by epoch: the rate is multiplied by {@code factor} at the start of each milestone
     * epoch (0-based), e.g. Wide ResNets' {@code [59, 119, 159]} with factor 0.2.
     *
     * @param milestones strictly increasing epochs {@code >= 1}
     * @param factor     multiplier in (0, 1]
     */
    record StepDecay(List<Integer> milestones, double factor) implements LearningRateSchedule {
        public StepDecay {
            milestones = List.copyOf(milestones);
            if (milestones.isEmpty()) {
                throw new IllegalArgumentException("step schedule milestones must not be empty");
            }
            for (int i = 0; i < milestones.size(); i++) {
                int previous = i == 0 ? 0 : milestones.get(i - 1);
                if (milestones.get(i) <= previous) {
                    throw new IllegalArgumentException("step schedule milestones must be strictly increasing epochs "
                            + ">= 1, got " + milestones);
                }
            }
            OptimizerSettings.requireFinite(factor, "step schedule factor", factor > 0 && factor <= 1, "in (0, 1]");
        }

        @Override
        public ISchedule toSchedule(double learningRate) {
            Map<Integer, Double> rates = new TreeMap<>();
            rates.put(0, learningRate);
            double rate = learningRate;
            for (int milestone : milestones) {
                rate *= factor;
                rates.put(milestone, rate);
            }
            return new MapSchedule(ScheduleType.EPOCH, rates);
        }
    }

    /**
     * Cosine annealing over the epochs (Loshchilov and Hutter 2017, as CondenseNet uses it):
     * {@code rate * (1 + cos(pi * e / epochs)) / 2} at epoch {@code e}, 0 from epoch {@code epochs}.
     * The rate changes once per epoch; CondenseNet's code changes it every iteration.
     *
     * @param epochs length of the run, {@code >= 1}
     */
    record Cosine(int epochs) implements LearningRateSchedule {
        public Cosine {
            if (epochs < 1) {
                throw new IllegalArgumentException("cosine schedule epochs must be >= 1, got " + epochs);
            }
        }

        @Override
        public ISchedule toSchedule(double learningRate) {
            return new CosineSchedule(learningRate, epochs);
        }
    }

    /**
     * TensorFlow's {@code exponential_decay} without staircase, per iteration {@code t}:
     * {@code rate * decayRate^(t / decaySteps)} (Sabour et al.'s CapsNet code).
     *
     * @param decayRate  multiplier per {@code decaySteps} iterations, in (0, 1]
     * @param decaySteps iterations per factor of {@code decayRate}, {@code >= 1}
     */
    record Exponential(double decayRate, int decaySteps) implements LearningRateSchedule {
        public Exponential {
            OptimizerSettings.requireFinite(decayRate, "exponential schedule decayRate",
                    decayRate > 0 && decayRate <= 1, "in (0, 1]");
            if (decaySteps < 1) {
                throw new IllegalArgumentException("exponential schedule decaySteps must be >= 1, got " + decaySteps);
            }
        }

        @Override
        public ISchedule toSchedule(double learningRate) {
            return new ExponentialSchedule(ScheduleType.ITERATION, learningRate, Math.pow(decayRate, 1.0 / decaySteps));
        }
    }
}
