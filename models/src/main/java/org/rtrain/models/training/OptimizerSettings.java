package org.rtrain.models.training;

import java.util.Objects;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * How a zoo network is trained: the update rule, its learning-rate schedule and L2 weight decay.
 *
 * <p>Weight decay is DL4J's {@code l2}: {@code weightDecay * w} is added to the gradient before
 * the update rule, as Caffe's {@code weight_decay}, Torch's {@code optim.sgd} and PyTorch's SGD
 * {@code weight_decay} do (DL4J's own {@code weightDecay} is the decoupled form, applied after the
 * update rule, and is not used here). It always applies to weights (also of DL4J's capsule layers);
 * {@code decayBiases} extends it to biases ({@code l2Bias}). DL4J never decays batch normalisation's
 * scale and shift ({@code BatchNormalization.getRegularizationByParam} returns no regulariser),
 * whereas the Torch code of Wide ResNets and stochastic depth decays every parameter.
 *
 * @param method       the update rule
 * @param learningRate initial learning rate, {@code > 0}
 * @param momentum     momentum coefficient of {@link Method#NESTEROV} and {@link Method#MOMENTUM};
 *                     Adam's {@code beta1} for {@link Method#ADAM}; in [0, 1)
 * @param schedule     how the learning rate changes
 * @param weightDecay  L2 coefficient, {@code >= 0}
 * @param decayBiases  whether biases are decayed too (Caffe's and Torch's default)
 */
public record OptimizerSettings(Method method, double learningRate, double momentum, LearningRateSchedule schedule,
                                double weightDecay, boolean decayBiases) {

    /** Update rules. */
    public enum Method {
        /** SGD with Nesterov momentum: DL4J's {@code Nesterovs}. */
        NESTEROV,
        /** SGD with classical momentum, in Caffe's form: {@link ClassicalMomentum}. */
        MOMENTUM,
        /** Adam (Kingma and Ba 2015), beta2 0.999, epsilon 1e-8 (TensorFlow's defaults). */
        ADAM
    }

    public OptimizerSettings {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(schedule, "schedule");
        requireFinite(learningRate, "learningRate", learningRate > 0, "> 0");
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        requireFinite(weightDecay, "weightDecay", weightDecay >= 0, ">= 0");
    }

    /** SGD with Nesterov momentum at a constant rate, decaying weights only. */
    public static OptimizerSettings constant(double learningRate, double momentum, double weightDecay) {
        return new OptimizerSettings(Method.NESTEROV, learningRate, momentum, new LearningRateSchedule.Constant(),
                weightDecay, false);
    }

    /** A copy with another schedule. */
    public OptimizerSettings withSchedule(LearningRateSchedule newSchedule) {
        return new OptimizerSettings(method, learningRate, momentum, newSchedule, weightDecay, decayBiases);
    }

    /** The DL4J updater: the update rule with its learning-rate schedule. */
    public IUpdater updater() {
        ISchedule rate = schedule.toSchedule(learningRate);
        return switch (method) {
            case NESTEROV -> rate == null ? new Nesterovs(learningRate, momentum) : new Nesterovs(rate, momentum);
            case MOMENTUM -> new ClassicalMomentum(learningRate, rate, momentum);
            case ADAM -> {
                Adam adam = new Adam(learningRate, momentum, Adam.DEFAULT_ADAM_BETA2_VAR_DECAY, Adam.DEFAULT_ADAM_EPSILON);
                adam.setLearningRateSchedule(rate);
                yield adam;
            }
        };
    }

    /** Sets the updater and the L2 weight decay of {@code builder}, and returns it. */
    public NeuralNetConfiguration.Builder configure(NeuralNetConfiguration.Builder builder) {
        return builder.updater(updater()).l2(weightDecay).l2Bias(decayBiases ? weightDecay : 0.0);
    }

    static void requireFinite(double value, String name, boolean inRange, String range) {
        if (!inRange || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number " + range + ", got " + value);
        }
    }
}
