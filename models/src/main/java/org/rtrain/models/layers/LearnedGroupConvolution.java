package org.rtrain.models.layers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.rtrain.models.count.MultiplyAddCounted;
import org.rtrain.perturb.backend.LayerInstantiation;

/**
 * CondenseNet's learned group convolution: a 1x1 convolution whose output channels fall into
 * {@code groups} groups (output {@code o} in group {@code o mod groups}, as in the official code) and
 * whose weights are masked, so that each group learns which input channels it keeps.
 *
 * <p>From Huang, Liu, van der Maaten and Weinberger, "CondenseNet: An Efficient DenseNet using Learned
 * Group Convolutions" (CVPR 2018), section 3.1, and github.com/ShichenLiu/CondenseNet ({@code layers.py}).
 *
 * <p>Use it inside a network that will be condensed: training runs in {@code condenseFactor - 1}
 * condensation stages over the first half of training ({@link org.rtrain.models.zoo.CondensationListener}); stage
 * {@code s} begins at progress {@code (s / (C - 1)) / 2} and leaves each group {@code nIn - s * nIn / C} input
 * channels. At each stage a group drops the {@code nIn / C} remaining input channels with the smallest
 * L1 norm of its weights, {@code sum_{o in group} |W[o, c]|} ({@link #pruneToStage}). The forward pass
 * uses {@code W * mask}, and the weight gradient is masked, so pruned weights neither act nor learn.
 * Until the last stage the optional group-lasso regulariser
 * {@code lambda * sum_{g, c} sqrt(sum_{o in g} (W[o, c] * mask)^2)} pushes whole (group, input) columns
 * to zero (it is applied as a DL4J regularisation on the weight, before the updater). After training,
 * {@link org.rtrain.models.zoo.CondenseNet#inferenceNetwork} turns each fully condensed layer into an index-select and
 * a real group convolution.
 *
 * <p>The mask is part of this configuration: it is saved with the network's JSON and survives
 * {@code ComputationGraphConfiguration.fromJson}. It changes only through {@link #pruneToStage}.
 * NCHW only, no bias, identity activation (CondenseNet puts batch norm and ReLU before it). Its runtime
 * is DL4J's convolution with its oneDNN helper; it applies an {@code IDropout} as DL4J's convolution
 * does. A layer with weights, its input activation is one that perturb-core's {@code PerturbationPlacement}
 * perturbs on graphs.
 */
public final class LearnedGroupConvolution extends ConvolutionLayer implements MultiplyAddCounted {

    private static final long serialVersionUID = 1L;

    @JsonProperty("groups")
    private int groups;
    @JsonProperty("condenseFactor")
    private int condenseFactor;
    @JsonProperty("groupLassoCoefficient")
    private double groupLassoCoefficient;
    /** {@code mask[g][c]}: whether group {@code g} still uses input channel {@code c}. Replaced, never mutated. */
    @JsonProperty("mask")
    private boolean[][] mask;

    @SuppressWarnings("unused") // Jackson
    private LearnedGroupConvolution() {
    }

    private LearnedGroupConvolution(Builder builder) {
        super(builder);
        int nIn = (int) getNIn();
        int nOut = (int) getNOut();
        if (builder.groups < 1 || builder.condenseFactor < 1) {
            throw new IllegalArgumentException("LearnedGroupConvolution: groups and condenseFactor must be >= 1, got "
                    + builder.groups + " and " + builder.condenseFactor);
        }
        if (nIn < 1 || nIn % builder.groups != 0 || nIn % builder.condenseFactor != 0 || nOut < 1
                || nOut % builder.groups != 0) {
            throw new IllegalArgumentException("LearnedGroupConvolution: nIn (" + nIn + ") must be divisible by groups ("
                    + builder.groups + ") and condenseFactor (" + builder.condenseFactor + "), and nOut (" + nOut
                    + ") by groups");
        }
        if (!(builder.groupLassoCoefficient >= 0) || Double.isInfinite(builder.groupLassoCoefficient)) {
            throw new IllegalArgumentException("LearnedGroupConvolution: groupLassoCoefficient must be finite and >= 0,"
                    + " got " + builder.groupLassoCoefficient);
        }
        int[] one = {1, 1};
        if (!Arrays.equals(getKernelSize(), one) || !Arrays.equals(getStride(), one)
                || !Arrays.equals(getPadding(), new int[] {0, 0}) || !Arrays.equals(getDilation(), one) || hasBias()
                || !(getActivationFn() instanceof ActivationIdentity)) {
            throw new IllegalArgumentException("LearnedGroupConvolution is a 1x1 convolution with stride 1, no padding,"
                    + " no dilation, no bias and the identity activation; got kernel "
                    + Arrays.toString(getKernelSize()) + ", stride " + Arrays.toString(getStride()) + ", padding "
                    + Arrays.toString(getPadding()) + ", dilation " + Arrays.toString(getDilation()) + ", bias "
                    + hasBias() + ", activation " + getActivationFn());
        }
        this.groups = builder.groups;
        this.condenseFactor = builder.condenseFactor;
        this.groupLassoCoefficient = builder.groupLassoCoefficient;
        this.mask = new boolean[builder.groups][nIn];
        for (boolean[] row : mask) {
            Arrays.fill(row, true);
        }
    }

