package org.rtrain.perturb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class PerturbationPlacementTest {

    private static final SignPerturbation PERTURBATION = new SignPerturbation(0.1);

    /** conv - pool - conv - pool - dense - output(dropout), the shape of LeNet. */
    private static MultiLayerConfiguration lenetShaped() {
        return new NeuralNetConfiguration.Builder().list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).build())
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).build())
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().nOut(8).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).dropOut(0.5)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(16, 16, 1))
                .build();
    }

    private static IDropout dropoutOf(MultiLayerConfiguration conf, int layer) {
        return conf.getConf(layer).getLayer().getIDropout();
    }

    @Test
    void inputPlacementPerturbsOnlyTheFirstLayer() {
        MultiLayerConfiguration conf = PerturbationPlacement.input().applyTo(lenetShaped(), PERTURBATION);
        assertEquals(PERTURBATION, dropoutOf(conf, 0));
        assertNull(dropoutOf(conf, 2));
        assertInstanceOf(Dropout.class, dropoutOf(conf, 5));
    }

    @Test
    void allHiddenSkipsPoolingAndChainsExistingDropout() {
        MultiLayerConfiguration original = lenetShaped();
        MultiLayerConfiguration conf = PerturbationPlacement.allHidden().applyTo(original, PERTURBATION);
        assertNull(dropoutOf(conf, 0));
        assertNull(dropoutOf(conf, 1));
        assertEquals(PERTURBATION, dropoutOf(conf, 2));
        assertNull(dropoutOf(conf, 3));
        assertEquals(PERTURBATION, dropoutOf(conf, 4));
        ChainedDropout chained = assertInstanceOf(ChainedDropout.class, dropoutOf(conf, 5));
        assertEquals(PERTURBATION, chained.first());
        assertEquals(new Dropout(0.5), chained.second());
        assertTrue(dropoutOf(conf, 2) != dropoutOf(conf, 4), "layers share one perturbation instance");
        assertNull(dropoutOf(original, 2), "the original configuration was modified");
    }

    @Test
    void namedLayersAreCheckedAndPlaced() {
        MultiLayerConfiguration conf = PerturbationPlacement.hidden("4").applyTo(lenetShaped(), PERTURBATION);
        assertEquals(PERTURBATION, dropoutOf(conf, 4));
        assertNull(dropoutOf(conf, 2));
        IllegalArgumentException pooling = assertThrows(IllegalArgumentException.class,
                () -> PerturbationPlacement.hidden("3").applyTo(lenetShaped(), PERTURBATION));
        assertTrue(pooling.getMessage().contains("SubsamplingLayer"), pooling.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> PerturbationPlacement.hidden("17").applyTo(lenetShaped(), PERTURBATION));
        assertTrue(missing.getMessage().contains("17"), missing.getMessage());
    }

    @Test
    void graphPlacementDistinguishesInputAndHiddenVertices() {
        ComputationGraphConfiguration graph = new NeuralNetConfiguration.Builder().graphBuilder()
                .addInputs("in")
                .addLayer("a", new DenseLayer.Builder().nIn(4).nOut(4).build(), "in")
                .addLayer("b", new DenseLayer.Builder().nIn(4).nOut(4).build(), "a")
                .addVertex("sum", new ElementWiseVertex(ElementWiseVertex.Op.Add), "a", "b")
                .addLayer("out", new OutputLayer.Builder().nIn(4).nOut(2).activation(Activation.SOFTMAX).build(),
                        "sum")
                .setOutputs("out")
                .build();
        ComputationGraphConfiguration inputOnly = PerturbationPlacement.input().applyTo(graph, PERTURBATION);
        assertEquals(PERTURBATION, layerDropout(inputOnly, "a"));
        assertNull(layerDropout(inputOnly, "b"));
        ComputationGraphConfiguration hidden = PerturbationPlacement.allHidden().applyTo(graph, PERTURBATION);
        assertNull(layerDropout(hidden, "a"));
        assertEquals(PERTURBATION, layerDropout(hidden, "b"));
        assertEquals(PERTURBATION, layerDropout(hidden, "out"));
        assertThrows(IllegalArgumentException.class,
                () -> PerturbationPlacement.hidden("sum").applyTo(graph, PERTURBATION));
    }

    private static IDropout layerDropout(ComputationGraphConfiguration conf, String vertex) {
        return ((LayerVertex) conf.getVertices().get(vertex)).getLayerConf().getLayer().getIDropout();
    }
}
