package org.rtrain.models.zoo;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.rtrain.perturb.backend.LeanConvolution;

/**
 * {@link LeNet} whose first convolution computes no gradient with respect to the input image: an opt-in for
 * faster training, off the paper's protocol (its weight gradients agree with LeNet's to float rounding, not bit
 * for bit, so a run trained with it is not the reproduction's).
 *
 * <p>Why: DL4J asks every layer for its input gradient, and libnd4j's {@code conv2d_bp} always computes it; for
 * LeNet's first layer that gradient is the input image's, which training never uses and which is the most
 * expensive kernel of a step (see {@link LeanConvolution}). The first layer here computes its weight and bias
 * gradients alone (im2col and one gemm). The network's forward pass and every other layer are LeNet's.
 *
 * <p>When to use: to train LeNet faster where bit-for-bit reproduction of the paper's runs does not matter. The
 * network still attacks and trains adversarially: the project's {@code InputGradient} and FGSM training take
 * input gradients from copies with the first layer's input gradient on. Not with pixel normalisation inside the
 * network (its preprocessor would need the input gradient).
 */
public final class LeanLeNet {

    private LeanLeNet() {
    }

    /** LeNet's configuration for {@code architecture} and {@code settings}, with the first layer's input gradient off. */
    public static MultiLayerConfiguration configuration(LeNetArchitecture architecture, ModelSettings settings) {
        return withoutInputGradient(LeNet.configuration(architecture, settings));
    }

    /** An initialised lean LeNet on the native kernels, with the parameters {@link LeNet#network} would draw. */
    public static MultiLayerNetwork network(LeNetArchitecture architecture, ModelSettings settings) {
        return LeNet.initialised(configuration(architecture, settings));
    }

    /**
     * A copy of {@code lenet} (a LeNet configuration, perturbation placed or not) whose first layer computes no
     * input gradient.
     *
     * @throws IllegalArgumentException when the first layer is not a {@link LeanConvolution} or the network has an
     *                                  input preprocessor
     */
    public static MultiLayerConfiguration withoutInputGradient(MultiLayerConfiguration lenet) {
        MultiLayerConfiguration copy = lenet.clone();
        Layer first = copy.getConf(0).getLayer();
        if (!(first instanceof LeanConvolution lean)) {
            throw new IllegalArgumentException("LeanLeNet: the first layer is " + first.getClass().getSimpleName()
                    + ", not a LeanConvolution");
        }
        if (copy.getInputPreProcess(0) != null) {
            throw new IllegalArgumentException("LeanLeNet: the network normalises its input in a preprocessor ("
                    + copy.getInputPreProcess(0).getClass().getSimpleName() + "), which needs the input gradient");
        }
        lean.setInputGradient(false);
        return copy;
    }
}
