package org.rtrain.attacks.gradient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rtrain.models.zoo.LeNet;
import org.rtrain.models.zoo.LeNetArchitecture;
import org.rtrain.models.zoo.LeanLeNet;
import org.rtrain.models.zoo.ModelSettings;
import org.rtrain.models.zoo.PerturbationSettings;
import org.rtrain.perturb.backend.LeanConvolution;

/**
 * A network whose first layer computes no input gradient in training ({@link LeanLeNet}) still gives attacks and
 * FGSM training exactly the input gradient (and training pass) of the same network with it on.
 */
class LeanFirstLayerGradientTest {

    private static final long SEED = 19;

    private static INDArray images() {
        Nd4j.getRandom().setSeed(5);
        return Nd4j.rand(DataType.FLOAT, 6, 28, 28, 1);
    }

    private static INDArray labels() {
        INDArray labels = Nd4j.zeros(DataType.FLOAT, 6, 10);
        for (int i = 0; i < 6; i++) {
            labels.putScalar(i, (i * 7) % 10, 1);
        }
        return labels;
    }

    @Test
    void attacksSeeTheInputGradientOfTheFullNetwork() {
        ModelSettings settings = LeNet.mnistSettings(PerturbationSettings.none(), SEED);
        MultiLayerNetwork lean = LeanLeNet.network(LeNetArchitecture.paper(), settings);
        MultiLayerNetwork full = LeNet.network(LeNetArchitecture.paper(), settings);
        assertEquals(full.params(), lean.params());
        INDArray gradient = InputGradient.forModel(lean).of(images(), labels());
        assertNotNull(gradient);
        assertEquals(InputGradient.forModel(full).of(images(), labels()), gradient);
        assertFalse(((LeanConvolution) lean.getLayerWiseConfigurations().getConf(0).getLayer()).isInputGradient(),
                "the twin changed the network's own configuration");
    }

    @Test
    void fgsmTrainingPassIsTheFullNetworksPass() {
        ModelSettings settings = LeNet.mnistSettings(PerturbationSettings.none(), SEED);
        MultiLayerNetwork lean = LeanLeNet.network(LeNetArchitecture.paper(), settings);
        MultiLayerNetwork full = LeNet.network(LeNetArchitecture.paper(), settings);
        Nd4j.getRandom().setSeed(SEED);
        TrainingPassGradient.Pass leanPass = new TrainingPassGradient(lean).run(images(), labels());
        Nd4j.getRandom().setSeed(SEED);
        TrainingPassGradient.Pass fullPass = new TrainingPassGradient(full).run(images(), labels());
        assertEquals(fullPass.loss(), leanPass.loss(), 0.0);
        assertEquals(fullPass.inputGradient(), leanPass.inputGradient());
        assertEquals(fullPass.parameterGradient(), leanPass.parameterGradient());
        assertFalse(((LeanConvolution) lean.getLayerWiseConfigurations().getConf(0).getLayer()).isInputGradient(),
                "the twin changed the network's own configuration");
    }
}