    /** Number of groups G. */
    public int groups() {
        return groups;
    }

    /** Condensation factor C. */
    public int condenseFactor() {
        return condenseFactor;
    }

    /** Lambda of the group-lasso regulariser. */
    public double groupLassoCoefficient() {
        return groupLassoCoefficient;
    }

    /** The condensation stage reached: 0 (nothing pruned) to {@code C - 1} (each group keeps {@code nIn / C}). */
    public int stage() {
        long pruned = IntStream.range(0, mask[0].length).filter(c -> !mask[0][c]).count();
        return (int) (pruned / (mask[0].length / condenseFactor));
    }

    /** The last stage, {@code C - 1}, after which the layer can be condensed. */
    public int finalStage() {
        return condenseFactor - 1;
    }

    /** A copy of the mask: {@code [g][c]} is true when group g still uses input channel c. */
    public boolean[][] mask() {
        return Arrays.stream(mask).map(boolean[]::clone).toArray(boolean[][]::new);
    }

    /** The input channels group {@code g} still uses, ascending. */
    public int[] keptInputs(int g) {
        return IntStream.range(0, mask[g].length).filter(c -> mask[g][c]).toArray();
    }

    /** The mask itself, for the layer runtime, which rebuilds its mask array when this reference changes. */
    boolean[][] maskReference() {
        return mask;
    }

    /**
     * The condensation stage the official schedule prescribes at training progress {@code progress} in
     * [0, 1]: the first {@code i} with {@code 2 * progress < (i + 1) / (C - 1)}, or {@code C - 1}.
     */
    public static int stageAt(double progress, int condenseFactor) {
        for (int i = 0; i < condenseFactor - 1; i++) {
            if (progress * 2 < (i + 1) / (double) (condenseFactor - 1)) {
                return i;
            }
        }
        return condenseFactor - 1;
    }

    /**
     * Prunes each group down to stage {@code target} by CondenseNet's criterion: repeatedly drop the
     * {@code nIn / C} kept input channels whose weights into the group have the smallest L1 norm (ties:
     * lower channel first). Does nothing when the stage is already reached.
     *
     * @param target  the stage to reach, at most {@link #finalStage()}
     * @param weights this layer's weights, shape {@code [nOut, nIn, 1, 1]}
     */
    public void pruneToStage(int target, INDArray weights) {
        if (target < 0 || target > finalStage()) {
            throw new IllegalArgumentException("LearnedGroupConvolution '" + getLayerName() + "': stage must be in [0, "
                    + finalStage() + "], got " + target);
        }
        int nIn = mask[0].length;
        if (weights.rank() != 4 || weights.size(0) != getNOut() || weights.size(1) != nIn) {
            throw new IllegalArgumentException("LearnedGroupConvolution '" + getLayerName() + "': expected weights of "
                    + "shape [" + getNOut() + ", " + nIn + ", 1, 1], got " + Arrays.toString(weights.shape()));
        }
        int drop = (target - stage()) * (nIn / condenseFactor);
        if (drop <= 0) {
            return;
        }
        double[][] w = weights.reshape(getNOut(), nIn).toDoubleMatrix();
        boolean[][] pruned = mask();
        for (int group = 0; group < groups; group++) {
            int g = group;
            double[] importance = new double[nIn];
            for (int o = g; o < getNOut(); o += groups) {
                for (int c = 0; c < nIn; c++) {
                    importance[c] += Math.abs(w[o][c]);
                }
            }
            int[] order = IntStream.range(0, nIn).filter(c -> mask[g][c]).boxed()
                    .sorted(Comparator.comparingDouble((Integer c) -> importance[c]).thenComparing(c -> c))
                    .mapToInt(Integer::intValue).toArray();
            for (int i = 0; i < drop; i++) {
                pruned[g][order[i]] = false;
            }
        }
        mask = pruned;
    }

