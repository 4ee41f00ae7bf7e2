package org.rtrain.models.zoo;

import java.util.HashMap;
import java.util.Map;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.deeplearning4j.nn.conf.layers.convolutional.Cropping2D;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * NASNet-A, the ImageNet network built from the cells found by neural architecture search.
 *
 * <p>From Zoph, Vasudevan, Shlens and Le, "Learning Transferable Architectures for Scalable Image
 * Recognition" (CVPR 2018); cells and wiring as the authors' TF-slim {@code nasnet.py} and the Keras
 * {@code NASNetLarge}/{@code NASNetMobile} ported from it. NASNet-A Large (6 @ 4032, 331x331) is the
 * reproduced paper's Table 2 network: 88.9M parameters and 23.8B multiply-adds; Mobile (4 @ 1056, 224x224):
 * 5.3M and 564M.
 *
 * <p>Structure: a 3x3 stride-2 valid convolution and batch norm, two reduction cells as the ImageNet stem,
 * then three stages of N normal cells with a reduction cell between them, doubling the filters at each
 * reduction; ReLU, global average pooling, dropout, softmax. Every cell takes the two previous cell outputs
 * {@code x} (current) and {@code p} (previous). {@code p} is first adjusted to {@code x}: when its grid is
 * twice as large, by the factorised reduction (ReLU, two 1x1 stride-2 paths, the second shifted by one
 * pixel, concatenated, batch norm); otherwise when its channels differ, by ReLU-1x1-BN. {@code h} is
 * ReLU-1x1-BN of {@code x}. A separable block is twice ReLU, separable convolution, batch norm (the first
 * carries the stride; each separable convolution is built as a depthwise and a 1x1 convolution, the same
 * function, parameters and multiply-adds as one separable layer).
 * <ul>
 *   <li>normal cell: {@code sep5(h) + sep3(p)}, {@code sep5(p) + sep3(p)}, {@code avg3(h) + p},
 *       {@code avg3(p) + avg3(p)}, {@code sep3(h) + h}, concatenated with {@code p} (6 x filters);</li>
 *   <li>reduction cell: {@code x1 = sep5/2(h) + sep7/2(p)}, {@code x2 = max3/2(h) + sep7/2(p)},
 *       {@code x3 = avg3/2(h) + sep5/2(p)}, {@code x4 = avg3(x1) + x2}, {@code x5 = sep3(x1) + max3/2(h)},
 *       concatenated {@code x2..x5} (4 x filters).</li>
 * </ul>
 * Padding is TF's "SAME" (DL4J's {@link ConvolutionMode#Same}, the same asymmetric padding) except the
 * first convolution; average pooling excludes the padding, as TF-slim. Batch norm: epsilon 1e-3, decay
 * 0.9997.
 *
 * <p>Not DL4J's zoo {@code NASNet}: in 1.0.0-M2.1 its {@code init()} throws for every configuration
 * (it asks the graph builder for activation types before adding the input), and its graph differs from
 * NASNet-A: without {@code skipReduction=false} it has no stem cells and a stride-1 first convolution; both
 * separable convolutions of a block take the stride; the 1x1 path {@code h} is computed from {@code p} rather
 * than {@code x}; the normal cell's fifth branch adds a vertex name that does not exist and uses {@code p};
 * the reduction cell's second branch is a stride-1 3x3 instead of a stride-2 7x7 and its fifth branch is
 * strided twice; the factorised reduction reads a channel count from index 3 of a three-element shape,
 * connects a vertex name that does not exist, pads and crops the wrong sides, and also projects after
 * reducing; and {@code gamma(0.9997)} sets batch norm's initial scale where Keras's momentum was meant.
 * This class also leaves out TF-slim's drop-path and auxiliary head (not part of the published parameter
 * count), and for odd filter counts (never in the published sizes) splits the factorised reduction into
 * {@code filters / 2} and {@code filters - filters / 2} channels where TF-slim would lose one.
 */
