package org.rtrain.perturb;

import java.util.Arrays;
import java.util.Objects;

import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
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
 * network during training. It needs no gradient and no extra forward pass; at inference the network
 * runs without it. Its cost is one pass over the activations forward and one over the gradient
 * backward, with one random bit per element (32 when {@code growProbability} is not 0.5): the random
 * bits are expanded into multipliers on the fly, and only the seed of the draw is kept for the
 * backward pass, which recomputes them. It implements DL4J's {@link IDropout},
 * so {@code .dropOut(new SignPerturbation(0.1))} puts it on the input of any layer that honours
 * dropout, and a saved network keeps it; {@link PerturbationPlacement} places it on a whole
 * network without discarding a dropout a layer already has.
 *
 * <p>The formula: {@code l(x) = +sgn(x)} with probability {@code growProbability} (the paper's
 * {@code p}) and {@code -sgn(x)} otherwise. Since {@code x * sgn(x) = |x|}, {@code g(x) = x * m}
 * with {@code m = 1 + eps} (magnitude grows) or {@code m = 1 - eps} (magnitude shrinks); the
 * backward pass multiplies the incoming gradient by the same {@code m}. The paper's analysis
 * assumes {@code eps < 1}; larger values are accepted with a warning.
 *
 * <p>On ND4J's CPU backend the multipliers are applied by a fused kernel over the array's host
 * memory; on any other backend (or for arrays outside host memory) by ND4J operations, with the same
 * multipliers bit for bit ({@link PerturbationPath}).
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
    @JsonProperty("path")
    private final PerturbationPath path;

    /** The last training forward pass: its backward pass recomputes the multipliers from it. */
    @JsonIgnore
    private transient Forward lastForward;

    /** A training forward pass: its draw, and the input shape and element order it applied to. */
    private record Forward(SignDraw draw, long[] shape, char order) {
    }

    /** A per-element perturbation with the paper's {@code p = 0.5}. */
    public SignPerturbation(double epsilon) {
        this(epsilon, null, 0.5, PerturbationGranularity.ELEMENT);
    }

    /** A per-element perturbation with the given probability that a magnitude grows. */
    public SignPerturbation(double epsilon, double growProbability) {
        this(epsilon, null, growProbability, PerturbationGranularity.ELEMENT);
    }

    /** The general form on the {@link PerturbationPath#AUTO} path. */
    public SignPerturbation(double epsilon, ISchedule epsilonSchedule, double growProbability,
                            PerturbationGranularity granularity) {
        this(epsilon, epsilonSchedule, growProbability, granularity, PerturbationPath.AUTO);
    }

    /**
     * The general form.
     *
     * @param epsilon         the relative size of the perturbation, {@code >= 0}; ignored when a
     *                        schedule is given
     * @param epsilonSchedule optional: epsilon as a function of iteration and epoch
     * @param growProbability probability in [0, 1] that an element's magnitude grows
     * @param granularity     how many independent draws a tensor gets
     * @param path            which implementation applies the multipliers; null means AUTO (what
     *                        models saved before the path existed hold)
     */
    @JsonCreator
    public SignPerturbation(@JsonProperty("epsilon") double epsilon,
                            @JsonProperty("epsilonSchedule") ISchedule epsilonSchedule,
                            @JsonProperty("growProbability") double growProbability,
                            @JsonProperty("granularity") PerturbationGranularity granularity,
                            @JsonProperty("path") PerturbationPath path) {
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
        this.path = path == null ? PerturbationPath.AUTO : path;
    }

    /** A copy whose epsilon follows {@code schedule} over iterations or epochs. */
    public SignPerturbation withEpsilonSchedule(ISchedule schedule) {
        return new SignPerturbation(epsilon, Objects.requireNonNull(schedule, "schedule"), growProbability,
                granularity, path);
    }

    /** A copy with another granularity. */
    public SignPerturbation withGranularity(PerturbationGranularity newGranularity) {
        return new SignPerturbation(epsilon, epsilonSchedule, growProbability,
                Objects.requireNonNull(newGranularity, "granularity"), path);
    }

    /** A copy that applies its multipliers through {@code newPath}. */
    public SignPerturbation withPath(PerturbationPath newPath) {
        return new SignPerturbation(epsilon, epsilonSchedule, growProbability, granularity,
                Objects.requireNonNull(newPath, "path"));
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

    public PerturbationPath path() {
        return path;
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
     * array, drawing one {@code nextLong()} from {@code random}; {@code x} is not modified. With an
     * epsilon schedule, its value at iteration 0, epoch 0 is used.
     */
    public INDArray apply(INDArray x, Random random) {
        checkFloatingPoint(x);
        SignDraw draw = SignDraw.of(random.nextLong(), epsilonAt(0, 0), growProbability);
        char order = SignKernel.drawOrder(x);
        return multiply(x, draw, order, Nd4j.createUninitialized(x.dataType(), x.shape(), order));
    }

    /**
     * The multiplier {@code m} (1 - eps or 1 + eps) for an array shaped like {@code x}, drawing one
     * {@code nextLong()} from {@code random}: the full shape for {@link PerturbationGranularity#ELEMENT},
     * {@code [batch]} for SAMPLE and {@code [batch, channels]} for CHANNEL. From the same state of
     * {@code random}, {@link #apply} multiplies by exactly this {@code m}. The draws follow
     * row-major order, or the memory order of {@code x} when it is contiguous column-major only;
     * {@code m} has that order.
     */
    public INDArray drawMultiplier(INDArray x, double eps, Random random) {
        checkFloatingPoint(x);
        return multiplier(x, SignDraw.of(random.nextLong(), eps, growProbability), SignKernel.drawOrder(x));
    }

    private static void checkFloatingPoint(INDArray x) {
        if (!x.dataType().isFPType()) {
            throw new IllegalArgumentException("SignPerturbation: expected floating-point activations, got "
                    + x.dataType() + " with shape " + Arrays.toString(x.shape()));
        }
    }

    /**
     * Writes {@code g(x)} into {@code resultArray} (DL4J passes either a fresh array or the input
     * itself) in one pass, and keeps only the seed of the draw for the backward pass: no multiplier
     * array outlives this call. The seed is one {@code nextLong()} of ND4J's random stream, so a
     * network's seed fixes every draw.
     */
    @Override
    public INDArray applyDropout(INDArray inputActivations, INDArray resultArray, int iteration, int epoch,
                                 LayerWorkspaceMgr workspaceMgr) {
        checkFloatingPoint(inputActivations);
        SignDraw draw = SignDraw.of(Nd4j.getRandom().nextLong(), epsilonAt(iteration, epoch), growProbability);
        char order = SignKernel.drawOrder(inputActivations);
        INDArray result = resultArray != null ? resultArray
                : workspaceMgr.createUninitialized(ArrayType.INPUT, inputActivations.dataType(),
                inputActivations.shape(), order);
        multiply(inputActivations, draw, order, result);
        lastForward = new Forward(draw, inputActivations.shape(), order);
        return result;
    }

    /** Multiplies the gradient by the multipliers of the last forward pass, recomputed from its seed. */
    @Override
    public INDArray backprop(INDArray gradAtOutput, INDArray gradAtInput, int iteration, int epoch) {
        Forward forward = lastForward;
        if (forward == null) {
            throw new IllegalStateException("SignPerturbation.backprop called without a preceding training "
                    + "forward pass (applyDropout)");
        }
        if (!Arrays.equals(forward.shape(), gradAtOutput.shape())) {
            throw new IllegalArgumentException("SignPerturbation.backprop: gradient shape "
                    + Arrays.toString(gradAtOutput.shape()) + " differs from the forward pass's input shape "
                    + Arrays.toString(forward.shape()));
        }
        INDArray target = gradAtInput != null ? gradAtInput
                : Nd4j.createUninitialized(gradAtOutput.dataType(), gradAtOutput.shape(), forward.order());
        return multiply(gradAtOutput, forward.draw(), forward.order(), target);
    }

    @Override
    public void clear() {
        lastForward = null;
    }

    @Override
    public SignPerturbation clone() {
        return new SignPerturbation(epsilon, epsilonSchedule == null ? null : epsilonSchedule.clone(),
                growProbability, granularity, path);
    }

    /**
     * {@code out = x * m} for the draw, its elements taken in {@code order}; {@code out} may be
     * {@code x}. One fused pass where the kernel applies and may touch both arrays, else an ND4J
     * multiply by the multiplier.
     */
    private INDArray multiply(INDArray x, SignDraw draw, char order, INDArray out) {
        if (x.isEmpty()) {
            return out;
        }
        if (elementwise(x) && SignKernel.supports(x, out, order) && path.fusedKernelMayTouch(x)
                && path.fusedKernelMayTouch(out)) {
            SignKernel.apply(draw, x, out);
            return out;
        }
        INDArray m = multiplier(x, draw, order);
        if (m.rank() == x.rank()) {
            return x.mul(m, out);
        }
        int[] axes = m.rank() == 1 ? new int[] {0} : new int[] {0, 1};
        Nd4j.getExecutioner().exec(new BroadcastMulOp(x, m, out, axes));
        return out;
    }

    /** The multiplier array of the draw (see {@link #drawMultiplier}), in x's data type. */
    private INDArray multiplier(INDArray x, SignDraw draw, char order) {
        boolean full = elementwise(x);
        // The kernel writes FLOAT or DOUBLE; FLOAT16 and BFLOAT16 get the rounded FLOAT values.
        DataType written = x.dataType() == DataType.DOUBLE ? DataType.DOUBLE : DataType.FLOAT;
        long[] shape = multiplierShape(x);
        char mOrder = full ? order : 'c';
        INDArray m = Nd4j.createUninitialized(written, shape, mOrder);
        if (path.fusedKernelMayTouch(m)) {
            SignKernel.apply(draw, null, m);
        } else {
            m = PortableSignKernel.multiplier(draw, written, shape, mOrder);
        }
        return written == x.dataType() ? m : m.castTo(x.dataType());
    }

    private boolean elementwise(INDArray x) {
        return granularity == PerturbationGranularity.ELEMENT
                || (granularity == PerturbationGranularity.CHANNEL && x.rank() <= 2);
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
                && granularity == that.granularity
                && path == that.path;
    }

    @Override
    public int hashCode() {
        return Objects.hash(epsilon, epsilonSchedule, growProbability, granularity, path);
    }

    @Override
    public String toString() {
        return "SignPerturbation(epsilon=" + (epsilonSchedule == null ? epsilon : epsilonSchedule)
                + ", growProbability=" + growProbability + ", granularity=" + granularity
                + (path == PerturbationPath.AUTO ? "" : ", path=" + path) + ")";
    }
}
