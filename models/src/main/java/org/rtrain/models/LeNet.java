package org.rtrain.models;

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
 * <p>Use {@link #network(LeNetOptions)} for an initialised network on the native (oneDNN/cuDNN)
 * path. By default ({@link LeNetOptions#mnist}) the network takes channels-last input
 * ({@code [batch, height, width, channels]}): oneDNN runs NHWC convolutions and pooling without the
 * layout reorders NCHW costs (measured: +15% training throughput on 2 cores). The convolutions are
 * {@link LeanConvolution}s: DL4J's convolution without the second forward convolution of its backward pass, with
 * bit-identical results; {@link LeanLeNet} is the opt-in variant that also skips the input image's gradient.
 */
public final class LeNet {

    /** Trainable parameters at 28x28x1 with 10 classes: 520 + 25,050 + 400,500 + 5,010. */
    public static final long PUBLISHED_PARAMETERS = 431_080;

    private LeNet() {
    }

    /** The configuration, taking pixels as they are, with the perturbation placed as the options say. */
    public static MultiLayerConfiguration configuration(LeNetOptions options) {
        return configuration(options, PixelNormalization.identity(options.channels()));
    }

    /**
     * The configuration with {@code normalization} applied to the input pixels inside the network
     * (none when it is the identity), with the perturbation placed as the options say.
     */
    public static MultiLayerConfiguration configuration(LeNetOptions options, PixelNormalization normalization) {
        if (normalization.channels() != options.channels()) {
            throw new IllegalArgumentException("LeNet normalization has " + normalization.channels()
                    + " channels, the input " + options.channels());
        }
        MultiLayerConfiguration conf = options.optimizer().configure(new NeuralNetConfiguration.Builder())
                .seed(options.seed())
                .weightInit(WeightInit.XAVIER)
                .list()
                .layer(new LeanConvolution.Builder(5, 5).nOut(20).activation(Activation.IDENTITY)
                        .dataFormat(options.dataFormat()).cudnnAllowFallback(false).name("conv1").build())
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                        .dataFormat(options.dataFormat()).cudnnAllowFallback(false).name("pool1").build())
                .layer(new LeanConvolution.Builder(5, 5).nOut(50).activation(Activation.IDENTITY)
                        .dataFormat(options.dataFormat()).cudnnAllowFallback(false).name("conv2").build())
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                        .dataFormat(options.dataFormat()).cudnnAllowFallback(false).name("pool2").build())
                .layer(new DenseLayer.Builder().nOut(500).activation(Activation.RELU).name("ip1").build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(options.classes())
                        .activation(Activation.SOFTMAX)
                        // DL4J's dropOut(x) takes the probability of *keeping* a value.
                        .dropOut(options.classifierDropRate() > 0 ? 1.0 - options.classifierDropRate() : 0.0)
                        .name("ip2").build())
                .setInputType(InputType.convolutional(options.height(), options.width(), options.channels(),
                        options.dataFormat()))
                .build();
        if (!normalization.isIdentity()) {
            conf.getInputPreProcessors().put(0, PixelNormalizationPreProcessor.of(normalization, options.dataFormat()));
        }
        PerturbationSettings perturbation = options.perturbation();
        return perturbation.isNone() ? conf
                : perturbation.placement().applyTo(conf, perturbation.perturbation());
    }

    /** An initialised network whose convolution and pooling layers run on the native kernels. */
    public static MultiLayerNetwork network(LeNetOptions options) {
        return network(options, PixelNormalization.identity(options.channels()));
    }

    /** An initialised network normalising its input pixels, on the native kernels. */
    public static MultiLayerNetwork network(LeNetOptions options, PixelNormalization normalization) {
        NativeFastPath.enable();
        MultiLayerNetwork network = new MultiLayerNetwork(configuration(options, normalization));
        network.init();
        return network;
    }
}
