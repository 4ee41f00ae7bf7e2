package org.rtrain.attacks.gradient;

import java.util.Arrays;
import java.util.Objects;

import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.wrapper.BaseWrapperLayer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.rtrain.perturb.backend.LeanConvolution;

/**
 * How the two {@link InputGradient} implementations build a network's inference twin from its
 * configuration, and the arguments both accept.
 */
final class InferenceTwin {

    private InferenceTwin() {
    }

    /** Refuses a network without parameters: the twin is a view of them. */
    static void requireInitialised(INDArray params, String what) {
        if (params == null || params.isEmpty()) {
            throw new IllegalArgumentException("InputGradient: the " + what + " has no parameters; call init() first");
        }
    }

    /** Whether {@code layer} computes another function in training mode than in inference mode. */
    static boolean changesInTraining(Layer layer) {
        return layer.getIDropout() != null || layer instanceof BaseLayer withWeights
                && withWeights.getWeightNoise() != null || layer instanceof BatchNormalization
                || layer instanceof BaseWrapperLayer || LeanConvolution.skipsInputGradient(layer);
    }

    /**
     * The layer computing {@code layer}'s inference-mode function in training mode too, and the gradient with
     * respect to its input (modifies {@code layer}).
     */
    static Layer inferenceForm(Layer layer) {
        layer = LeanConvolution.withInputGradient(layer);
        layer.setIDropout(null);
        if (layer instanceof BaseLayer withWeights) {
            withWeights.setWeightNoise(null);
        }
        if (layer instanceof BaseWrapperLayer wrapper) {
            wrapper.setUnderlying(inferenceForm(wrapper.getUnderlying()));
        }
        return layer instanceof BatchNormalization batchNorm ? InferenceBatchNormalization.of(batchNorm) : layer;
    }

    /** {@code inference}, the inference form a stochastic vertex names, checked to lay out the same parameters. */
    static GraphVertex deterministic(String name, GraphVertex stochastic, GraphVertex inference) {
        if (inference == null || inference.numParams(true) != stochastic.numParams(true)) {
            throw new IllegalStateException("InputGradient: vertex '" + name + "' (" + stochastic.getClass().getName()
                    + ") names an inference form " + inference + " with a different parameter count; it must have "
                    + stochastic.numParams(true));
        }
        return inference;
    }

    /** Refuses anything but features {@code [batch, ...]} with one-hot labels {@code [batch, classes]}. */
    static void checkBatch(INDArray features, INDArray labels) {
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(labels, "labels");
        if (labels.rank() != 2 || features.rank() < 2 || labels.size(0) != features.size(0)) {
            throw new IllegalArgumentException("InputGradient: expected features [batch, ...] and one-hot labels "
                    + "[batch, classes] with the same batch size, got features " + Arrays.toString(features.shape())
                    + " and labels " + Arrays.toString(labels.shape()));
        }
    }
}
