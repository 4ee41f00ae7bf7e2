package org.rtrain.perturb;

import java.util.Arrays;
import java.util.Objects;

import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.api.ops.random.impl.BernoulliDistribution;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonIgnore;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training-time sign perturbation {@code g(x) = x + eps * x * l(x)}.
 *
 * <p>From Di, Yu and Tian, "Towards Adversarial Training with Moderate Performance Improvement
 * for Neural Network Classification" (arXiv 1807.00340), section 3.3.
 *
 * <p>Use it where the paper's R- models use it: on the input and on hidden activations of a
 * network during training. It needs no gradient and no extra forward pass, only one random draw
 * per element; at inference the network runs without it. It implements DL4J's {@link IDropout},
 * so {@code .dropOut(new SignPerturbation(0.1))} puts it on the input of any layer that honours
 * dropout, and a saved network keeps it; {@link PerturbationPlacement} places it on a whole
 * network without discarding a dropout a layer already has.
 *
 * <p>The formula: {@code l(x) = +sgn(x)} with probability {@code growProbability} (the paper's
 * {@code p}) and {@code -sgn(x)} otherwise. Since {@code x * sgn(x) = |x|}, {@code g(x) = x * m}
 * with {@code m = 1 + eps} (magnitude grows) or {@code m = 1 - eps} (magnitude shrinks); the
 * backward pass multiplies the incoming gradient by the same {@code m}. The paper's analysis
 * assumes {@code eps < 1}; larger values are accepted with a warning.
 */
public final class SignPerturbation implements IDropout {

    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(SignPerturbation.class);

    @JsonProperty("epsilon")
    private final double epsilon;
    @JsonProperty("epsilonSchedule")
    private final ISchedule epsilonSchedule;
    @JsonProperty("growProbability")
    private final double growProbability;
    @JsonProperty("granularity")
    private final PerturbationGranularity granularity;

    /** The multiplier of the last training forward pass, kept for its backward pass. */
    @JsonIgnore
    private transient INDArray lastMultiplier;

    /** A per-element perturbation with the paper's {@code p = 0.5}. */
    public SignPerturbation(double epsilon) {
        this(epsilon, null, 0.5, PerturbationGranularity.ELEMENT);
    }

    /** A per-element perturbation with the given probability that a magnitude grows. */
    public SignPerturbation(double epsilon, double growProbability) {
        this(epsilon, null, growProbability, PerturbationGranularity.ELEMENT);
    }

    /**
     * The general form.
     *
     * @param epsilon         the relative size of the perturbation, {@code >= 0}; ignored when a
     *                        schedule is given
     * @param epsilonSchedule optional: epsilon as a function of iteration and epoch
     * @param growProbability probability in [0, 1] that an element's magnitude grows
     * @param granularity     how many independent draws a tensor gets
     */
    @JsonCreator
    public SignPerturbation(@JsonProperty("epsilon") double epsilon,
                            @JsonProperty("epsilonSchedule") ISchedule epsilonSchedule,
                            @JsonProperty("growProbability") double growProbability,
                            @JsonProperty("granularity") PerturbationGranularity granularity) {
        if (epsilonSchedule == null) {
            checkEpsilon(epsilon, "epsilon");
        }
        if (!(growProbability >= 0.0 && growProbability <= 1.0)) {
            throw new IllegalArgumentException("SignPerturbation: growProbability must be in [0, 1], got "
                    + growProbability);
        }
        this.epsilon = epsilon;
        this.epsilonSchedule = epsilonSchedule;
        this.growProbability = growProbability;
        this.granularity = granularity == null ? PerturbationGranularity.ELEMENT : granularity;
    }

    /** A copy whose epsilon follows {@code schedule} over iterations or epochs. */
    public SignPerturbation withEpsilonSchedule(ISchedule schedule) {
        return new SignPerturbation(epsilon, Objects.requireNonNull(schedule, "schedule"), growProbability,
                granularity);
    }

    /** A copy with another granularity. */
    public SignPerturbation withGranularity(PerturbationGranularity newGranularity) {
        return new SignPerturbation(epsilon, epsilonSchedule, growProbability,
                Objects.requireNonNull(newGranularity, "granularity"));
    }

    public double epsilon() {
        return epsilon;
    }

    public ISchedule epsilonSchedule() {
        return epsilonSchedule;
    }

    public double growProbability() {
        return growProbability;
    }

    public PerturbationGranularity granularity() {
        return granularity;
    }

    /** Epsilon in force at the given iteration and epoch. */
    public double epsilonAt(int iteration, int epoch) {
        if (epsilonSchedule == null) {
            return epsilon;
        }
        double value = epsilonSchedule.valueAt(iteration, epoch);
        checkEpsilon(value, "epsilonSchedule value at iteration " + iteration + ", epoch " + epoch);
        return value;
    }

    /**
     * The function form, for any array outside a DL4J network: returns {@code g(x)} as a new
     * array, drawing from {@code random}; {@code x} is not modified. With an epsilon schedule, its
     * value at iteration 0, epoch 0 is used.
     */
    public INDArray apply(INDArray x, Random random) {
        INDArray multiplier = drawMultiplier(x, epsilonAt(0, 0), random);
        return multiply(x, multiplier, null);
    }

