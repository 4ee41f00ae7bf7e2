package org.rtrain.models.zoo;

import java.util.List;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.rtrain.models.layers.StochasticDepthVertex;
import org.rtrain.models.training.LearningRateSchedule;
import org.rtrain.models.training.OptimizerSettings;

/**
 * A CIFAR-style ResNet with stochastic depth, ResNet-110 in the paper's Table 4.
 *
 * <p>From Huang, Sun, Liu, Sedra and Weinberger, "Deep Networks with Stochastic Depth" (ECCV 2016),
 * on the CIFAR ResNet of He, Zhang, Ren and Sun, "Deep Residual Learning for Image Recognition"
 * (CVPR 2016), following the authors' Torch code (github.com/yueatsprograms/Stochastic_Depth):
 * conv 3x3 (16) - BN - ReLU; three stages of {@code n = (depth - 2) / 6} basic blocks with 16, 32
 * and 64 channels, the first block of stages 2 and 3 striding by 2; global average pooling and a
 * softmax classifier. A basic block is {@code ReLU(shortcut + gate * residual)} with
 * {@code residual = BN(conv3x3(ReLU(BN(conv3x3(x)))))}; the shortcut is the identity, or, where a
 * block downsamples, 2x2 average pooling with stride 2 followed by zero channels appended ("option
 * A", here {@code MergeVertex(x, 0 * x)}, as the width doubles). Block {@code l} of {@code L}
 * survives a training step with probability {@code 1 - l / L * (1 - p_L)}, {@code p_L = 0.5}
 * ({@link StochasticDepthVertex}); at test time its residual is scaled by that probability.
 * Convolutions have He initialisation, as in that code, but no biases: each feeds a batch
 * normalisation, which cancels a bias, so the code's biases get no gradient (only weight decay
 * moves them). ResNet-110 has 1.7M parameters.
 *
 * <p>Use {@link #network} for an initialised network on the native path, taking pixels in [0, 1]
 * (the {@link ModelSettings} normalisation is applied inside) laid out as the architecture's data
 * format; train it with {@link #cifarOptimizer()} to follow the authors.
 */
public final class StochasticDepthResNet {

    /** ResNet-110's parameter count as published (He et al. 2016, Table 6), to 2 significant digits. */
    public static final long PUBLISHED_PARAMETERS = 1_700_000;

    private StochasticDepthResNet() {
    }

    /**
     * The authors' CIFAR optimiser (500 epochs, batch 128): SGD with Nesterov momentum 0.9, weight
     * decay 1e-4, learning rate 0.1 divided by 10 after half and three quarters of the epochs (their
     * epochs count from 1, so the steps are at 0-based epochs 249 and 374). Their code decays every
     * parameter; DL4J decays the weights and biases but not batch normalisation's scale and shift.
     */
    public static OptimizerSettings cifarOptimizer() {
        return new OptimizerSettings(OptimizerSettings.Method.NESTEROV, 0.1, 0.9,
                new LearningRateSchedule.StepDecay(List.of(249, 374), 0.1), 1e-4, true);
    }

    /** The configuration, with the input normalisation and the perturbation of {@code settings}. */
    public static ComputationGraphConfiguration configuration(StochasticDepthResNetArchitecture architecture,
                                                              ModelSettings settings) {
        InputShape input = settings.input();
        if (input.height() % 4 != 0 || input.width() % 4 != 0) {
            throw new IllegalArgumentException("StochasticDepthResNet halves the image twice: height and width must "
                    + "be multiples of 4, got " + input.height() + "x" + input.width());
        }
        CNN2DFormat format = architecture.dataFormat();
        ComputationGraphConfiguration.GraphBuilder graph = GraphNetworks.builder(settings, format);
        graph.addLayer("conv1", conv(architecture.baseWidth(), 1, format), settings.inputPreProcessor(format),
                GraphNetworks.INPUT);
        graph.addLayer("bn1", GraphNetworks.batchNorm(format), "conv1");
        graph.addLayer("relu1", new ActivationLayer(Activation.RELU), "bn1");
        String previous = "relu1";
        int width = architecture.baseWidth();
        int block = 0;
        for (int stage = 0; stage < 3; stage++) {
            for (int i = 0; i < architecture.blocksPerStage(); i++) {
                block++;
                boolean downsample = stage > 0 && i == 0;
                int outWidth = architecture.baseWidth() << stage;
                previous = addBlock(graph, "s" + (stage + 1) + "b" + (i + 1), previous, width, outWidth,
                        downsample, architecture.survivalProbability(block), format);
                width = outWidth;
            }
        }
        return GraphNetworks.poolAndClassify(graph, previous, input.height() / 4, input.width() / 4, settings,
                format);
    }

    /** An initialised network on the native (oneDNN/cuDNN) path. */
    public static ComputationGraph network(StochasticDepthResNetArchitecture architecture, ModelSettings settings) {
        return GraphNetworks.initialised(configuration(architecture, settings));
    }

    /** Adds one basic block reading {@code input}; returns the name of its output. */
    private static String addBlock(ComputationGraphConfiguration.GraphBuilder graph, String name, String input,
                                   int inWidth, int outWidth, boolean downsample, double survival,
                                   CNN2DFormat format) {
        graph.addLayer(name + "_conv1", conv(outWidth, downsample ? 2 : 1, format), input);
        graph.addLayer(name + "_bn1", GraphNetworks.batchNorm(format), name + "_conv1");
        graph.addLayer(name + "_relu1", new ActivationLayer(Activation.RELU), name + "_bn1");
        graph.addLayer(name + "_conv2", conv(outWidth, 1, format), name + "_relu1");
        graph.addLayer(name + "_bn2", GraphNetworks.batchNorm(format), name + "_conv2");
        String shortcut = input;
        if (downsample) {
            graph.addLayer(name + "_pool", new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(2, 2)
                    .stride(2, 2).dataFormat(format).helperAllowFallback(false).build(), shortcut);
            shortcut = name + "_pool";
        }
        if (outWidth != inWidth) {
            if (outWidth != 2 * inWidth) {
                throw new IllegalStateException("zero-padded shortcut expects the width to double, got " + inWidth
                        + " -> " + outWidth);
            }
            graph.addVertex(name + "_zeros", new ScaleVertex(0.0), shortcut);
            graph.addVertex(name + "_pad", new MergeVertex(), shortcut, name + "_zeros");
            shortcut = name + "_pad";
        }
        graph.addVertex(name + "_add", new StochasticDepthVertex(survival), shortcut, name + "_bn2");
        graph.addLayer(name, new ActivationLayer(Activation.RELU), name + "_add");
        return name;
    }

    private static ConvolutionLayer conv(int channels, int stride, CNN2DFormat format) {
        return GraphNetworks.residualConvolution(3, channels, stride, format).build();
    }
}