    @Override
    public List<Regularization> getRegularizationByParam(String paramName) {
        List<Regularization> base = super.getRegularizationByParam(paramName);
        if (!ConvolutionParamInitializer.WEIGHT_KEY.equals(paramName) || groupLassoCoefficient == 0
                || stage() >= finalStage()) {
            return base;
        }
        List<Regularization> all = new ArrayList<>(base == null ? List.of() : base);
        all.add(new GroupLassoRegularization(groupLassoCoefficient, mask));
        return all;
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        super.setNIn(inputType, override);
        if (mask != null && getNIn() != mask[0].length) {
            throw new IllegalStateException("LearnedGroupConvolution '" + getLayerName() + "' was built for "
                    + mask[0].length + " input channels but its input has " + getNIn());
        }
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
                                                       Collection<TrainingListener> trainingListeners, int layerIndex,
                                                       INDArray layerParamsView, boolean initializeParams,
                                                       DataType networkDataType) {
        return LayerInstantiation.wire(new LearnedGroupConvolutionLayer(conf, networkDataType), conf, trainingListeners,
                layerIndex, layerParamsView, initializeParams, initializer());
    }

    @Override
    public long multiplyAdds(InputType[] inputs, InputType output) {
        InputType.InputTypeConvolutional out = (InputType.InputTypeConvolutional) output;
        long keptWeights = 0;
        for (int g = 0; g < groups; g++) {
            keptWeights += (long) keptInputs(g).length * (getNOut() / groups);
        }
        return keptWeights * out.getHeight() * out.getWidth();
    }

    @Override
    public LearnedGroupConvolution clone() {
        LearnedGroupConvolution clone = (LearnedGroupConvolution) super.clone();
        clone.mask = mask();
        return clone;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LearnedGroupConvolution l && super.equals(o) && groups == l.groups
                && condenseFactor == l.condenseFactor
                && Double.compare(groupLassoCoefficient, l.groupLassoCoefficient) == 0
                && Arrays.deepEquals(mask, l.mask);
    }

    @Override
    protected boolean canEqual(Object other) {
        return other instanceof LearnedGroupConvolution;
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + Objects.hash(groups, condenseFactor, groupLassoCoefficient)
                + Arrays.deepHashCode(mask);
    }

    /**
     * Builds a {@link LearnedGroupConvolution} with every input channel still in use, e.g.
     * {@code new LearnedGroupConvolution.Builder().nIn(64).nOut(128).groups(4).condenseFactor(4).build()}.
     * It is preset to what the layer is: a 1x1 convolution without bias or activation, NCHW, on the native
     * helper without fallback; weight initialisation, updater and regularisation follow the network's defaults.
     * {@code nIn} is required (the mask has a column per input channel); groups and condensation factor are 1
     * and the group lasso is off unless set.
     */
    public static final class Builder extends ConvolutionLayer.BaseConvBuilder<Builder> {

        private int groups = 1;
        private int condenseFactor = 1;
        private double groupLassoCoefficient;

        public Builder() {
            super(new int[] {1, 1});
            hasBias(false);
            activation(Activation.IDENTITY);
            cudnnAllowFallback(false);
        }

        /** Number of groups G, {@code >= 1}, dividing nIn and nOut. */
        public Builder groups(int groups) {
            this.groups = groups;
            return this;
        }

        /** Condensation factor C, {@code >= 1}, dividing nIn: each group ends with {@code nIn / C} inputs. */
        public Builder condenseFactor(int condenseFactor) {
            this.condenseFactor = condenseFactor;
            return this;
        }

        /** Lambda of the group-lasso regulariser, finite and {@code >= 0}; 0 disables it. */
        public Builder groupLassoCoefficient(double groupLassoCoefficient) {
            this.groupLassoCoefficient = groupLassoCoefficient;
            return this;
        }

        @Override
        protected boolean allowCausal() {
            return false;
        }

        /** @throws IllegalArgumentException when the settings do not make a learned group convolution */
        @Override
        @SuppressWarnings("unchecked")
        public LearnedGroupConvolution build() {
            return new LearnedGroupConvolution(this);
        }
    }
}
