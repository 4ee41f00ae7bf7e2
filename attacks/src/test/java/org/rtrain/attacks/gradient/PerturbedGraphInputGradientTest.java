package org.rtrain.attacks.gradient;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rtrain.models.zoo.Architecture;
import org.rtrain.models.zoo.InceptionV3Architecture;
import org.rtrain.models.zoo.InputShape;
import org.rtrain.models.zoo.ModelSettings;
import org.rtrain.models.training.OptimizerSettings;
import org.rtrain.models.zoo.PerturbationSettings;
import org.rtrain.models.layers.PixelNormalization;
import org.rtrain.models.zoo.WideResNetArchitecture;
import org.rtrain.perturb.PerturbationPlacement;

/**
 * The inference twin of a graph carrying perturbation vertices computes the deployed function: an R-
 * network and its base variant start from the same weights and are the same function at inference, so
 * their input gradients agree (a twin whose parameters were mapped to the wrong layers would not).
 */
class PerturbedGraphInputGradientTest {

    @Test
    void rVariantsHaveTheInputGradientOfTheirBaseVariant() {
        InputShape input = new InputShape(3, 32, 32, 10);
        List<Architecture> graphs = List.of(WideResNetArchitecture.svhn(10, 1),
                new InceptionV3Architecture(InceptionV3Architecture.Stem.CIFAR, 0.0625, false, 0.5));
        PixelNormalization normalization = new PixelNormalization(List.of(0.4, 0.5, 0.6),
                List.of(0.2, 0.25, 0.3));
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 3, 32, 32);
        INDArray y = Nd4j.eye(10).getRows(0, 3, 5, 9).castTo(DataType.FLOAT);
        for (Architecture architecture : graphs) {
            ComputationGraph base = (ComputationGraph) architecture.network(new ModelSettings(input, normalization,
                    PerturbationSettings.none(), OptimizerSettings.constant(0.01, 0.9, 0), 7));
            ComputationGraph perturbed = (ComputationGraph) architecture.network(new ModelSettings(input, normalization,
                    new PerturbationSettings(0.2, 0.5, PerturbationPlacement.inputAndAllHidden()),
                    OptimizerSettings.constant(0.01, 0.9, 0), 7));
            INDArray expected = InputGradient.forModel(base).of(x, y);
            INDArray actual = InputGradient.forModel(perturbed).of(x, y);
            double scale = expected.norm2Number().doubleValue();
            assertTrue(scale > 0, architecture + ": zero input gradient");
            assertTrue(expected.sub(actual).norm2Number().doubleValue() <= 1e-5 * scale, architecture
                    + ": the R- network's inference twin differs from the base network's");
        }
    }
}
