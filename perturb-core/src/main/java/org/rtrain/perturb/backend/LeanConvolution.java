package org.rtrain.perturb.backend;

import java.util.Collection;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * DL4J's 2D convolution without two pieces of work that DL4J 1.0.0-M2.1 does in excess in a training step: the
 * second forward convolution of its backward pass (always, where it is not needed, with identical results), and,
 * when {@link #isInputGradient()} is off, the gradient with respect to its input (opt-in, for a network's first
 * layer only; the weight gradient's sums then run in another order).
 *
 * <p>Why: DL4J's {@code ConvolutionLayer.backpropGradient} recomputes the layer's pre-activation (a whole forward
 * convolution) to apply its activation's derivative; for the identity activation that derivative is the incoming
 * gradient itself and the recomputed array is only checked for its shape. On the native (oneDNN) path this layer
 * skips that recomputation and gives DL4J's backward pass the incoming gradient in its place, so every parameter
 * and every gradient comes out bit for bit as with {@code ConvolutionLayer}; with any other activation, or off the
 * native path, it is DL4J's layer unchanged. Separately, libnd4j's {@code conv2d_bp} always computes the gradient
 * with respect to the layer's input, and DL4J's {@code MultiLayerNetwork} asks the first layer for it although its
 * input is the data: with one input channel that is the most expensive kernel of a LeNet step (oneDNN pads the
 * channel to 16). With {@code inputGradient} off this layer computes only the weight and bias gradients, by im2col
 * and one gemm through ND4J ops, and returns no input gradient.
 *
 * <p>When to use: as a drop-in for {@code ConvolutionLayer} (build it with {@link Builder} as DL4J's); turn the
 * input gradient off ({@link #setInputGradient}) only on the first layer of a {@code MultiLayerNetwork} without an
 * input preprocessor, and only for training: the project's attacks and adversarial training turn it back on in
 * the copies they take input gradients from, and anything else that needs the input gradient of such a network
 * gets none. It is saved with the network's JSON ({@code "inputGradient"}).
 */
public class LeanConvolution extends ConvolutionLayer {

    private static final long serialVersionUID = 1L;

    /** Whether backpropagation returns the gradient with respect to the layer's input (DL4J's behaviour). */
    @JsonProperty("inputGradient")
    private boolean inputGradient = true;

    /** For Jackson. */
    public LeanConvolution() {
    }

    /** The configuration {@code builder} describes. */
    protected LeanConvolution(Builder builder) {
        super(builder);
    }

    /** Whether backpropagation returns the gradient with respect to the layer's input (true by default). */
    public boolean isInputGradient() {
        return inputGradient;
    }

    /**
     * Sets whether backpropagation returns the gradient with respect to the layer's input; off only on the first
     * layer of a MultiLayerNetwork, whose input is the data (the gradient then changes in the last bits).
     */
    public void setInputGradient(boolean inputGradient) {
        this.inputGradient = inputGradient;
    }

    /**
     * A copy of {@code conf} with DL4J's own {@link ConvolutionLayer} in place of each LeanConvolution, all else the
     * same (DL4J's configuration reader ignores the {@code inputGradient} property, which it does not know): the
     * network as DL4J alone would run it, to compare with.
     */
    public static MultiLayerConfiguration withDl4jConvolutions(MultiLayerConfiguration conf) {
        return MultiLayerConfiguration.fromJson(conf.toJson().replace('"' + LeanConvolution.class.getName() + '"',
                '"' + ConvolutionLayer.class.getName() + '"'));
    }

    /** Whether {@code layer} is a LeanConvolution with its input gradient off. */
    public static boolean skipsInputGradient(org.deeplearning4j.nn.conf.layers.Layer layer) {
        return layer instanceof LeanConvolution lean && !lean.isInputGradient();
    }

    /**
     * {@code layer} as a configuration that computes the gradient with respect to its input: a copy with it on for
     * a LeanConvolution that has it off, otherwise {@code layer} itself.
     */
    public static org.deeplearning4j.nn.conf.layers.Layer withInputGradient(
            org.deeplearning4j.nn.conf.layers.Layer layer) {
        if (skipsInputGradient(layer)) {
            LeanConvolution copy = ((LeanConvolution) layer).clone();
            copy.setInputGradient(true);
            return copy;
        }
        return layer;
    }

    @Override
    public LeanConvolution clone() {
        return (LeanConvolution) super.clone();
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                             int layerIndex, INDArray layerParamsView, boolean initializeParams,
                             DataType networkDataType) {
        org.deeplearning4j.nn.conf.layers.LayerValidation.assertNInNOutSet("LeanConvolution", getLayerName(),
                layerIndex, getNIn(), getNOut());
        if (!inputGradient && layerIndex != 0) {
            throw new IllegalStateException("LeanConvolution '" + getLayerName() + "' (layer " + layerIndex
                    + ") computes no input gradient, so it must be a network's first layer");
        }
        return LayerInstantiation.wire(new LeanConvolutionLayer(conf, networkDataType), conf, trainingListeners,
                layerIndex, layerParamsView, initializeParams, initializer());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LeanConvolution lean && lean.inputGradient == inputGradient && super.equals(other);
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + Boolean.hashCode(inputGradient);
    }

    @Override
    public String toString() {
        return "LeanConvolution(inputGradient=" + inputGradient + ", " + super.toString() + ")";
    }

    /** Builds a {@link LeanConvolution} as DL4J's {@code ConvolutionLayer.Builder} builds its layer. */
    public static class Builder extends ConvolutionLayer.Builder {

        /** A builder for kernels of {@code kernelSize} (height, width), stride 1, no padding. */
        public Builder(int... kernelSize) {
            super(kernelSize);
        }

        @Override
        public LeanConvolution build() {
            ConvolutionUtils.validateConvolutionModePadding(convolutionMode, padding);
            ConvolutionUtils.validateCnnKernelStridePadding(kernelSize, stride, padding);
            return new LeanConvolution(this);
        }
    }
}
