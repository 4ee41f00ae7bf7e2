package org.rtrain.models.zoo;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * Inception-v3, for ImageNet at 299x299 and for CIFAR-100 at 32x32.
 *
 * <p>From Szegedy, Vanhoucke, Ioffe, Shlens and Wojna, "Rethinking the Inception Architecture for Computer
 * Vision" (CVPR 2016): factorised convolutions (5x5 as two 3x3, n x n as 1 x n then n x 1), grid
 * reductions that pool and convolve in parallel, batch normalisation after every convolution (the paper's
 * "BN-auxiliary" Inception-v3). Module widths as in the paper's Table 1 and torchvision's
 * {@code inception_v3}: three 35x35 modules (pool branch 32, 64, 64), a reduction, four 17x17 modules
 * with 7x7 factorised into 1x7 and 7x1 (128, 160, 160, 192 channels), a reduction, two 8x8 modules with
 * expanded filter banks, global average pooling, dropout, softmax. At 299x299 with 1000 classes it has
 * 23,834,568 trainable parameters, 27,161,264 with the auxiliary classifier (the published 23.8M and
 * 27.2M).
 *
 * <p>The CIFAR-100 variant ({@link InceptionV3Architecture.Stem#CIFAR}) is the network of the reproduced
 * paper's Table 5, whose 22.69% error is close to the 22.81% of the InceptionV3 in
 * github.com/weiaicunzai/pytorch-cifar100; its stem is adapted the same way. The ImageNet stem reduces
 * 299x299 by 8 before the first module: 3x3/2 valid (149), 3x3 valid (147), 3x3 same (147), 3x3/2 max
 * pool (73), 1x1 (73), 3x3 valid (71), 3x3/2 max pool (35). On 32x32 inputs that would leave a 3x3 grid
 * and the two grid reductions would have nothing to reduce, so the CIFAR stem keeps the same five
 * convolutions (same widths, same parameters) but removes every reduction: the first convolution has
 * stride 1, the first two 3x3 convolutions are padded ("same") instead of valid, and both max pools are
 * dropped. The last 3x3 convolution stays valid, so the modules run on 30x30, 14x14 and 6x6 grids,
 * close to the 35, 17 and 8 they were designed for. Only the classifier width differs from the ImageNet
 * network at 100 classes. Unlike that repository, the 35x35 modules' pool branch keeps the paper's 1x1
 * convolution (the repository uses a 3x3 there, hence its 22.3M parameters against 22.0M here) and the
 * second grid reduction max-pools, as the paper and torchvision.
 *
 * <p>Other choices: batch norm epsilon 1e-3 (TF-slim, torchvision) with DL4J's default running-average
 * decay 0.9 (PyTorch's momentum 0.1); average pooling inside modules excludes the padding (TF's "SAME",
 * and what DL4J's oneDNN helper computes); the auxiliary classifier (5x5/3 average pool, 1x1 conv 128,
 * 5x5 conv 768, global pool, softmax) is a second graph output whose cross-entropy is weighted 0.4, as
 * TF-slim trains it.
 */
public final class InceptionV3 {

    /** Trainable parameters of the ImageNet network without the auxiliary head (Szegedy et al. 2016). */
    public static final long PUBLISHED_PARAMETERS = 23_800_000;
    /** Trainable parameters with the auxiliary head. */
    public static final long PUBLISHED_PARAMETERS_WITH_AUXILIARY = 27_200_000;
    /** Weight of the auxiliary classifier's loss. */
    public static final double AUXILIARY_LOSS_WEIGHT = 0.4;

    private static final double BATCH_NORM_EPSILON = 1e-3;

    private final ComputationGraphConfiguration.GraphBuilder graph;
    private final double widthMultiplier;

    private InceptionV3(ComputationGraphConfiguration.GraphBuilder graph, double widthMultiplier) {
        this.graph = graph;
        this.widthMultiplier = widthMultiplier;
    }

    /** The configuration, with the perturbation placed as the settings say. */
    public static ComputationGraphConfiguration configuration(InceptionV3Architecture architecture,
                                                              ModelSettings settings) {
        InputShape input = settings.input();
        int grid = checkGrids(architecture, input);
        InceptionV3 net = new InceptionV3(GraphNetworks.builder(settings), architecture.widthMultiplier());
        String x = architecture.stem() == InceptionV3Architecture.Stem.IMAGENET
                ? net.imagenetStem(settings.inputPreProcessor(CNN2DFormat.NCHW))
                : net.cifarStem(settings.inputPreProcessor(CNN2DFormat.NCHW));
        x = net.moduleA("Mixed_5b", x, 32);
        x = net.moduleA("Mixed_5c", x, 64);
        x = net.moduleA("Mixed_5d", x, 64);
        x = net.gridReductionB("Mixed_6a", x);
        x = net.moduleC("Mixed_6b", x, 128);
        x = net.moduleC("Mixed_6c", x, 160);
        x = net.moduleC("Mixed_6d", x, 160);
        x = net.moduleC("Mixed_6e", x, 192);
        String auxiliaryInput = x;
        x = net.gridReductionD("Mixed_7a", x);
        x = net.moduleE("Mixed_7b", x);
        x = net.moduleE("Mixed_7c", x);
        net.graph.addLayer("avgpool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), x)
                .addLayer("output", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(input.classes())
                        .activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER)
                        .dropOut(architecture.dropRate() > 0 ? 1 - architecture.dropRate() : 0).build(), "avgpool");
        if (architecture.auxiliaryHead()) {
            if (grid < 17) {
                throw new IllegalArgumentException("InceptionV3 auxiliaryHead needs a 17x17 grid after Mixed_6e, "
                        + "got " + grid + "x" + grid + " from " + input.height() + "x" + input.width() + " inputs");
            }
            net.auxiliaryHead(auxiliaryInput, input.classes());
            net.graph.setOutputs("output", "aux_output");
        } else {
            net.graph.setOutputs("output");
        }
        return settings.placePerturbation(net.graph.build());
    }

    /** The initialised network, on the native path. */
    public static ComputationGraph network(InceptionV3Architecture architecture, ModelSettings settings) {
        return GraphNetworks.initialised(configuration(architecture, settings));
    }

    /** Checks every grid is non-empty; returns the size of the 17x17 grid (smaller side). */
    private static int checkGrids(InceptionV3Architecture architecture, InputShape input) {
        int size = Math.min(input.height(), input.width());
        int first = architecture.stem() == InceptionV3Architecture.Stem.IMAGENET
                ? reduce(reduce(reduce(size, 3, 2) - 2, 3, 2) - 2, 3, 2)
                : size - 2;
        int second = reduce(first, 3, 2);
        int third = reduce(second, 3, 2);
        if (third < 1) {
            int minimum = architecture.stem() == InceptionV3Architecture.Stem.IMAGENET ? 75 : 9;
            throw new IllegalArgumentException("InceptionV3 with the " + architecture.stem() + " stem needs inputs of at "
                    + "least " + minimum + "x" + minimum + ", got " + input.height() + "x" + input.width());
        }
        return second;
    }

    private static int reduce(int size, int kernel, int stride) {
        return size < kernel ? 0 : (size - kernel) / stride + 1;
    }

    private String imagenetStem(InputPreProcessor normalization) {
        String x = conv("Conv2d_1a_3x3", GraphNetworks.INPUT, normalization, 32, 3, 3, 2, 0, 0);
        x = conv("Conv2d_2a_3x3", x, null, 32, 3, 3, 1, 0, 0);
        x = conv("Conv2d_2b_3x3", x, null, 64, 3, 3, 1, 1, 1);
        x = maxPool("maxpool1", x);
        x = conv("Conv2d_3b_1x1", x, null, 80, 1, 1, 1, 0, 0);
        x = conv("Conv2d_4a_3x3", x, null, 192, 3, 3, 1, 0, 0);
        return maxPool("maxpool2", x);
    }

    private String cifarStem(InputPreProcessor normalization) {
        String x = conv("Conv2d_1a_3x3", GraphNetworks.INPUT, normalization, 32, 3, 3, 1, 1, 1);
        x = conv("Conv2d_2a_3x3", x, null, 32, 3, 3, 1, 1, 1);
        x = conv("Conv2d_2b_3x3", x, null, 64, 3, 3, 1, 1, 1);
        x = conv("Conv2d_3b_1x1", x, null, 80, 1, 1, 1, 0, 0);
        return conv("Conv2d_4a_3x3", x, null, 192, 3, 3, 1, 0, 0);
    }

    /** 35x35 module (paper's figure 5): 1x1 | 1x1-5x5 | 1x1-3x3-3x3 | avg pool-1x1. */
    private String moduleA(String name, String x, int poolFeatures) {
        String b1 = conv(name + "_branch1x1", x, null, 64, 1, 1, 1, 0, 0);
        String b5 = conv(name + "_branch5x5_1", x, null, 48, 1, 1, 1, 0, 0);
        b5 = conv(name + "_branch5x5_2", b5, null, 64, 5, 5, 1, 2, 2);
        String b3 = conv(name + "_branch3x3dbl_1", x, null, 64, 1, 1, 1, 0, 0);
        b3 = conv(name + "_branch3x3dbl_2", b3, null, 96, 3, 3, 1, 1, 1);
        b3 = conv(name + "_branch3x3dbl_3", b3, null, 96, 3, 3, 1, 1, 1);
        String pool = conv(name + "_branch_pool", averagePool(name + "_avgpool", x), null, poolFeatures, 1, 1, 1, 0, 0);
        graph.addVertex(name, new MergeVertex(), b1, b5, b3, pool);
        return name;
    }

    /** 35 to 17 reduction (figure 10): 3x3/2 | 1x1-3x3-3x3/2 | max pool/2. */
    private String gridReductionB(String name, String x) {
        String b3 = conv(name + "_branch3x3", x, null, 384, 3, 3, 2, 0, 0);
        String bd = conv(name + "_branch3x3dbl_1", x, null, 64, 1, 1, 1, 0, 0);
        bd = conv(name + "_branch3x3dbl_2", bd, null, 96, 3, 3, 1, 1, 1);
        bd = conv(name + "_branch3x3dbl_3", bd, null, 96, 3, 3, 2, 0, 0);
        graph.addVertex(name, new MergeVertex(), b3, bd, maxPool(name + "_maxpool", x));
        return name;
    }

    /** 17x17 module (figure 6, n = 7): 1x1 | 1x1-1x7-7x1 | 1x1-7x1-1x7-7x1-1x7 | avg pool-1x1. */
    private String moduleC(String name, String x, int c7) {
        String b1 = conv(name + "_branch1x1", x, null, 192, 1, 1, 1, 0, 0);
        String b7 = conv(name + "_branch7x7_1", x, null, c7, 1, 1, 1, 0, 0);
        b7 = conv(name + "_branch7x7_2", b7, null, c7, 1, 7, 1, 0, 3);
        b7 = conv(name + "_branch7x7_3", b7, null, 192, 7, 1, 1, 3, 0);
        String bd = conv(name + "_branch7x7dbl_1", x, null, c7, 1, 1, 1, 0, 0);
        bd = conv(name + "_branch7x7dbl_2", bd, null, c7, 7, 1, 1, 3, 0);
        bd = conv(name + "_branch7x7dbl_3", bd, null, c7, 1, 7, 1, 0, 3);
        bd = conv(name + "_branch7x7dbl_4", bd, null, c7, 7, 1, 1, 3, 0);
        bd = conv(name + "_branch7x7dbl_5", bd, null, 192, 1, 7, 1, 0, 3);
        String pool = conv(name + "_branch_pool", averagePool(name + "_avgpool", x), null, 192, 1, 1, 1, 0, 0);
        graph.addVertex(name, new MergeVertex(), b1, b7, bd, pool);
        return name;
    }

    /** 17 to 8 reduction: 1x1-3x3/2 | 1x1-1x7-7x1-3x3/2 | max pool/2. */
    private String gridReductionD(String name, String x) {
        String b3 = conv(name + "_branch3x3_1", x, null, 192, 1, 1, 1, 0, 0);
        b3 = conv(name + "_branch3x3_2", b3, null, 320, 3, 3, 2, 0, 0);
        String b7 = conv(name + "_branch7x7x3_1", x, null, 192, 1, 1, 1, 0, 0);
        b7 = conv(name + "_branch7x7x3_2", b7, null, 192, 1, 7, 1, 0, 3);
        b7 = conv(name + "_branch7x7x3_3", b7, null, 192, 7, 1, 1, 3, 0);
        b7 = conv(name + "_branch7x7x3_4", b7, null, 192, 3, 3, 2, 0, 0);
        graph.addVertex(name, new MergeVertex(), b3, b7, maxPool(name + "_maxpool", x));
        return name;
    }

    /** 8x8 module with expanded filter banks (figure 7): 1x1 | 1x1-(1x3, 3x1) | 1x1-3x3-(1x3, 3x1) | pool-1x1. */
    private String moduleE(String name, String x) {
        String b1 = conv(name + "_branch1x1", x, null, 320, 1, 1, 1, 0, 0);
        String b3 = conv(name + "_branch3x3_1", x, null, 384, 1, 1, 1, 0, 0);
        String b3a = conv(name + "_branch3x3_2a", b3, null, 384, 1, 3, 1, 0, 1);
        String b3b = conv(name + "_branch3x3_2b", b3, null, 384, 3, 1, 1, 1, 0);
        String bd = conv(name + "_branch3x3dbl_1", x, null, 448, 1, 1, 1, 0, 0);
        bd = conv(name + "_branch3x3dbl_2", bd, null, 384, 3, 3, 1, 1, 1);
        String bda = conv(name + "_branch3x3dbl_3a", bd, null, 384, 1, 3, 1, 0, 1);
        String bdb = conv(name + "_branch3x3dbl_3b", bd, null, 384, 3, 1, 1, 1, 0);
        String pool = conv(name + "_branch_pool", averagePool(name + "_avgpool", x), null, 192, 1, 1, 1, 0, 0);
        graph.addVertex(name, new MergeVertex(), b1, b3a, b3b, bda, bdb, pool);
        return name;
    }

    private void auxiliaryHead(String x, int classes) {
        graph.addLayer("aux_avgpool", new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(5, 5).stride(3, 3)
                .convolutionMode(ConvolutionMode.Truncate).cudnnAllowFallback(false).build(), x);
        String a = conv("aux_conv0", "aux_avgpool", null, 128, 1, 1, 1, 0, 0);
        a = conv("aux_conv1", a, null, 768, 5, 5, 1, 0, 0);
        graph.addLayer("aux_pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), a)
                .addLayer("aux_output", new OutputLayer.Builder()
                        .lossFunction(new LossMCXENT(Nd4j.valueArrayOf(classes, AUXILIARY_LOSS_WEIGHT)))
                        .nOut(classes).activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).build(), "aux_pool");
    }

    /** Convolution (no bias), batch norm, ReLU; returns the ReLU's name. */
    private String conv(String name, String input, InputPreProcessor preProcessor, int channels, int kernelH,
                        int kernelW, int stride, int padH, int padW) {
        ConvolutionLayer conv = new ConvolutionLayer.Builder(kernelH, kernelW).stride(stride, stride)
                .padding(padH, padW).convolutionMode(ConvolutionMode.Truncate).nOut(width(channels)).hasBias(false)
                .activation(Activation.IDENTITY).cudnnAllowFallback(false).build();
        if (preProcessor == null) {
            graph.addLayer(name, conv, input);
        } else {
            graph.addLayer(name, conv, preProcessor, input);
        }
        graph.addLayer(name + "_bn", new BatchNormalization.Builder().eps(BATCH_NORM_EPSILON).cudnnAllowFallback(false)
                .build(), name)
                .addLayer(name + "_relu", new ActivationLayer(Activation.RELU), name + "_bn");
        return name + "_relu";
    }

    private String maxPool(String name, String input) {
        graph.addLayer(name, new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(3, 3).stride(2, 2)
                .convolutionMode(ConvolutionMode.Truncate).cudnnAllowFallback(false).build(), input);
        return name;
    }

    private String averagePool(String name, String input) {
        graph.addLayer(name, new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(3, 3).stride(1, 1)
                .convolutionMode(ConvolutionMode.Same).avgPoolIncludePadInDivisor(false).cudnnAllowFallback(false)
                .build(), input);
        return name;
    }

    private int width(int channels) {
        return Math.max(1, (int) Math.round(channels * widthMultiplier));
    }
}
