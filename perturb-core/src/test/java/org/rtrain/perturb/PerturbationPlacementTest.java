package org.rtrain.perturb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.InputPreProcessor;
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
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
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

    /** in - a - b, a + b - out: activation a feeds a layer and a merge. */
    private static ComputationGraphConfiguration residualShaped() {
        return new NeuralNetConfiguration.Builder().graphBuilder()
                .addInputs("in")
                .addLayer("a", new DenseLayer.Builder().nIn(4).nOut(4).build(), "in")
                .addLayer("b", new DenseLayer.Builder().nIn(4).nOut(4).build(), "a")
                .addVertex("sum", new ElementWiseVertex(ElementWiseVertex.Op.Add), "a", "b")
                .addLayer("out", new OutputLayer.Builder().nIn(4).nOut(2).activation(Activation.SOFTMAX).build(),
                        "sum")
                .setOutputs("out")
                .build();
    }

    @Test
    void graphPlacementPerturbsEachActivationOnceForAllItsConsumers() {
        ComputationGraphConfiguration graph = residualShaped();
        String before = graph.toJson();
        ComputationGraphConfiguration inputOnly = PerturbationPlacement.input().applyTo(graph, PERTURBATION);
        assertEquals(List.of("in_perturbed"), inputOnly.getVertexInputs().get("a"));
        assertEquals(new PerturbationVertex(PERTURBATION, null), inputOnly.getVertices().get("in_perturbed"));
        assertEquals(List.of("a", "b"), inputOnly.getVertexInputs().get("sum"));

        ComputationGraphConfiguration hidden = PerturbationPlacement.allHidden().applyTo(graph, PERTURBATION);
        assertEquals(List.of("in"), hidden.getVertexInputs().get("a"));
        assertEquals(List.of("a_perturbed"), hidden.getVertexInputs().get("b"));
        assertEquals(List.of("a_perturbed", "b"), hidden.getVertexInputs().get("sum"), "the merge shares a's draw");
        assertEquals(List.of("sum_perturbed"), hidden.getVertexInputs().get("out"));
        assertFalse(hidden.getVertices().containsKey("b_perturbed"), "b is read by the merge only, no weights");
        assertNull(layerDropout(hidden, "b"), "no IDropout: one draw per activation");
        assertEquals(graph, PerturbationPlacement.removeFrom(hidden), "removeFrom undoes the placement");
        assertEquals(before, graph.toJson(), "the original configuration was modified");

        ComputationGraphConfiguration named = PerturbationPlacement.hidden("sum").applyTo(graph, PERTURBATION);
        assertEquals(List.of("a_perturbed", "b_perturbed"), named.getVertexInputs().get("sum"));
        assertEquals(List.of("a_perturbed"), named.getVertexInputs().get("b"));
        assertThrows(IllegalArgumentException.class,
                () -> PerturbationPlacement.hidden("nothing").applyTo(graph, PERTURBATION));
    }

    @Test
    void aSharedPreprocessorMovesInFrontOfThePerturbation() {
        ComputationGraphConfiguration graph = new NeuralNetConfiguration.Builder().graphBuilder()
                .addInputs("in")
                .addLayer("conv", new ConvolutionLayer.Builder(3, 3).nOut(2).build(), "in")
                .addLayer("out", new OutputLayer.Builder().nOut(2).activation(Activation.SOFTMAX).build(), "conv")
                .setOutputs("out")
                .setInputTypes(InputType.convolutional(6, 6, 1))
                .build();
        InputPreProcessor flatten = ((LayerVertex) graph.getVertices().get("out")).getPreProcessor();
        assertInstanceOf(CnnToFeedForwardPreProcessor.class, flatten);
        ComputationGraphConfiguration placed = PerturbationPlacement.allHidden().applyTo(graph, PERTURBATION);
        assertNull(((LayerVertex) placed.getVertices().get("out")).getPreProcessor());
        assertEquals(new PerturbationVertex(PERTURBATION, flatten), placed.getVertices().get("conv_perturbed"));
        assertEquals(graph, PerturbationPlacement.removeFrom(placed));
        assertEquals(placed, ComputationGraphConfiguration.fromJson(placed.toJson()), "JSON round trip");
    }

    @Test
    void channelGranularityIsRefusedOnChannelsLastActivationsNamingTheLayer() {
        SignPerturbation perChannel = PERTURBATION.withGranularity(PerturbationGranularity.CHANNEL);
        MultiLayerConfiguration nhwc = new NeuralNetConfiguration.Builder().list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).dataFormat(CNN2DFormat.NHWC).name("conv").build())
                .layer(new OutputLayer.Builder().nOut(2).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(8, 8, 1, CNN2DFormat.NHWC)).build();
        IllegalArgumentException chain = assertThrows(IllegalArgumentException.class,
                () -> PerturbationPlacement.input().applyTo(nhwc, perChannel));
        assertTrue(chain.getMessage().contains("'conv'") && chain.getMessage().contains("NHWC"), chain.getMessage());
        PerturbationPlacement.input().applyTo(nhwc, PERTURBATION);
        ComputationGraphConfiguration graph = new NeuralNetConfiguration.Builder().graphBuilder().addInputs("in")
                .addLayer("conv", new ConvolutionLayer.Builder(3, 3).nOut(4).dataFormat(CNN2DFormat.NHWC).build(), "in")
                .addLayer("out", new OutputLayer.Builder().nOut(2).activation(Activation.SOFTMAX).build(), "conv")
                .setOutputs("out").setInputTypes(InputType.convolutional(8, 8, 1, CNN2DFormat.NHWC)).build();
        IllegalArgumentException vertex = assertThrows(IllegalArgumentException.class,
                () -> PerturbationPlacement.input().applyTo(graph, perChannel));
        assertTrue(vertex.getMessage().contains("'conv'") && vertex.getMessage().contains("NHWC"), vertex.getMessage());
    }

    private static IDropout layerDropout(ComputationGraphConfiguration conf, String vertex) {
        return ((LayerVertex) conf.getVertices().get(vertex)).getLayerConf().getLayer().getIDropout();
    }
}
