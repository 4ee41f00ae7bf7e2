package org.rtrain.attacks.gradient;

import java.util.Objects;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The {@link InputGradient} of a {@link MultiLayerNetwork}: its inference twin's
 * {@code calculateGradients}, which gives the input gradient of a network directly.
 */
public final class MultiLayerNetworkInputGradient implements InputGradient {

    private final MultiLayerNetwork network;
    private final MultiLayerNetwork twin;

    /** The input gradient of {@code network}, which must be initialised. */
    public MultiLayerNetworkInputGradient(MultiLayerNetwork network) {
        this.network = Objects.requireNonNull(network, "network");
        InferenceTwin.requireInitialised(network.params(), "network");
        MultiLayerConfiguration conf = network.getLayerWiseConfigurations().clone();
        for (NeuralNetConfiguration layerConf : conf.getConfs()) {
            layerConf.setLayer(InferenceTwin.inferenceForm(layerConf.getLayer()));
        }
        this.twin = new MultiLayerNetwork(conf);
        this.twin.init(network.params(), false);
    }

    @Override
    public Model model() {
        return network;
    }

    @Override
    public INDArray of(INDArray features, INDArray labels) {
        InferenceTwin.checkBatch(features, labels);
        return twin.calculateGradients(features, labels, null, null).getSecond().dup();
    }

    @Override
    public INDArray lossPerExample(INDArray features, INDArray labels) {
        InferenceTwin.checkBatch(features, labels);
        return network.scoreExamples(new DataSet(features, labels), false);
    }
}
