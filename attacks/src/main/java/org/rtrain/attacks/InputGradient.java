package org.rtrain.attacks;

import java.util.Objects;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The gradient of a network's loss with respect to its input, with the network in inference mode.
 *
 * <p>DL4J's {@code MultiLayerNetwork.calculateGradients} runs its forward pass in training mode:
 * dropout, the sign perturbation and any other {@code IDropout} are on, so an attack built on it
 * attacks a randomly thinned network rather than the deployed one. This class keeps an
 * inference twin of the network: the same configuration without any {@code IDropout}, whose
 * parameters are a view of the original's (no copy; training the original updates the twin).
 *
 * <p>The gradient is that of the per-example loss (summed over the batch, not averaged), so each
 * row is the gradient for its own example. Batch normalisation is refused: in DL4J's training-mode
 * backward pass it uses batch statistics, not the running statistics of inference.
 */
public final class InputGradient {

    private final MultiLayerNetwork network;
    private final MultiLayerNetwork inferenceTwin;

    /** An input-gradient source for {@code network}, which must be initialised. */
    public InputGradient(MultiLayerNetwork network) {
        this.network = Objects.requireNonNull(network, "network");
        MultiLayerConfiguration conf = network.getLayerWiseConfigurations().clone();
        for (NeuralNetConfiguration layerConf : conf.getConfs()) {
            Layer layer = layerConf.getLayer();
            if (layer instanceof BatchNormalization) {
                throw new UnsupportedOperationException("InputGradient: layer '" + layer.getLayerName()
                        + "' is BatchNormalization, whose inference-mode input gradient DL4J M2.1 does not provide");
            }
            layer.setIDropout(null);
        }
        this.inferenceTwin = new MultiLayerNetwork(conf);
        this.inferenceTwin.init(network.params(), false);
    }

    /** The network the gradients are taken of. */
    public MultiLayerNetwork network() {
        return network;
    }

    /**
     * {@code d loss(x_i, y_i) / d x_i} for every example {@code i} of the batch, shaped like
     * {@code features}; neither argument is modified.
     */
    public INDArray of(INDArray features, INDArray labels) {
        if (inferenceTwin.params() != network.params()) {
            // The user replaced the parameter array (setParams copies in place, so this is rare).
            inferenceTwin.init(network.params(), false);
        }
        return inferenceTwin.calculateGradients(features, labels, null, null).getSecond().dup();
    }
}
