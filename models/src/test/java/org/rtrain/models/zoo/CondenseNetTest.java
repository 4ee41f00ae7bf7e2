package org.rtrain.models.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.rtrain.models.count.ParameterCount;
import org.rtrain.models.layers.LearnedGroupConvolution;
import org.rtrain.perturb.PerturbationPlacement;

class CondenseNetTest {

    private static final int SMOKE_SIZE = 32;
    private static final int SMOKE_CLASSES = 5;

    /** Five blocks of one or two layers, growth 4, G = C = 2: every mechanism, at a few thousand parameters. */
    private static CondenseNetArchitecture smoke(double classifierKeepFraction) {
        return new CondenseNetArchitecture(List.of(2, 1, 1, 1, 2), List.of(4, 4, 4, 4, 8), 4, 2, 2, 1e-3,
                classifierKeepFraction);
    }

    @Test
    void condensedNetworkComputesWhatTheMaskedTrainingNetworkComputes() {
        for (double keep : new double[] {1.0, 0.5}) {
            CondenseNetArchitecture architecture = smoke(keep);
            ModelSettings settings = ZooChecks.settings(SMOKE_SIZE, SMOKE_CLASSES, PerturbationSettings.none());
            ComputationGraph training = architecture.network(settings);
            randomiseBatchNormStatistics(training);
            CondenseNet.condense(training, 1.0);
            ComputationGraph condensed = CondenseNet.inferenceNetwork(training, architecture, settings);
            if (keep < 1) {
                int[] kept = CondenseNet.keptClassifierInputs(training, architecture);
                INDArray weights = training.getLayer("output").getParam("W");
                java.util.Set<Integer> keptSet = java.util.Arrays.stream(kept).boxed()
                        .collect(java.util.stream.Collectors.toSet());
                for (int c = 0; c < weights.rows(); c++) {
                    if (!keptSet.contains(c)) {
                        weights.getRow(c).assign(0);
                    }
                }
            }
            INDArray x = ZooChecks.images(4, SMOKE_SIZE);
            INDArray expected = training.outputSingle(x);
            assertTrue(expected.equalsWithEps(condensed.outputSingle(x), 1e-5),
                    "keep " + keep + ": condensed " + condensed.outputSingle(x) + " vs training " + expected);
            assertTrue(ParameterCount.trainable(condensed) < ParameterCount.trainable(training));
            ZooChecks.assertOnNativePath(condensed);
        }
    }

    private static void randomiseBatchNormStatistics(ComputationGraph net) {
        for (org.deeplearning4j.nn.api.Layer layer : net.getLayers()) {
            if (layer instanceof org.deeplearning4j.nn.layers.normalization.BatchNormalization) {
                layer.getParam("gamma").assign(Nd4j.rand(DataType.FLOAT, layer.getParam("gamma").shape()).addi(0.5));
                layer.getParam("beta").assign(Nd4j.randn(DataType.FLOAT, layer.getParam("beta").shape()).muli(0.1));
                layer.getParam("mean").assign(Nd4j.randn(DataType.FLOAT, layer.getParam("mean").shape()).muli(0.1));
                layer.getParam("log10stdev").assign(Nd4j.rand(DataType.FLOAT, layer.getParam("mean").shape())
                        .muli(0.2).subi(0.1));
            }
        }
    }

    @Test
    void smokeNetworkBackpropagatesToEveryParameterOnTheNativePath() {
        ModelSettings settings = ZooChecks.settings(SMOKE_SIZE, SMOKE_CLASSES, ZooChecks.everywhere());
        ComputationGraph net = smoke(0.5).network(settings);
        ZooChecks.assertOnNativePath(net);
        ZooChecks.assertFiniteNonZeroGradients(net, ZooChecks.images(4, SMOKE_SIZE), ZooChecks.labels(4, SMOKE_CLASSES));
    }