public final class NasNetA {

    /** Trainable parameters of NASNet-A Large at 1000 classes (Zoph et al. 2018, Table 2). */
    public static final long PUBLISHED_PARAMETERS_LARGE = 88_900_000;
    /** Multiply-adds of NASNet-A Large at 331x331. */
    public static final long PUBLISHED_MULTIPLY_ADDS_LARGE = 23_800_000_000L;
    /** Trainable parameters of NASNet-A Mobile at 1000 classes (Zoph et al. 2018, Table 3). */
    public static final long PUBLISHED_PARAMETERS_MOBILE = 5_300_000;
    /** Multiply-adds of NASNet-A Mobile at 224x224. */
    public static final long PUBLISHED_MULTIPLY_ADDS_MOBILE = 564_000_000;

    private static final double BATCH_NORM_EPSILON = 1e-3;
    private static final double BATCH_NORM_DECAY = 0.9997;

    private final ComputationGraphConfiguration.GraphBuilder graph;
    /** Channels, height and width of every vertex added, to decide how a cell adjusts its inputs. */
    private final Map<String, int[]> shapes = new HashMap<>();

    private NasNetA(ComputationGraphConfiguration.GraphBuilder graph) {
        this.graph = graph;
    }

    /** The configuration, with the perturbation placed as the settings say. */
    public static ComputationGraphConfiguration configuration(NasNetAArchitecture architecture,
                                                              ModelSettings settings) {
        InputShape input = settings.input();
        if (input.height() < 3 || input.width() < 3) {
            throw new IllegalArgumentException("NASNet-A needs inputs of at least 3x3 for its first, unpadded 3x3 "
                    + "convolution, got " + input.height() + "x" + input.width());
        }
        NasNetA net = new NasNetA(GraphNetworks.builder(settings));
        int filters = architecture.penultimateFilters() / 24;
        net.graph.addLayer("stem_conv1", new ConvolutionLayer.Builder(3, 3).stride(2, 2)
                        .convolutionMode(ConvolutionMode.Truncate).nOut(architecture.stemFilters()).hasBias(false)
                        .activation(Activation.IDENTITY).cudnnAllowFallback(false).build(),
                settings.inputPreProcessor(CNN2DFormat.NCHW), GraphNetworks.INPUT);
        net.shapes.put("stem_conv1", new int[] {architecture.stemFilters(), (input.height() - 3) / 2 + 1,
                (input.width() - 3) / 2 + 1});
        String x = net.batchNorm("stem_bn1", "stem_conv1");
        String[] cell = net.reductionCell("stem_1", x, null, filters / 4);
        cell = net.reductionCell("stem_2", cell[0], cell[1], filters / 2);
        int cellFilters = filters;
        for (int stage = 0; stage < 3; stage++) {
            if (stage > 0) {
                cellFilters *= 2;
                String previous = cell[1];
                cell = net.reductionCell("reduction_" + stage, cell[0], cell[1], cellFilters);
                if (architecture.skipReductionLayerInput()) {
                    cell[1] = previous;
                }
            }
            for (int i = 0; i < architecture.cellRepeats(); i++) {
                cell = net.normalCell("normal_" + (stage * architecture.cellRepeats() + i), cell[0], cell[1],
                        cellFilters);
            }
        }
        net.graph.addLayer("head_relu", new ActivationLayer(Activation.RELU), cell[0])
                .addLayer("avgpool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "head_relu")
                .addLayer("output", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(input.classes())
                        .activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER)
                        .dropOut(architecture.dropRate() > 0 ? 1 - architecture.dropRate() : 0).build(), "avgpool")
                .setOutputs("output");
        return settings.placePerturbation(net.graph.build());
    }

    /** The initialised network, on the native path. */
    public static ComputationGraph network(NasNetAArchitecture architecture, ModelSettings settings) {
        return GraphNetworks.initialised(configuration(architecture, settings));
    }

