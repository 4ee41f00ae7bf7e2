package org.rtrain.attacks.gradient;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rtrain.models.zoo.CondenseNet;
import org.rtrain.models.zoo.CondenseNetArchitecture;
import org.rtrain.models.zoo.InputShape;
import org.rtrain.models.layers.LearnedGroupConvolution;
import org.rtrain.models.zoo.ModelSettings;
import org.rtrain.models.training.OptimizerSettings;
import org.rtrain.models.zoo.PerturbationSettings;
import org.rtrain.models.layers.PixelNormalization;

/**
 * An inference twin built before training follows CondenseNet's condensation: after the learned group
 * convolutions prune, its input gradient is the one of a twin built afresh (with the old masks it would not be).
 */
class CondensedTwinTest {

    @Test
    void theInferenceTwinFollowsTheOriginalsPruningMasks() {
        CondenseNetArchitecture architecture = new CondenseNetArchitecture(List.of(1, 1, 1, 1, 1),
                List.of(8, 8, 8, 8, 8), 4, 4, 4, 1e-5, 0.5);
        ComputationGraph network = CondenseNet.network(architecture, new ModelSettings(
                new InputShape(3, 32, 32, 10), PixelNormalization.identity(3), PerturbationSettings.none(),
                OptimizerSettings.constant(0.01, 0.9, 0), 11));
        InputGradient builtBeforeTraining = InputGradient.forModel(network);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 32, 32);
        INDArray y = Nd4j.eye(10).getRows(1, 7).castTo(DataType.FLOAT);
        INDArray before = builtBeforeTraining.of(x, y);

        CondenseNet.condense(network, 1.0);
        boolean pruned = false;
        for (Layer layer : network.getLayers()) {
            if (layer.conf().getLayer() instanceof LearnedGroupConvolution learned) {
                pruned |= learned.stage() > 0;
            }
        }
        assertTrue(pruned, "condensation pruned nothing: the test would prove nothing");
        INDArray afresh = InputGradient.forModel(network).of(x, y);
        assertFalse(before.equalsWithEps(afresh, 1e-6), "pruning did not change the input gradient");
        assertArrayEquals(afresh.ravel().toFloatVector(), builtBeforeTraining.of(x, y).ravel().toFloatVector(),
                "the twin built before condensation kept the old masks");
    }
}