    @Test
    void trainsWithAndWithoutThePerturbationThroughTheCondensationSchedule() {
        for (PerturbationSettings perturbation : List.of(PerturbationSettings.none(), ZooChecks.everywhere())) {
            ModelSettings settings = ZooChecks.settings(SMOKE_SIZE, SMOKE_CLASSES, perturbation);
            CondenseNetArchitecture architecture = smoke(0.5);
            ComputationGraph net = architecture.network(settings);
            net.setListeners(new CondensationListener(4));
            LearnedGroupConvolution first = (LearnedGroupConvolution) net.getLayer("block1_layer1_lgc").conf().getLayer();
            ZooChecks.assertTrains(net, ZooChecks.images(4, SMOKE_SIZE), ZooChecks.labels(4, SMOKE_CLASSES), 1);
            assertEquals(0, first.stage(), "progress 1/4 is before the only condensation stage of C = 2");
            ZooChecks.assertTrains(net, ZooChecks.images(4, SMOKE_SIZE), ZooChecks.labels(4, SMOKE_CLASSES), 3);
            assertEquals(1, first.stage(), "condensed by half of training");
            ZooChecks.assertOnNativePath(net);
            INDArray x = ZooChecks.images(3, SMOKE_SIZE);
            ComputationGraph condensed = CondenseNet.inferenceNetwork(net, smoke(1.0), settings);
            assertTrue(net.outputSingle(x).equalsWithEps(condensed.outputSingle(x), 1e-5), "after training");
        }
    }

    @Test
    void perturbationLandsOnTheInputAndOnHiddenConvolutionsAndTheClassifier() {
        CondenseNetArchitecture architecture = smoke(0.5);
        ComputationGraphConfiguration input = CondenseNet.configuration(architecture,
                ZooChecks.settings(SMOKE_SIZE, SMOKE_CLASSES, new PerturbationSettings(0.1, 0.5,
                        PerturbationPlacement.input())));
        assertTrue(ZooFixtures.readsPerturbed(input, "stem"));
        assertFalse(ZooFixtures.readsPerturbed(input, "block1_layer1_conv2_g0"));
        ComputationGraphConfiguration hidden = CondenseNet.configuration(architecture,
                ZooChecks.settings(SMOKE_SIZE, SMOKE_CLASSES, new PerturbationSettings(0.1, 0.5,
                        PerturbationPlacement.allHidden())));
        assertFalse(ZooFixtures.readsPerturbed(hidden, "stem"));
        assertTrue(ZooFixtures.readsPerturbed(hidden, "block1_layer1_conv2_g0"));
        assertTrue(ZooFixtures.readsPerturbed(hidden, "block5_layer2_conv2_g1"));
        assertTrue(ZooFixtures.readsPerturbed(hidden, "output"));
        assertFalse(ZooFixtures.readsPerturbed(hidden, "block1_layer1_bn1"), "read by batch norm and the merge only");
        assertTrue(ZooFixtures.readsPerturbed(hidden, "block1_layer1_lgc"), "learned group convolutions are covered");
        assertNull(dropout(hidden, "block1_layer1_lgc"));
    }

    private static Object dropout(ComputationGraphConfiguration conf, String vertex) {
        return ((LayerVertex) conf.getVertices().get(vertex)).getLayerConf().getLayer().getIDropout();
    }

    @Test
    void architectureAndConfigurationRoundTripThroughJson() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Architecture architecture = CondenseNetArchitecture.imagenet74(8);
        String text = json.writeValueAsString(architecture);
        assertTrue(text.contains("\"type\":\"CondenseNet\""), text);
        assertEquals(architecture, json.readValue(text, Architecture.class));
        ComputationGraphConfiguration conf = CondenseNet.configuration(smoke(0.5),
                ZooChecks.settings(SMOKE_SIZE, SMOKE_CLASSES, ZooChecks.everywhere()));
        assertEquals(conf, ComputationGraphConfiguration.fromJson(conf.toJson()));
    }

    @Test
    void rejectsInconsistentOptionsAndUncondensedNetworks() {
        IllegalArgumentException growth = assertThrows(IllegalArgumentException.class,
                () -> new CondenseNetArchitecture(List.of(2), List.of(6), 4, 4, 4, 0, 0.5));
        assertTrue(growth.getMessage().contains("divisible by groups 4"), growth.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CondenseNetArchitecture(List.of(2, 2), List.of(8), 4, 4, 4,
                0, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new CondenseNetArchitecture(List.of(2), List.of(8), 4, 4, 4,
                0, 0));
        ModelSettings settings = ZooChecks.settings(SMOKE_SIZE, SMOKE_CLASSES, PerturbationSettings.none());
        ComputationGraph training = smoke(0.5).network(settings);
        IllegalArgumentException uncondensed = assertThrows(IllegalArgumentException.class,
                () -> CondenseNet.inferenceNetwork(training, smoke(0.5), settings));
        assertTrue(uncondensed.getMessage().contains("stage 0 of 1"), uncondensed.getMessage());
        assertInstanceOf(CondensationListener.class, new CondensationListener(1));
        assertThrows(IllegalArgumentException.class, () -> new CondensationListener(0));
    }
}