    /**
     * The multiplier {@code m} (1 - eps or 1 + eps) for an array shaped like {@code x}: the full
     * shape for {@link PerturbationGranularity#ELEMENT}, {@code [batch]} for SAMPLE and
     * {@code [batch, channels]} for CHANNEL.
     */
    public INDArray drawMultiplier(INDArray x, double eps, Random random) {
        checkFloatingPoint(x);
        return fillMultiplier(Nd4j.createUninitialized(x.dataType(), multiplierShape(x)), eps, random);
    }

    private INDArray fillMultiplier(INDArray target, double eps, Random random) {
        Nd4j.getExecutioner().exec(new BernoulliDistribution(target, growProbability), random);
        // Bernoulli b in {0, 1} becomes m = (1 - eps) + 2 * eps * b in {1 - eps, 1 + eps}.
        return target.muli(2.0 * eps).addi(1.0 - eps);
    }

    private static void checkFloatingPoint(INDArray x) {
        if (!x.dataType().isFPType()) {
            throw new IllegalArgumentException("SignPerturbation: expected floating-point activations, got "
                    + x.dataType() + " with shape " + Arrays.toString(x.shape()));
        }
    }

    @Override
    public INDArray applyDropout(INDArray inputActivations, INDArray resultArray, int iteration, int epoch,
                                 LayerWorkspaceMgr workspaceMgr) {
        checkFloatingPoint(inputActivations);
        // The multiplier must outlive this forward pass until backprop: DL4J's INPUT workspace does.
        INDArray multiplier = fillMultiplier(workspaceMgr.createUninitialized(ArrayType.INPUT,
                inputActivations.dataType(), multiplierShape(inputActivations)), epsilonAt(iteration, epoch),
                Nd4j.getRandom());
        lastMultiplier = multiplier;
        INDArray result = resultArray != null ? resultArray
                : workspaceMgr.createUninitialized(ArrayType.INPUT, inputActivations.dataType(),
                inputActivations.shape(), inputActivations.ordering());
        return multiply(inputActivations, multiplier, result);
    }

    @Override
    public INDArray backprop(INDArray gradAtOutput, INDArray gradAtInput, int iteration, int epoch) {
        if (lastMultiplier == null) {
            throw new IllegalStateException("SignPerturbation.backprop called without a preceding training "
                    + "forward pass (applyDropout)");
        }
        return multiply(gradAtOutput, lastMultiplier, gradAtInput);
    }

    @Override
    public void clear() {
        lastMultiplier = null;
    }

    @Override
    public SignPerturbation clone() {
        return new SignPerturbation(epsilon, epsilonSchedule == null ? null : epsilonSchedule.clone(),
                growProbability, granularity);
    }

    private long[] multiplierShape(INDArray x) {
        long[] shape = x.shape();
        switch (granularity) {
            case SAMPLE:
                return new long[] {shape[0]};
            case CHANNEL:
                return shape.length <= 2 ? shape : new long[] {shape[0], shape[1]};
            default:
                return shape;
        }
    }

    /** {@code x * m} into {@code out} (a new array when null), broadcasting m over x's trailing axes. */
    private static INDArray multiply(INDArray x, INDArray multiplier, INDArray out) {
        INDArray target = out != null ? out : Nd4j.createUninitialized(x.dataType(), x.shape(), x.ordering());
        if (multiplier.rank() == x.rank()) {
            return x.mul(multiplier, target);
        }
        int[] axes = multiplier.rank() == 1 ? new int[] {0} : new int[] {0, 1};
        Nd4j.getExecutioner().exec(new BroadcastMulOp(x, multiplier, target, axes));
        return target;
    }

    private static void checkEpsilon(double value, String what) {
        if (Double.isNaN(value) || value < 0.0 || Double.isInfinite(value)) {
            throw new IllegalArgumentException("SignPerturbation: " + what
                    + " must be a finite number >= 0, got " + value);
        }
        if (value >= 1.0) {
            log.warn("SignPerturbation: {} = {} is >= 1: multipliers 1 - eps <= 0 flip or zero signs, "
                    + "outside the paper's analysis (which assumes eps < 1)", what, value);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SignPerturbation)) {
            return false;
        }
        SignPerturbation that = (SignPerturbation) o;
        return Double.compare(epsilon, that.epsilon) == 0
                && Double.compare(growProbability, that.growProbability) == 0
                && Objects.equals(epsilonSchedule, that.epsilonSchedule)
                && granularity == that.granularity;
    }

    @Override
    public int hashCode() {
        return Objects.hash(epsilon, epsilonSchedule, growProbability, granularity);
    }

    @Override
    public String toString() {
        return "SignPerturbation(epsilon=" + (epsilonSchedule == null ? epsilon : epsilonSchedule)
                + ", growProbability=" + growProbability + ", granularity=" + granularity + ")";
    }
}
