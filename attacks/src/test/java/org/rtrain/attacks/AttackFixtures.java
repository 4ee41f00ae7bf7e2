package org.rtrain.attacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.function.Supplier;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.rtrain.attacks.gradient.InputGradient;

/** Small CNNs (with dropout, with batch norm) in double precision, and random labelled inputs. */
public final class AttackFixtures {

    private AttackFixtures() {
    }

    /** A small CNN whose layers keep inputs with {@code retainProbability} (DL4J dropout). */
    public static MultiLayerNetwork smallCnn(double retainProbability) {
        NeuralNetConfiguration.ListBuilder builder = new NeuralNetConfiguration.Builder()
                .seed(7).dataType(DataType.DOUBLE).updater(new Sgd(0.1)).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(3).activation(Activation.TANH).build())
                .layer(new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().nOut(6).activation(Activation.TANH)
                        .dropOut(retainProbability).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).dropOut(retainProbability).build())
                .setInputType(InputType.convolutional(8, 8, 1));
        MultiLayerConfiguration conf = builder.build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** {@link #smallCnn} without dropout trained to over 90% accuracy on {@link #learnable} data. */
    public static MultiLayerNetwork trainedCnn() {
        MultiLayerNetwork net = smallCnn(1.0);
        DataSet train = learnable(90, 11);
        for (int i = 0; i < 150; i++) {
            net.fit(train);
        }
        return net;
    }

    /**
     * conv 3x3 (4) - batch norm - tanh - average pool - dense 6 (tanh, dropout 0.5) - batch norm - softmax
     * over 3 classes, on 8x8x1 images laid out as {@code format}; the dense batch norm uses the variance
     * parameterisation and fixed gamma and beta when {@code varianceAndLockedGamma}, else DL4J's default
     * log10(std) and learned gamma and beta. Running statistics, gamma and beta are set to values no batch
     * of [0, 1] images produces (see {@link #scrambleBatchNorm}).
     */
    public static MultiLayerNetwork batchNormCnn(CNN2DFormat format, boolean varianceAndLockedGamma) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(11).dataType(DataType.DOUBLE).updater(new Sgd(0.05)).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.IDENTITY)
                        .dataFormat(format).build())
                .layer(new BatchNormalization.Builder().dataFormat(format).build())
                .layer(new ActivationLayer.Builder().activation(Activation.TANH).build())
                .layer(new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(2, 2).stride(2, 2)
                        .dataFormat(format).build())
                .layer(new DenseLayer.Builder().nOut(6).activation(Activation.TANH).dropOut(0.5).build())
                .layer(new BatchNormalization.Builder().useLogStd(!varianceAndLockedGamma)
                        .lockGammaBeta(varianceAndLockedGamma).gamma(1.3).beta(-0.2).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(8, 8, 1, format))
                .build());
        net.init();
        scrambleBatchNorm(net.getLayers(), 12);
        return net;
    }

    /**
     * Sets every batch-norm layer's running mean to N(0.5, 0.5), its running standard deviation to
     * U(0.3, 3) and its learned gamma and beta to U(0.5, 1.5) and N(0, 0.3): statistics that differ
     * from any batch's, so that training-mode and inference-mode batch norm compute different functions.
     */
    public static void scrambleBatchNorm(Layer[] layers, long seed) {
        java.util.Random random = new java.util.Random(seed);
        for (Layer layer : layers) {
            if (!(layer instanceof org.deeplearning4j.nn.layers.normalization.BatchNormalization)) {
                continue;
            }
            for (Map.Entry<String, INDArray> param : layer.paramTable().entrySet()) {
                INDArray values = param.getValue();
                for (long i = 0; i < values.length(); i++) {
                    double std = 0.3 + 2.7 * random.nextDouble();
                    double value = switch (param.getKey()) {
                        case BatchNormalizationParamInitializer.GAMMA -> 0.5 + random.nextDouble();
                        case BatchNormalizationParamInitializer.BETA -> 0.3 * random.nextGaussian();
                        case BatchNormalizationParamInitializer.GLOBAL_MEAN -> 0.5 + 0.5 * random.nextGaussian();
                        case BatchNormalizationParamInitializer.GLOBAL_LOG_STD -> Math.log10(std);
                        case BatchNormalizationParamInitializer.GLOBAL_VAR -> std * std;
                        default -> throw new IllegalStateException("unknown batch-norm parameter " + param.getKey());
                    };
                    values.putScalar(i, value);
                }
            }
        }
    }

    /** {@code x} in NCHW laid out as NHWC. */
    public static INDArray channelsLast(INDArray x) {
        return x.permute(0, 2, 3, 1).dup('c');
    }

    /** {@code n} random 1x8x8 images in [0, 1], from ND4J's generator seeded with {@code seed}. */
    public static INDArray images(int n, long seed) {
        return images(n, 8, seed);
    }

    /** {@code n} random square grey images of side {@code side} in [0, 1], from ND4J's generator at {@code seed}. */
    public static INDArray images(int n, int side, long seed) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.DOUBLE, n, 1, side, side);
    }

    /** The result of {@code operation}, checking that it leaves {@code features} as they were. */
    public static <T> T leavingAlone(INDArray features, Supplier<T> operation) {
        INDArray before = features.dup();
        T result = operation.get();
        assertEquals(before, features, "features were mutated");
        return result;
    }

    /** Images whose class (0..2) is the third of the image that is brighter: learnable in a few steps. */
    public static DataSet learnable(int n, long seed) {
        INDArray x = images(n, seed).muli(0.5);
        INDArray y = labels(n);
        for (int i = 0; i < n; i++) {
            int c = i % 3;
            x.get(NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.all(),
                    NDArrayIndex.interval(c * 2 + 1, c * 2 + 4)).addi(0.4);
        }
        return new DataSet(x, y);
    }

    /** The top-1 accuracy of {@code network} on {@code features}. */
    public static double accuracy(MultiLayerNetwork network, INDArray features, INDArray labels) {
        INDArray predicted = network.output(features, false).argMax(1);
        long correct = predicted.eq(labels.argMax(1)).castTo(DataType.INT).sumNumber().longValue();
        return correct / (double) features.size(0);
    }

    /** {@code n} one-hot labels cycling through 3 classes. */
    public static INDArray labels(int n) {
        INDArray y = Nd4j.zeros(DataType.DOUBLE, n, 3);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, i % 3, 1.0);
        }
        return y;
    }

    /**
     * {@code attack}'s adversarial examples of (x, y) against {@code network}, asserted to leave {@code x} alone, to
     * lie within {@code eps} of it (max norm) and in the pixel range [0, 1].
     */
    public static INDArray perturbWithinBall(Attack attack, MultiLayerNetwork network, INDArray x, INDArray y,
            double eps) {
        INDArray adversarial = leavingAlone(x, () -> attack.perturb(InputGradient.forModel(network), x, y));
        assertTrue(Transforms.abs(adversarial.sub(x)).maxNumber().doubleValue() <= eps + 1e-12);
        assertTrue(adversarial.minNumber().doubleValue() >= 0 && adversarial.maxNumber().doubleValue() <= 1);
        return adversarial;
    }
}
