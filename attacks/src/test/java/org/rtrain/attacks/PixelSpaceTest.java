package org.rtrain.attacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.rtrain.attacks.evaluation.RobustnessEvaluation;
import org.rtrain.attacks.gradient.FiniteDifferences;
import org.rtrain.attacks.gradient.InputGradient;
import org.rtrain.attacks.training.AdversarialTraining;
import org.rtrain.models.layers.PixelNormalization;
import org.rtrain.models.layers.PixelNormalizationPreProcessor;

/** Attacks on a network that normalises its pixels inside, as every zoo network does. */
class PixelSpaceTest {

    private static final PixelNormalization NORMALIZATION = new PixelNormalization(List.of(0.45), List.of(0.2));

    /** models' PixelNormalizationPreProcessor on the first layer, then conv - dense - softmax. */
    private static MultiLayerNetwork normalisingCnn() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(31)
                .dataType(DataType.DOUBLE).updater(new Sgd(0.1)).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(3).activation(Activation.TANH).build())
                .layer(new DenseLayer.Builder().nOut(6).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .inputPreProcessor(0, PixelNormalizationPreProcessor.of(NORMALIZATION, CNN2DFormat.NCHW))
                .setInputType(InputType.convolutional(8, 8, 1))
                .build());
        net.init();
        assertTrue(net.getLayerWiseConfigurations().getInputPreProcess(0) instanceof PixelNormalizationPreProcessor,
                "fixture: the first layer lost its pixel normalisation");
        return net;
    }

    /** Pixels in [0.2, 0.8], so that a step of 0.1 either way stays inside [0, 1]. */
    private static INDArray interiorPixels(int n, long seed) {
        return AttackFixtures.images(n, seed).muli(0.6).addi(0.2);
    }

    @Test
    void fgsmMovesEveryPixelByExactlyEpsilonInPixelUnits() {
        MultiLayerNetwork net = normalisingCnn();
        INDArray x = interiorPixels(6, 32);
        INDArray y = AttackFixtures.labels(6);
        InputGradient gradient = InputGradient.forModel(net);
        double epsilon = 0.1;
        INDArray step = new FgsmAttack(epsilon).perturb(gradient, x, y).sub(x);
        INDArray moved = Transforms.abs(gradient.of(x, y)).gt(0).castTo(DataType.DOUBLE);
        assertTrue(moved.sumNumber().doubleValue() > 0.9 * x.length(), "fixture: too many zero gradients");
        // Where the gradient is non-zero the pixel moves by eps, not eps * std (the normalised-space step).
        INDArray expected = moved.mul(epsilon);
        assertTrue(Transforms.abs(step).equalsWithEps(expected, 1e-12), "FGSM did not move pixels by exactly eps");
    }

    @Test
    void gradientThroughTheNormalisationMatchesFiniteDifferencesInPixelUnits() {
        MultiLayerNetwork net = normalisingCnn();
        INDArray x = interiorPixels(3, 33);
        INDArray y = AttackFixtures.labels(3);
        double worst = FiniteDifferences.worstRelativeError(x, InputGradient.forModel(net).of(x, y),
                in -> net.score(new DataSet(in, y), false), 3);
        assertTrue(worst < 1e-5, "relative error vs finite differences: " + worst);
    }

    @Test
    void normalisedInputsAreRefusedByEveryEntryPoint() {
        MultiLayerNetwork net = normalisingCnn();
        INDArray pixels = interiorPixels(6, 34);
        INDArray normalised = pixels.sub(0.45).divi(0.2);
        INDArray y = AttackFixtures.labels(6);
        InputGradient gradient = InputGradient.forModel(net);
        DataSet batch = new DataSet(normalised, y);
        List<Executable> entryPoints = List.of(
                () -> new FgsmAttack(0.1).perturb(gradient, normalised, y),
                () -> new PgdAttack(0.1, 0.02, 3, true, 1, 0).perturb(gradient, normalised, y),
                () -> new PgdAttack(0.1, 0.02, 3, false, 1, 0).perturbTargeted(gradient, normalised, y),
                () -> AdversarialTraining.goodfellowMnist().trainerFor(net).fit(batch),
                () -> RobustnessEvaluation.standard(List.of(0.1), 1).evaluate(net, CNN2DFormat.NCHW,
                        () -> List.of(batch).iterator()));
        for (Executable entryPoint : entryPoints) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class, entryPoint);
            assertTrue(error.getMessage().contains("pixels in [0, 1]")
                    && error.getMessage().contains("normalise inside the network"), error.getMessage());
        }
        INDArray before = net.params().dup();
        assertEquals(before, net.params(), "a refused training step must not change the network");
    }
}
