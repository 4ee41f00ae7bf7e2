package org.rtrain.models.training;

import java.util.Arrays;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.LossUtil;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * The margin loss of capsule networks, as a DL4J loss function (DL4J has none).
 *
 * <p>From Sabour, Frosst and Hinton, "Dynamic Routing Between Capsules" (NIPS 2017), equation 4.
 * Use it on a layer whose activations are class capsule lengths in [0, 1] (an identity-activation
 * {@code LossLayer} after a {@link org.rtrain.models.layers.CapsuleLengthVertex}), with one-hot (or multi-hot) labels.
 * For each class {@code k} with length {@code v_k} and label {@code T_k}:
 * {@code L_k = T_k max(0, m+ - v_k)^2 + lambda (1 - T_k) max(0, v_k - m-)^2}, summed over the
 * classes; DL4J then averages over the mini-batch. The paper's values are {@code m+ = 0.9},
 * {@code m- = 0.1}, {@code lambda = 0.5} ({@link #sabour()}); the authors' TensorFlow code
 * multiplies the whole loss by a further 0.5, which this class does not.
 */
public final class MarginLoss implements ILossFunction {

    private static final long serialVersionUID = 1L;

    @JsonProperty("presentMargin")
    private final double presentMargin;
    @JsonProperty("absentMargin")
    private final double absentMargin;
    @JsonProperty("absentWeight")
    private final double absentWeight;

    /**
     * @param presentMargin length a present class should reach (m+), in [0, 1]
     * @param absentMargin  length an absent class should stay below (m-), in [0, presentMargin]
     * @param absentWeight  weight of the absent-class terms (lambda), {@code >= 0}
     */
    @JsonCreator
    public MarginLoss(@JsonProperty("presentMargin") double presentMargin,
                      @JsonProperty("absentMargin") double absentMargin,
                      @JsonProperty("absentWeight") double absentWeight) {
        if (!(presentMargin >= 0 && presentMargin <= 1)) {
            throw new IllegalArgumentException("MarginLoss presentMargin (m+) must be in [0, 1], got " + presentMargin);
        }
        if (!(absentMargin >= 0 && absentMargin <= presentMargin)) {
            throw new IllegalArgumentException("MarginLoss absentMargin (m-) must be in [0, presentMargin = "
                    + presentMargin + "], got " + absentMargin);
        }
        OptimizerSettings.requireFinite(absentWeight, "MarginLoss absentWeight (lambda)", absentWeight >= 0, ">= 0");
        this.presentMargin = presentMargin;
        this.absentMargin = absentMargin;
        this.absentWeight = absentWeight;
    }

    /** The paper's margin loss: m+ = 0.9, m- = 0.1, lambda = 0.5. */
    public static MarginLoss sabour() {
        return new MarginLoss(0.9, 0.1, 0.5);
    }

    /** Per-element loss terms, masked. */
    private INDArray terms(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray lengths = lengths(labels, preOutput, activationFn);
        INDArray present = Transforms.relu(lengths.rsub(presentMargin), false);
        INDArray absent = Transforms.relu(lengths.sub(absentMargin), false);
        INDArray terms = present.muli(present).muli(labels)
                .addi(absent.muli(absent).muli(labels.rsub(1.0)).muli(absentWeight));
        if (mask != null) {
            LossUtil.applyMask(terms, mask);
        }
        return terms;
    }

    private static INDArray lengths(INDArray labels, INDArray preOutput, IActivation activationFn) {
        if (!Arrays.equals(labels.shape(), preOutput.shape())) {
            throw new IllegalArgumentException("MarginLoss: labels shape " + Arrays.toString(labels.shape())
                    + " differs from the output shape " + Arrays.toString(preOutput.shape())
                    + " (expected one label per class capsule)");
        }
        return activationFn.getActivation(preOutput.dup(), true).castTo(labels.dataType());
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return terms(labels, preOutput, activationFn, mask).sum(true, 1);
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
                               boolean average) {
        double sum = terms(labels, preOutput, activationFn, mask).sumNumber().doubleValue();
        return average ? sum / labels.size(0) : sum;
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray lengths = lengths(labels, preOutput, activationFn);
        // dL/dv = -2 T max(0, m+ - v) + 2 lambda (1 - T) max(0, v - m-)
        INDArray present = Transforms.relu(lengths.rsub(presentMargin), false).muli(labels).muli(-2.0);
        INDArray absent = Transforms.relu(lengths.sub(absentMargin), false).muli(labels.rsub(1.0))
                .muli(2.0 * absentWeight);
        INDArray gradient = activationFn.backprop(preOutput.dup(), present.addi(absent)).getFirst();
        if (mask != null) {
            LossUtil.applyMask(gradient, mask);
        }
        return gradient;
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput,
                                                          IActivation activationFn, INDArray mask,
                                                          boolean average) {
        return new Pair<>(computeScore(labels, preOutput, activationFn, mask, average),
                computeGradient(labels, preOutput, activationFn, mask));
    }

    @Override
    public String name() {
        return toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MarginLoss m && Double.compare(m.presentMargin, presentMargin) == 0
                && Double.compare(m.absentMargin, absentMargin) == 0
                && Double.compare(m.absentWeight, absentWeight) == 0;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new double[] {presentMargin, absentMargin, absentWeight});
    }

    @Override
    public String toString() {
        return "MarginLoss(m+=" + presentMargin + ", m-=" + absentMargin + ", lambda=" + absentWeight + ")";
    }
}
