package org.rtrain.perturb.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.rtrain.perturb.PerturbationPlacement;
import org.rtrain.perturb.SignPerturbation;

/**
 * The gradient through the sign perturbation and a channels-last convolution on the oneDNN helper,
 * R-LeNet's path, against central finite differences. oneDNN runs FLOAT only, so the network is
 * linear in each parameter and the input (identity activations, squared error): its loss is then a
 * quadratic in each coordinate, whose central difference is exact but for rounding, and a FLOAT check
 * can be tight. The perturbation's draw is held fixed by reseeding before every evaluation.
 */
class PerturbedChannelsLastConvolutionGradientTest {

    private static final long SEED = 77;

    @Test
    void parameterAndInputGradientsMatchFiniteDifferences() {
        NativeFastPath.enable();
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).updater(new NoOp())
                .dataType(DataType.FLOAT).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(3).activation(Activation.IDENTITY)
                        .dataFormat(CNN2DFormat.NHWC).helperAllowFallback(false).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2)
                        .activation(Activation.IDENTITY).build())
                .setInputType(InputType.convolutional(6, 6, 2, CNN2DFormat.NHWC)).build();
        MultiLayerNetwork network = new MultiLayerNetwork(PerturbationPlacement.inputAndAllHidden()
                .applyTo(conf, new SignPerturbation(0.3)));
        network.init();
        assertEquals(List.of(), NativeFastPath.layersOffFastPath(network), "the convolution must run on oneDNN");
        INDArray x = Nd4j.rand(DataType.FLOAT, 3, 6, 6, 2).subi(0.5);
        INDArray y = Nd4j.rand(DataType.FLOAT, 3, 2);

        Nd4j.getRandom().setSeed(SEED);
        var analytic = network.calculateGradients(x, y, null, null);
        INDArray parameterGradient = analytic.getFirst().gradient().dup();
        INDArray inputGradient = analytic.getSecond().dup();

        INDArray params = network.params();
        double h = 1e-2;
        for (int i = 0; i < params.length(); i += 3) {
            assertClose("parameter " + i, centralDifference(network, x, y, params, i, h),
                    parameterGradient.getDouble(i));
        }
        for (int i = 0; i < x.length(); i += 5) {
            assertClose("input " + i, centralDifference(network, x, y, x.reshape(x.length()), i, h),
                    inputGradient.reshape(x.length()).getDouble(i));
        }
    }

    /** The central difference of the loss in element {@code i} of {@code values}, a view of the parameters or input. */
    private static double centralDifference(MultiLayerNetwork network, INDArray x, INDArray y, INDArray values, int i,
                                            double h) {
        double original = values.getDouble(i);
        values.putScalar(i, original + h);
        double plus = loss(network, x, y);
        values.putScalar(i, original - h);
        double minus = loss(network, x, y);
        values.putScalar(i, original);
        return (plus - minus) / (2 * h);
    }

    /** The training-mode loss with the same draw as the analytic gradient. */
    private static double loss(MultiLayerNetwork network, INDArray x, INDArray y) {
        Nd4j.getRandom().setSeed(SEED);
        network.setInput(x);
        network.setLabels(y);
        network.computeGradientAndScore();
        return network.score() * x.size(0);
    }

    private static void assertClose(String what, double numeric, double analytic) {
        double scale = Math.max(Math.abs(numeric), Math.abs(analytic));
        assertTrue(Math.abs(numeric - analytic) <= 2e-3 * scale + 2e-4, what + ": finite difference " + numeric
                + ", backprop " + analytic);
    }
}
