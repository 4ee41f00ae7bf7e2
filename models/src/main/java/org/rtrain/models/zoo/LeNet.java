package org.rtrain.models.zoo;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.rtrain.models.layers.PixelNormalization;
import org.rtrain.models.layers.PixelNormalizationPreProcessor;
import org.rtrain.models.training.LearningRateSchedule;
import org.rtrain.models.training.OptimizerSettings;
import org.rtrain.perturb.backend.LeanConvolution;
import org.rtrain.perturb.backend.NativeFastPath;

/**
 * LeNet as the paper's Table 4 uses it on MNIST: the Caffe/DL4J variant of LeCun et al. (1998).
 *
 * <p>From LeCun, Bottou, Bengio and Haffner, "Gradient-based learning applied to document
 * recognition" (1998), in the form of Caffe's {@code lenet_train_test.prototxt}: conv 20 5x5,
 * max-pool 2x2, conv 50 5x5, max-pool 2x2, dense 500 with ReLU, softmax over the classes; the
 * convolutions are linear, as in Caffe. Table 4 marks the row "dropout": dropout is applied to the
 * input of the classifier. At 28x28x1 and 10 classes it has 431,080 trainable parameters.
 *
 * <p>Use {@link #network} for an initialised network on the native (oneDNN/cuDNN) path, taking pixels in
 * [0, 1] (the {@link ModelSettings} normalisation is applied inside) laid out as the architecture's data
 * format. The paper's network ({@link LeNetArchitecture#paper()}) takes channels-last input
 * ({@code [batch, height, width, channels]}): oneDNN runs NHWC convolutions and pooling without the
 * layout reorders NCHW costs (measured: +15% training throughput on 2 cores). The convolutions are
 * {@link LeanConvolution}s: DL4J's convolution without the second forward convolution of its backward pass, with
 * bit-identical results; {@link LeanLeNet} is the opt-in variant that also skips the input image's gradient.
 * {@link #mnistSettings} are
 * Table 4's MNIST settings with Caffe's solver ({@link #caffeOptimizer()}).
 */
public final class LeNet {

    /** Trainable parameters at 28x28x1 with 10 classes: 520 + 25,050 + 400,500 + 5,010. */
    public static final long PUBLISHED_PARAMETERS = 431_080;

    private LeNet() {
    }

    /**
     * Caffe's LeNet solver ({@code lenet_solver.prototxt}): classical momentum 0.9, learning rate
     * 0.01 with the "inv" policy (gamma 1e-4, power 0.75), weight decay 5e-4 on weights and biases
     * (the prototxt leaves {@code decay_mult} at 1).
     */
    public static OptimizerSettings caffeOptimizer() {
        return new OptimizerSettings(OptimizerSettings.Method.MOMENTUM, 0.01, 0.9,
                new LearningRateSchedule.Inverse(1e-4, 0.75), 5e-4, true);
    }

    /** MNIST-shaped settings (28x28x1, 10 classes, pixels as they are) with {@link #caffeOptimizer()}. */
    public static ModelSettings mnistSettings(PerturbationSettings perturbation, long seed) {
        return new ModelSettings(new InputShape(1, 28, 28, 10), PixelNormalization.identity(1), perturbation,
                caffeOptimizer(), seed);
    }

    /** The configuration, with the input normalisation and the perturbation of {@code settings}. */
    public static MultiLayerConfiguration configuration(LeNetArchitecture architecture, ModelSettings settings) {
        InputShape input = settings.input();
        if (input.height() < 16 || input.width() < 16) {
            throw new IllegalArgumentException("LeNet needs at least 16x16 inputs, got " + input.height() + "x"
                    + input.width());
        }
        CNN2DFormat format = architecture.dataFormat();
        MultiLayerConfiguration conf = settings.optimizer().configure(new NeuralNetConfiguration.Builder())
                .seed(settings.seed())
                .weightInit(WeightInit.XAVIER)
                .list()
                .layer(new LeanConvolution.Builder(5, 5).nOut(20).activation(Activation.IDENTITY)
                        .dataFormat(format).cudnnAllowFallback(false).name("conv1").build())
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                        .dataFormat(format).cudnnAllowFallback(false).name("pool1").build())
                .layer(new LeanConvolution.Builder(5, 5).nOut(50).activation(Activation.IDENTITY)
                        .dataFormat(format).cudnnAllowFallback(false).name("conv2").build())
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                        .dataFormat(format).cudnnAllowFallback(false).name("pool2").build())
                .layer(new DenseLayer.Builder().nOut(500).activation(Activation.RELU).name("ip1").build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(input.classes())
                        .activation(Activation.SOFTMAX)
                        // DL4J's dropOut(x) takes the probability of *keeping* a value.
                        .dropOut(architecture.classifierDropRate() > 0 ? 1.0 - architecture.classifierDropRate() : 0.0)
                        .name("ip2").build())
                .setInputType(InputType.convolutional(input.height(), input.width(), input.channels(), format))
                .build();
        PixelNormalizationPreProcessor normalization = settings.inputPreProcessor(format);
        if (normalization != null) {
            conf.getInputPreProcessors().put(0, normalization);
        }
        return settings.placePerturbation(conf);
    }

    /** An initialised network whose convolution and pooling layers run on the native kernels. */
    public static MultiLayerNetwork network(LeNetArchitecture architecture, ModelSettings settings) {
        return initialised(configuration(architecture, settings));
    }

    /** An initialised network of {@code conf} whose convolution and pooling layers run on the native kernels. */
    static MultiLayerNetwork initialised(MultiLayerConfiguration conf) {
        NativeFastPath.enable();
        MultiLayerNetwork network = new MultiLayerNetwork(conf);
        network.init();
        return network;
    }
}