    /** Returns {output, x}: the next cell's current and previous inputs. */
    private String[] normalCell(String name, String x, String p, int filters) {
        p = adjust(name + "_adjust", p, x, filters);
        String h = squeeze(name + "_h", x, filters);
        String x1 = add(name + "_add1", separable(name + "_left1", h, filters, 5, 1),
                separable(name + "_right1", p, filters, 3, 1));
        String x2 = add(name + "_add2", separable(name + "_left2", p, filters, 5, 1),
                separable(name + "_right2", p, filters, 3, 1));
        String x3 = add(name + "_add3", pool(name + "_left3", h, PoolingType.AVG, 1), p);
        String x4 = add(name + "_add4", pool(name + "_left4", p, PoolingType.AVG, 1),
                pool(name + "_right4", p, PoolingType.AVG, 1));
        String x5 = add(name + "_add5", separable(name + "_left5", h, filters, 3, 1), h);
        return new String[] {concat(name, p, x1, x2, x3, x4, x5), x};
    }

    /** Returns {output, x}: the next cell's current and previous inputs. */
    private String[] reductionCell(String name, String x, String p, int filters) {
        p = adjust(name + "_adjust", p, x, filters);
        String h = squeeze(name + "_h", x, filters);
        String x1 = add(name + "_add1", separable(name + "_left1", h, filters, 5, 2),
                separable(name + "_right1", p, filters, 7, 2));
        String maxPool = pool(name + "_left2", h, PoolingType.MAX, 2);
        String x2 = add(name + "_add2", maxPool, separable(name + "_right2", p, filters, 7, 2));
        String x3 = add(name + "_add3", pool(name + "_left3", h, PoolingType.AVG, 2),
                separable(name + "_right3", p, filters, 5, 2));
        String x4 = add(name + "_add4", pool(name + "_left4", x1, PoolingType.AVG, 1), x2);
        String x5 = add(name + "_add5", separable(name + "_left5", x1, filters, 3, 1), maxPool);
        return new String[] {concat(name, x2, x3, x4, x5), x};
    }

    /** {@code p} brought to the grid and channels of {@code x} (Keras's {@code _adjust_block}). */
    private String adjust(String name, String p, String x, int filters) {
        if (p == null) {
            return x;
        }
        int[] pShape = shapes.get(p);
        int[] xShape = shapes.get(x);
        if (pShape[1] != xShape[1] || pShape[2] != xShape[2]) {
            if ((pShape[1] + 1) / 2 != xShape[1] || (pShape[2] + 1) / 2 != xShape[2]) {
                throw new IllegalStateException("NASNet-A: cannot adjust a " + pShape[1] + "x" + pShape[2] + " grid to "
                        + xShape[1] + "x" + xShape[2]);
            }
            String relu = layer(name + "_relu", new ActivationLayer(Activation.RELU), p, pShape);
            String path1 = layer(name + "_avgpool1", strideTwoSample(), relu,
                    new int[] {pShape[0], xShape[1], xShape[2]});
            path1 = convolution(name + "_conv1", path1, filters / 2);
            String shifted = layer(name + "_pad", new ZeroPaddingLayer(0, 1, 0, 1), relu,
                    new int[] {pShape[0], pShape[1] + 1, pShape[2] + 1});
            shifted = layer(name + "_crop", new Cropping2D(1, 0, 1, 0), shifted, pShape);
            String path2 = layer(name + "_avgpool2", strideTwoSample(), shifted,
                    new int[] {pShape[0], xShape[1], xShape[2]});
            path2 = convolution(name + "_conv2", path2, filters - filters / 2);
            return batchNorm(name + "_bn", concat(name + "_concat", path1, path2));
        }
        if (pShape[0] != filters) {
            return squeeze(name + "_projection", p, filters);
        }
        return p;
    }

