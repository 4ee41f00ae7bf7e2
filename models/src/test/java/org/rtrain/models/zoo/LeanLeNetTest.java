package org.rtrain.models.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.rtrain.models.layers.PixelNormalization;
import org.rtrain.perturb.PerturbationPlacement;
import org.rtrain.perturb.backend.LeanConvolution;
import org.rtrain.perturb.backend.NativeFastPath;

class LeanLeNetTest {

    private static DataSet batch(long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray features = Nd4j.rand(DataType.FLOAT, 16, 28, 28, 1);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, 16, 10);
        for (int i = 0; i < 16; i++) {
            labels.putScalar(i, (i + seed) % 10, 1);
        }
        return new DataSet(features, labels);
    }

    @Test
    void onlyTheFirstLayerSkipsItsInputGradientAndTheConfigurationRoundTrips() {
        MultiLayerConfiguration conf = LeanLeNet.configuration(LeNetArchitecture.paper(), LeNet.mnistSettings(PerturbationSettings.none(), 3));
        assertFalse(((LeanConvolution) conf.getConf(0).getLayer()).isInputGradient());
        assertTrue(((LeanConvolution) conf.getConf(2).getLayer()).isInputGradient());
        assertEquals(conf, MultiLayerConfiguration.fromJson(conf.toJson()));
        MultiLayerConfiguration lenet = LeNet.configuration(LeNetArchitecture.paper(),
                LeNet.mnistSettings(PerturbationSettings.none(), 3));
        assertTrue(((LeanConvolution) lenet.getConf(0).getLayer()).isInputGradient(), "LeNet itself was changed");
    }

    @Test
    void drawsLeNetsParametersOnTheNativePath() {
        ModelSettings settings = LeNet.mnistSettings(new PerturbationSettings(0.2, 0.5,
                PerturbationPlacement.inputAndAllHidden()), 9);
        MultiLayerNetwork lean = LeanLeNet.network(LeNetArchitecture.paper(), settings);
        assertEquals(LeNet.network(LeNetArchitecture.paper(), settings).params(), lean.params());
        assertEquals(List.of(), NativeFastPath.layersOffFastPath(lean));
    }

    @Test
    void trainsAsLeNetToFloatRounding() {
        ModelSettings settings = LeNet.mnistSettings(new PerturbationSettings(0.2, 0.5,
                PerturbationPlacement.inputAndAllHidden()), 4);
        MultiLayerNetwork lean = LeanLeNet.network(LeNetArchitecture.paper(), settings);
        MultiLayerNetwork lenet = LeNet.network(LeNetArchitecture.paper(), settings);
        for (int step = 0; step < 5; step++) {
            DataSet data = batch(step);
            Nd4j.getRandom().setSeed(100 + step);
            lenet.fit(data);
            Nd4j.getRandom().setSeed(100 + step);
            lean.fit(data);
            assertEquals(lenet.score(), lean.score(), 1e-5 * Math.abs(lenet.score()), "step " + step);
        }
        double difference = Transforms.abs(lenet.params().sub(lean.params())).maxNumber().doubleValue();
        assertTrue(difference < 1e-5, "parameters after 5 steps differ by up to " + difference);
    }

    @Test
    void refusesAnInputPreprocessor() {
        MultiLayerConfiguration normalised = LeNet.configuration(LeNetArchitecture.paper(),
                new ModelSettings(new InputShape(1, 28, 28, 10), new PixelNormalization(List.of(0.5), List.of(0.25)),
                        PerturbationSettings.none(), LeNet.caffeOptimizer(), 1));
        assertThrows(IllegalArgumentException.class, () -> LeanLeNet.withoutInputGradient(normalised));
    }
}
