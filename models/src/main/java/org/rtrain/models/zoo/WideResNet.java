package org.rtrain.models.zoo;

import java.util.List;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.rtrain.models.training.LearningRateSchedule;
import org.rtrain.models.training.OptimizerSettings;

/**
 * Wide Residual Networks WRN-d-k: the paper's WRN-16-8 (Table 4, SVHN) and WRN-28-10 (Table 5).
 *
 * <p>From Zagoruyko and Komodakis, "Wide Residual Networks" (BMVC 2016), following the authors'
 * Torch model ({@code models/wide-resnet.lua} of github.com/szagoruyko/wide-residual-networks):
 * conv 3x3 (16); three stages of {@code n = (d - 4) / 6} pre-activation basic blocks of width
 * {@code 16k}, {@code 32k} and {@code 64k}, the first block of stages 2 and 3 striding by 2; BN -
 * ReLU - global average pooling - softmax classifier. A block computes
 * {@code conv3x3(dropout(ReLU(BN(conv3x3(ReLU(BN(x)))))))} plus a shortcut: the identity when
 * the shape is unchanged, otherwise a strided 1x1 convolution that, as in that code, reads the
 * block's first BN-ReLU output rather than {@code x}. Convolutions have no biases. WRN-28-10 has
 * 36.5M parameters, WRN-16-8 11.0M.
 *
 * <p>Use {@link #network} for an initialised network on the native path, taking pixels in [0, 1]
 * (the {@link ModelSettings} normalisation is applied inside) laid out as the architecture's data
 * format. Dropout is DL4J's inverted dropout on the second convolution's input; with the sign
 * perturbation on hidden activations it acts after the perturbation. The authors'
 * optimisers are {@link #cifarOptimizer()} and {@link #svhnOptimizer()}; their Torch code also
 * resets the momentum at each learning-rate step, which DL4J's updaters do not.
 */
public final class WideResNet {

    /** WRN-28-10's published parameter count (Zagoruyko and Komodakis 2016, Table 5). */
    public static final long PUBLISHED_PARAMETERS_WRN_28_10 = 36_500_000;
    /** WRN-16-8's published parameter count (Zagoruyko and Komodakis 2016, Table 5). */
    public static final long PUBLISHED_PARAMETERS_WRN_16_8 = 11_000_000;

    private WideResNet() {
    }

    /**
     * The authors' CIFAR optimiser (200 epochs, batch 128): SGD with Nesterov momentum 0.9, weight
     * decay 5e-4, learning rate 0.1 times 0.2 at epochs 60, 120 and 160 (0-based 59, 119, 159).
     * Their code decays every parameter; DL4J decays the weights (and here the classifier's bias)
     * but not batch normalisation's scale and shift.
     */
    public static OptimizerSettings cifarOptimizer() {
        return new OptimizerSettings(OptimizerSettings.Method.NESTEROV, 0.1, 0.9,
                new LearningRateSchedule.StepDecay(List.of(59, 119, 159), 0.2), 5e-4, true);
    }

    /**
     * The authors' SVHN optimiser (160 epochs, batch 128): SGD with Nesterov momentum 0.9, weight
     * decay 5e-4, learning rate 0.01 times 0.1 at epochs 80 and 120 (0-based 79, 119).
     */
    public static OptimizerSettings svhnOptimizer() {
        return new OptimizerSettings(OptimizerSettings.Method.NESTEROV, 0.01, 0.9,
                new LearningRateSchedule.StepDecay(List.of(79, 119), 0.1), 5e-4, true);
    }

    /** The configuration, with the input normalisation and the perturbation of {@code settings}. */
    public static ComputationGraphConfiguration configuration(WideResNetArchitecture architecture,
                                                              ModelSettings settings) {
        InputShape input = settings.input();
        CNN2DFormat format = architecture.dataFormat();
        ComputationGraphConfiguration.GraphBuilder graph = GraphNetworks.builder(settings, format);
        graph.addLayer("conv1", conv(3, 16, 1, format), settings.inputPreProcessor(format), GraphNetworks.INPUT);
        String previous = "conv1";
        int width = 16;
        for (int stage = 0; stage < 3; stage++) {
            int outWidth = (16 << stage) * architecture.widenFactor();
            for (int i = 0; i < architecture.blocksPerStage(); i++) {
                int stride = stage > 0 && i == 0 ? 2 : 1;
                previous = addBlock(graph, "s" + (stage + 1) + "b" + (i + 1), previous, width, outWidth, stride,
                        architecture.dropRate(), format);
                width = outWidth;
            }
        }
        graph.addLayer("bn", GraphNetworks.batchNorm(format), previous);
        graph.addLayer("relu", new ActivationLayer(Activation.RELU), "bn");
        int height = input.height();
        int widthPixels = input.width();
        for (int halving = 0; halving < 2; halving++) {
            height = (height + 1) / 2;
            widthPixels = (widthPixels + 1) / 2;
        }
        return GraphNetworks.poolAndClassify(graph, "relu", height, widthPixels, settings, format);
    }

    /** An initialised network on the native (oneDNN/cuDNN) path. */
    public static ComputationGraph network(WideResNetArchitecture architecture, ModelSettings settings) {
        return GraphNetworks.initialised(configuration(architecture, settings));
    }

    /** Adds one pre-activation block reading {@code input}; returns the name of its output. */
    private static String addBlock(ComputationGraphConfiguration.GraphBuilder graph, String name, String input,
                                   int inWidth, int outWidth, int stride, double dropRate, CNN2DFormat format) {
        graph.addLayer(name + "_bn1", GraphNetworks.batchNorm(format), input);
        graph.addLayer(name + "_relu1", new ActivationLayer(Activation.RELU), name + "_bn1");
        graph.addLayer(name + "_conv1", conv(3, outWidth, stride, format), name + "_relu1");
        graph.addLayer(name + "_bn2", GraphNetworks.batchNorm(format), name + "_conv1");
        graph.addLayer(name + "_relu2", new ActivationLayer(Activation.RELU), name + "_bn2");
        // DL4J's dropOut(x) takes the probability of *keeping* a value; 0 disables it.
        graph.addLayer(name + "_conv2", GraphNetworks.residualConvolution(3, outWidth, 1, format)
                .dropOut(dropRate > 0 ? 1.0 - dropRate : 0.0).build(), name + "_relu2");
        String shortcut = input;
        if (inWidth != outWidth || stride != 1) {
            graph.addLayer(name + "_shortcut", conv(1, outWidth, stride, format), name + "_relu1");
            shortcut = name + "_shortcut";
        }
        graph.addVertex(name, new ElementWiseVertex(ElementWiseVertex.Op.Add), name + "_conv2", shortcut);
        return name;
    }

    private static ConvolutionLayer conv(int kernel, int channels, int stride, CNN2DFormat format) {
        return GraphNetworks.residualConvolution(kernel, channels, stride, format).build();
    }

}
