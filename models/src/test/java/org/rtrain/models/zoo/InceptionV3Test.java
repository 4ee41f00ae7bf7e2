package org.rtrain.models.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.rtrain.models.count.MultiplyAddCount;
import org.rtrain.models.count.MultiplyAddCounter;
import org.rtrain.perturb.PerturbationPlacement;

class InceptionV3Test {

    private static final double SMOKE_WIDTH = 1.0 / 16;

    @Test
    void cifarModulesRunOnThirtyFourteenAndSixGrids() {
        MultiplyAddCount flops = MultiplyAddCounter.count(InceptionV3.configuration(InceptionV3Architecture.cifar(),
                ZooChecks.settings(32, 100, PerturbationSettings.none())), InputType.convolutional(32, 32, 3));
        assertEquals(30L * 30 * 192 * 64, flops.byLayer().get("Mixed_5b_branch1x1"));
        assertEquals(14L * 14 * 768 * 192, flops.byLayer().get("Mixed_6b_branch1x1"));
        assertEquals(6L * 6 * 2048 * 192, flops.byLayer().get("Mixed_7c_branch_pool"));
        assertEquals(3L * 3 * 3 * 32 * 32 * 32, flops.byLayer().get("Conv2d_1a_3x3"), "stride 1, padded");
    }

    @Test
    void smokeNetworksBackpropagateToEveryParameterOnTheNativePath() {
        ModelSettings cifarSettings = ZooChecks.settings(32, 5, ZooChecks.everywhere());
        ComputationGraph cifar = new InceptionV3Architecture(InceptionV3Architecture.Stem.CIFAR, SMOKE_WIDTH, false, 0.5)
                .network(cifarSettings);
        ZooChecks.assertOnNativePath(cifar);
        ZooChecks.assertFiniteNonZeroGradients(cifar, ZooChecks.images(2, 32), ZooChecks.labels(2, 5));

        ComputationGraph imagenet = new InceptionV3Architecture(InceptionV3Architecture.Stem.IMAGENET, SMOKE_WIDTH,
                false, 0.5).network(ZooChecks.settings(75, 5, ZooChecks.everywhere()));
        ZooChecks.assertOnNativePath(imagenet);
        ZooChecks.assertFiniteNonZeroGradients(imagenet, ZooChecks.images(2, 75), ZooChecks.labels(2, 5));
    }

    @Test
    void auxiliaryHeadIsASecondOutputThatTrains() {
        ComputationGraph net = new InceptionV3Architecture(InceptionV3Architecture.Stem.IMAGENET, SMOKE_WIDTH, true, 0.5)
                .network(ZooChecks.settings(299, 4, ZooChecks.everywhere()));
        assertEquals(List.of("output", "aux_output"), net.getConfiguration().getNetworkOutputs());
        INDArray x = ZooChecks.images(2, 299);
        INDArray y = ZooChecks.labels(2, 4);
        net.setInputs(x);
        net.setLabels(y, y);
        net.computeGradientAndScore();
        assertTrue(net.gradient().getGradientFor("aux_conv1_W").norm2Number().doubleValue() > 0);
        INDArray before = net.params().dup();
        net.fit(new MultiDataSet(new INDArray[] {x}, new INDArray[] {y, y}));
        assertTrue(Double.isFinite(net.score()) && net.params().distance2(before) > 0);
        ZooChecks.assertOnNativePath(net);
    }

    @Test
    void trainsWithAndWithoutThePerturbation() {
        for (PerturbationSettings perturbation : List.of(PerturbationSettings.none(), ZooChecks.everywhere())) {
            ComputationGraph net = new InceptionV3Architecture(InceptionV3Architecture.Stem.CIFAR, SMOKE_WIDTH, false,
                    0.5).network(ZooChecks.settings(32, 5, perturbation));
            ZooChecks.assertTrains(net, ZooChecks.images(4, 32), ZooChecks.labels(4, 5), 3);
            ZooChecks.assertOnNativePath(net);
        }
    }

    @Test
    void perturbationLandsOnTheInputAndOnHiddenConvolutions() {
        InceptionV3Architecture architecture = new InceptionV3Architecture(InceptionV3Architecture.Stem.CIFAR,
                SMOKE_WIDTH, false, 0.5);
        ComputationGraphConfiguration input = InceptionV3.configuration(architecture, ZooChecks.settings(32, 5,
                new PerturbationSettings(0.1, 0.5, PerturbationPlacement.input())));
        assertTrue(ZooFixtures.readsPerturbed(input, "Conv2d_1a_3x3"));
        assertFalse(ZooFixtures.readsPerturbed(input, "Mixed_5b_branch1x1"));
        ComputationGraphConfiguration hidden = InceptionV3.configuration(architecture, ZooChecks.settings(32, 5,
                new PerturbationSettings(0.1, 0.5, PerturbationPlacement.allHidden())));
        assertFalse(ZooFixtures.readsPerturbed(hidden, "Conv2d_1a_3x3"));
        assertTrue(ZooFixtures.readsPerturbed(hidden, "Mixed_6e_branch7x7dbl_4"));
        assertFalse(ZooFixtures.readsPerturbed(hidden, "Mixed_6e_branch7x7dbl_4_bn"), "read by batch norm only");
        assertEquals(hidden.getVertexInputs().get("Mixed_5b_branch1x1"),
                hidden.getVertexInputs().get("Mixed_5b_branch5x5_1"), "a block's branches share one draw");
        assertTrue(ZooFixtures.readsPerturbed(hidden, "output"));
        assertEquals("Dropout", dropout(hidden, "output").getClass().getSimpleName(),
                "the classifier keeps its dropout, after the perturbation vertex");
    }

    private static Object dropout(ComputationGraphConfiguration conf, String vertex) {
        return ((LayerVertex) conf.getVertices().get(vertex)).getLayerConf().getLayer().getIDropout();
    }

    @Test
    void architectureRoundTripsThroughJsonAndRejectsBadOptions() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Architecture architecture = new InceptionV3Architecture(InceptionV3Architecture.Stem.IMAGENET, 0.5, true, 0.2);
        String text = json.writeValueAsString(architecture);
        assertTrue(text.contains("\"type\":\"InceptionV3\""), text);
        assertEquals(architecture, json.readValue(text, Architecture.class));
        IllegalArgumentException aux = assertThrows(IllegalArgumentException.class,
                () -> new InceptionV3Architecture(InceptionV3Architecture.Stem.CIFAR, 1, true, 0.5));
        assertTrue(aux.getMessage().contains("IMAGENET"), aux.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new InceptionV3Architecture(InceptionV3Architecture.Stem.CIFAR, 0, false, 0.5));
        assertThrows(IllegalArgumentException.class,
                () -> new InceptionV3Architecture(InceptionV3Architecture.Stem.CIFAR, 1, false, 1.0));
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
                () -> InceptionV3.configuration(InceptionV3Architecture.imagenet(), ZooChecks.settings(64, 10,
                        PerturbationSettings.none())));
        assertTrue(small.getMessage().contains("75x75"), small.getMessage());
        IllegalArgumentException auxSmall = assertThrows(IllegalArgumentException.class,
                () -> InceptionV3.configuration(new InceptionV3Architecture(InceptionV3Architecture.Stem.IMAGENET, 1,
                        true, 0.5), ZooChecks.settings(256, 10, PerturbationSettings.none())));
        assertTrue(auxSmall.getMessage().contains("17x17"), auxSmall.getMessage());
    }
}