    /** ReLU, 1x1 convolution to {@code filters}, batch norm. */
    private String squeeze(String name, String input, int filters) {
        String relu = layer(name + "_relu", new ActivationLayer(Activation.RELU), input, shapes.get(input));
        return batchNorm(name + "_bn", convolution(name + "_conv", relu, filters));
    }

    /**
     * Twice ReLU, separable convolution, batch norm; the first convolution carries the stride. Each separable
     * convolution is a depthwise convolution followed by a 1x1 convolution with nothing in between, the
     * function, parameters and multiply-adds of Keras's {@code SeparableConv2D}: DL4J's own
     * {@link org.deeplearning4j.nn.conf.layers.SeparableConvolution2D} computes the same but runs libnd4j's
     * {@code sconv2d} op, which we measured 80 times slower on CPU than the two layers (the 1x1 on oneDNN;
     * batch 4, 84 channels, 42x42, 5x5 kernel, forward and backward: 16.6 s against 0.21 s).
     */
    private String separable(String name, String input, int filters, int kernel, int stride) {
        String y = input;
        for (int i = 1; i <= 2; i++) {
            int[] in = shapes.get(y);
            String relu = layer(name + "_relu" + i, new ActivationLayer(Activation.RELU), y, in);
            int s = i == 1 ? stride : 1;
            String depthwise = layer(name + "_depthwise" + i, new DepthwiseConvolution2D.Builder(kernel, kernel)
                            .stride(s, s).convolutionMode(ConvolutionMode.Same).depthMultiplier(1).nIn(in[0])
                            .hasBias(false).activation(Activation.IDENTITY).build(), relu,
                    new int[] {in[0], ceil(in[1], s), ceil(in[2], s)});
            y = batchNorm(name + "_bn" + i, convolution(name + "_pointwise" + i, depthwise, filters));
        }
        return y;
    }

    private String convolution(String name, String input, int filters) {
        int[] in = shapes.get(input);
        return layer(name, new ConvolutionLayer.Builder(1, 1).convolutionMode(ConvolutionMode.Same).nIn(in[0])
                .nOut(filters).hasBias(false).activation(Activation.IDENTITY).cudnnAllowFallback(false).build(), input,
                new int[] {filters, in[1], in[2]});
    }

    private String pool(String name, String input, PoolingType type, int stride) {
        int[] in = shapes.get(input);
        return layer(name, new SubsamplingLayer.Builder(type).kernelSize(3, 3).stride(stride, stride)
                .convolutionMode(ConvolutionMode.Same).avgPoolIncludePadInDivisor(false).cudnnAllowFallback(false)
                .build(), input, new int[] {in[0], ceil(in[1], stride), ceil(in[2], stride)});
    }

    private static SubsamplingLayer strideTwoSample() {
        return new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(1, 1).stride(2, 2)
                .convolutionMode(ConvolutionMode.Truncate).cudnnAllowFallback(false).build();
    }

    private String batchNorm(String name, String input) {
        return layer(name, new BatchNormalization.Builder().eps(BATCH_NORM_EPSILON).decay(BATCH_NORM_DECAY)
                .cudnnAllowFallback(false).build(), input, shapes.get(input));
    }

    private String add(String name, String a, String b) {
        graph.addVertex(name, new ElementWiseVertex(ElementWiseVertex.Op.Add), a, b);
        shapes.put(name, shapes.get(a));
        return name;
    }

    private String concat(String name, String... inputs) {
        graph.addVertex(name, new MergeVertex(), inputs);
        int channels = 0;
        for (String input : inputs) {
            channels += shapes.get(input)[0];
        }
        int[] first = shapes.get(inputs[0]);
        shapes.put(name, new int[] {channels, first[1], first[2]});
        return name;
    }

    private String layer(String name, org.deeplearning4j.nn.conf.layers.Layer layer, String input, int[] outShape) {
        graph.addLayer(name, layer, input);
        shapes.put(name, outShape);
        return name;
    }

    private static int ceil(int size, int stride) {
        return (size + stride - 1) / stride;
    }
}
