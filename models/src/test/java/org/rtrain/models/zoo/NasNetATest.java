package org.rtrain.models.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.rtrain.perturb.PerturbationPlacement;

class NasNetATest {

    private static final int SIZE = 32;
    private static final int CLASSES = 5;

    /** 1 @ 96: cells of 4, 8 and 16 filters, stem cells of 1 and 2. */
    private static NasNetAArchitecture smoke(boolean skipReductionLayerInput) {
        return new NasNetAArchitecture(1, 96, 8, skipReductionLayerInput, 0.5);
    }

    @Test
    void cellsHaveTheirPublishedWidthsAndWiring() {
        ModelSettings settings = ZooChecks.settings(SIZE, CLASSES, PerturbationSettings.none());
        ComputationGraphConfiguration skip = NasNetA.configuration(smoke(true), settings);
        java.util.Map<String, InputType> types = skip.getLayerActivationTypes(InputType.convolutional(SIZE, SIZE, 3));
        // 32 -> 15 (valid 3x3/2) -> 8 -> 4 (stem cells) -> 4 -> 2 -> 1 (stages).
        assertEquals(InputType.convolutional(8, 8, 4), types.get("stem_1"), "reduction cell: 4 x P/96");
        assertEquals(InputType.convolutional(4, 4, 24), types.get("normal_0"), "normal cell: 6 x P/24");
        assertEquals(InputType.convolutional(2, 2, 32), types.get("reduction_1"));
        assertEquals(InputType.convolutional(1, 1, 96), types.get("normal_2"), "P channels before the classifier");
        // Large skips the reduction cell's input: the next normal cell's previous input is stem_2, not normal_0.
        assertEquals(List.of("stem_2"), skip.getVertexInputs().get("normal_1_adjust_relu"));
        ComputationGraphConfiguration noSkip = NasNetA.configuration(smoke(false), settings);
        assertEquals(List.of("normal_0"), noSkip.getVertexInputs().get("normal_1_adjust_relu"));
        assertEquals(List.of("reduction_1"), noSkip.getVertexInputs().get("normal_1_h_relu"),
                "h is computed from the current input");
    }

    @Test
    void smokeNetworkBackpropagatesToEveryParameterOnTheNativePath() {
        ComputationGraph net = smoke(true).network(ZooChecks.settings(SIZE, CLASSES, ZooChecks.everywhere()));
        ZooChecks.assertOnNativePathApartFromDepthwiseConvolutions(net);
        ZooChecks.assertFiniteNonZeroGradients(net, ZooChecks.images(3, SIZE), ZooChecks.labels(3, CLASSES));
    }

    @Test
    void trainsWithAndWithoutThePerturbation() {
        for (PerturbationSettings perturbation : List.of(PerturbationSettings.none(), ZooChecks.everywhere())) {
            ComputationGraph net = smoke(false).network(ZooChecks.settings(SIZE, CLASSES, perturbation));
            ZooChecks.assertTrains(net, ZooChecks.images(4, SIZE), ZooChecks.labels(4, CLASSES), 2);
            ZooChecks.assertOnNativePathApartFromDepthwiseConvolutions(net);
        }
    }

    @Test
    void perturbationLandsOnTheInputAndOnHiddenConvolutions() {
        ComputationGraphConfiguration input = NasNetA.configuration(smoke(true), ZooChecks.settings(SIZE, CLASSES,
                new PerturbationSettings(0.1, 0.5, PerturbationPlacement.input())));
        assertTrue(ZooFixtures.readsPerturbed(input, "stem_conv1"));
        assertFalse(ZooFixtures.readsPerturbed(input, "normal_0_left1_depthwise1"));
        ComputationGraphConfiguration hidden = NasNetA.configuration(smoke(true), ZooChecks.settings(SIZE, CLASSES,
                new PerturbationSettings(0.1, 0.5, PerturbationPlacement.allHidden())));
        assertFalse(ZooFixtures.readsPerturbed(hidden, "stem_conv1"));
        assertTrue(ZooFixtures.readsPerturbed(hidden, "normal_0_left1_depthwise1"));
        assertTrue(ZooFixtures.readsPerturbed(hidden, "normal_0_left1_pointwise1"),
                "the two halves of a separable convolution are two layers");
        assertTrue(ZooFixtures.readsPerturbed(hidden, "normal_1_adjust_conv2"));
        assertTrue(ZooFixtures.readsPerturbed(hidden, "normal_0_h_conv"));
        assertFalse(ZooFixtures.readsPerturbed(hidden, "normal_0_left1_bn1"), "read by batch norm only");
        assertNull(dropout(hidden, "normal_0_left1_depthwise1"), "one shared draw, none of the layer's own");
    }

    private static Object dropout(ComputationGraphConfiguration conf, String vertex) {
        return ((LayerVertex) conf.getVertices().get(vertex)).getLayerConf().getLayer().getIDropout();
    }

    @Test
    void architectureRoundTripsThroughJsonAndRejectsBadOptions() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Architecture large = NasNetAArchitecture.large();
        String text = json.writeValueAsString(large);
        assertTrue(text.contains("\"type\":\"NASNetA\""), text);
        assertEquals(large, json.readValue(text, Architecture.class));
        IllegalArgumentException filters = assertThrows(IllegalArgumentException.class,
                () -> new NasNetAArchitecture(4, 1000, 32, false, 0.5));
        assertTrue(filters.getMessage().contains("multiple of 96"), filters.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new NasNetAArchitecture(0, 1056, 32, false, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new NasNetAArchitecture(4, 1056, 32, false, -0.1));
        ComputationGraphConfiguration conf = NasNetA.configuration(smoke(true), ZooChecks.settings(SIZE, CLASSES,
                ZooChecks.everywhere()));
        assertEquals(conf, ComputationGraphConfiguration.fromJson(conf.toJson()));
    }
}
