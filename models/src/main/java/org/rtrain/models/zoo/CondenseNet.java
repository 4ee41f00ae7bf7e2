package org.rtrain.models.zoo;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.IntStream;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.rtrain.models.layers.ChannelSelectVertex;
import org.rtrain.models.layers.GroupedConvolution;
import org.rtrain.models.layers.LearnedGroupConvolution;
import org.rtrain.models.layers.LearnedGroupConvolutionLayer;

/**
 * CondenseNet for ImageNet: a DenseNet with learned group convolutions, trained with condensation and
 * converted to a cheaper test-time network.
 *
 * <p>From Huang, Liu, van der Maaten and Weinberger, "CondenseNet: An Efficient DenseNet using Learned
 * Group Convolutions" (CVPR 2018); structure as github.com/ShichenLiu/CondenseNet
 * ({@code models/condensenet.py}, {@code models/condensenet_converted.py}, {@code layers.py}). The paper's
 * Table 3 and the reproduced paper's Tables 1 and 3 use CondenseNet-74 with {@code G = C = 4} (4.8M
 * parameters, 529M FLOPs at 224x224) and {@code G = C = 8} (2.9M, 274M).
 *
 * <p>Structure: a 3x3 stride-2 convolution to {@code 2 * k0} channels; dense blocks whose layers are
 * BN-ReLU-{@link LearnedGroupConvolution} (1x1, to {@code bottleneckWidth * k}), BN-ReLU-3x3
 * {@link GroupedConvolution} with G groups (to k), concatenated to their input; 2x2 average pooling
 * between blocks (no convolution: the learned 1x1 convolutions do the compression); final BN-ReLU,
 * global average pooling and a linear classifier.
 *
 * <p>Use: train {@link #network} with a {@link CondensationListener} (condensation stages over the
 * first half of training, optional group lasso), then call {@link #inferenceNetwork} for the test-time
 * network, which
 * replaces each learned group convolution by what the official {@code CondenseConv} computes: per group,
 * an index-select of the kept input channels ({@link ChannelSelectVertex}), batch norm and ReLU, a 1x1
 * convolution; the groups are concatenated and the channels shuffled back to the training order. The
 * classifier keeps the {@code classifierKeepFraction} inputs with the largest L1 norm of weights, as
 * the official {@code CondensingLinear}.
 *
 * <p>Differences from the official PyTorch code, all forced by DL4J and none changing the function:
 * the group convolutions are per-group convolutions joined by a merge (DL4J has no grouped
 * convolution); the condensed 1x1 layer applies its batch norm per group to that group's selected
 * channels instead of once to their concatenation (a channel two groups select gets the same statistics
 * twice, as in the official code's concatenated batch norm); condensation runs from a training listener
 * after each iteration instead of inside the forward pass; a stage jump of more than one (a resumed run)
 * prunes every skipped stage, where the official code would prune only one.
 */
public final class CondenseNet {

    /** Parameters of the published test-time CondenseNet-74 with G = C = 4 (Huang et al. 2018, Table 5). */
    public static final long PUBLISHED_PARAMETERS_G4 = 4_800_000;
    /** Its published FLOPs at 224x224. */
    public static final long PUBLISHED_FLOPS_G4 = 529_000_000;
    /** Parameters of the published test-time CondenseNet-74 with G = C = 8. */
    public static final long PUBLISHED_PARAMETERS_G8 = 2_900_000;
    /** Its published FLOPs at 224x224. */
    public static final long PUBLISHED_FLOPS_G8 = 274_000_000;

    private static final double BATCH_NORM_EPSILON = 1e-5;

    private CondenseNet() {
    }

    /** The training-time configuration, with the perturbation placed as the settings say. */
    public static ComputationGraphConfiguration configuration(CondenseNetArchitecture architecture,
                                                              ModelSettings settings) {
        ComputationGraphConfiguration.GraphBuilder graph = GraphNetworks.builder(settings);
        String x = stem(graph, architecture, settings);
        int channels = 2 * architecture.growthRates().get(0);
        for (int b = 0; b < architecture.blockLayers().size(); b++) {
            int k = architecture.growthRates().get(b);
            for (int l = 0; l < architecture.blockLayers().get(b); l++) {
                String prefix = layerName(b, l);
                int width = architecture.bottleneckWidth() * k;
                graph.addLayer(prefix + "_bn1", batchNorm(channels), x)
                        .addLayer(prefix + "_relu1", relu(), prefix + "_bn1")
                        .addLayer(prefix + "_lgc", new LearnedGroupConvolution.Builder().nIn(channels).nOut(width)
                                .groups(architecture.groups()).condenseFactor(architecture.condenseFactor())
                                .groupLassoCoefficient(architecture.groupLassoCoefficient()).build(),
                                prefix + "_relu1");
                x = denseLayerTail(graph, architecture, b, prefix, prefix + "_lgc", x);
                channels += k;
            }
            x = transitionOrHead(graph, architecture, settings, b, x, channels);
        }
        graph.addLayer("output", classifier(channels, settings), x).setOutputs("output");
        return settings.placePerturbation(graph.build());
    }

    /** The initialised training-time network, on the native path. */
    public static ComputationGraph network(CondenseNetArchitecture architecture, ModelSettings settings) {
        return GraphNetworks.initialised(configuration(architecture, settings));
    }

    /**
     * Advances every learned group convolution of {@code network} to the condensation stage of training
     * progress {@code progress} in [0, 1], pruning by the learned weights; {@code progress >= 0.5} condenses
     * fully. {@link CondensationListener} calls it after each iteration.
     */
    public static void condense(ComputationGraph network, double progress) {
        if (!(progress >= 0 && progress <= 1)) {
            throw new IllegalArgumentException("CondenseNet.condense: progress must be in [0, 1], got " + progress);
        }
        for (Layer layer : network.getLayers()) {
            if (layer instanceof LearnedGroupConvolutionLayer) {
                LearnedGroupConvolution conf = (LearnedGroupConvolution) layer.conf().getLayer();
                conf.pruneToStage(LearnedGroupConvolution.stageAt(progress, conf.condenseFactor()),
                        layer.getParam(DefaultParamInitializer.WEIGHT_KEY));
            }
        }
    }

    /**
     * The test-time configuration for a trained network whose learned group convolutions are fully
     * condensed; no perturbation (inference only).
     */
    public static ComputationGraphConfiguration inferenceConfiguration(ComputationGraph trained,
                                                                       CondenseNetArchitecture architecture,
                                                                       ModelSettings settings) {
        ComputationGraphConfiguration.GraphBuilder graph = GraphNetworks.builder(settings);
        String x = stem(graph, architecture, settings);
        int channels = 2 * architecture.growthRates().get(0);
        int groups = architecture.groups();
        for (int b = 0; b < architecture.blockLayers().size(); b++) {
            int k = architecture.growthRates().get(b);
            int width = architecture.bottleneckWidth() * k;
            for (int l = 0; l < architecture.blockLayers().get(b); l++) {
                String prefix = layerName(b, l);
                LearnedGroupConvolution learned = condensedLayer(trained, prefix + "_lgc", channels, width,
                        architecture);
                String[] groupOutputs = new String[groups];
                for (int g = 0; g < groups; g++) {
                    String p = prefix + "_g" + g;
                    int[] kept = learned.keptInputs(g);
                    graph.addVertex(p + "_select", new ChannelSelectVertex(kept), x)
                            .addLayer(p + "_bn1", batchNorm(kept.length), p + "_select")
                            .addLayer(p + "_relu1", relu(), p + "_bn1")
                            .addLayer(p + "_conv1", new ConvolutionLayer.Builder(1, 1).nIn(kept.length)
                                    .nOut(width / groups).hasBias(false).activation(Activation.IDENTITY)
                                    .cudnnAllowFallback(false).build(), p + "_relu1");
                    groupOutputs[g] = p + "_conv1";
                }
                String condensed = groupOutputs[0];
                if (groups > 1) {
                    graph.addVertex(prefix + "_merge1", new MergeVertex(), groupOutputs)
                            .addVertex(prefix + "_shuffle", new ChannelSelectVertex(shuffle(width, groups)),
                                    prefix + "_merge1");
                    condensed = prefix + "_shuffle";
                }
                x = denseLayerTail(graph, architecture, b, prefix, condensed, x);
                channels += k;
            }
            x = transitionOrHead(graph, architecture, settings, b, x, channels);
        }
        graph.addVertex("classifier_select", new ChannelSelectVertex(keptClassifierInputs(trained, architecture)), x)
                .addLayer("output", classifier(keptClassifierCount(architecture), settings), "classifier_select")
                .setOutputs("output");
        return graph.build();
    }

    /**
     * The test-time network of a trained, fully condensed training network (Huang et al.'s "condensed"
     * model), initialised with its weights: every output equals the training network's in inference mode,
     * except for the classifier inputs dropped by {@code classifierKeepFraction}.
     *
     * @throws IllegalArgumentException when a learned group convolution is not fully condensed, or the
     *                                  network is not this architecture's training network
     */
    public static ComputationGraph inferenceNetwork(ComputationGraph trained, CondenseNetArchitecture architecture,
                                                    ModelSettings settings) {
        ComputationGraph condensed = GraphNetworks.initialised(inferenceConfiguration(trained, architecture,
                settings));
        copy(trained, "stem", condensed, "stem");
        int groups = architecture.groups();
        for (int b = 0; b < architecture.blockLayers().size(); b++) {
            for (int l = 0; l < architecture.blockLayers().get(b); l++) {
                String prefix = layerName(b, l);
                Layer learnedLayer = trained.getLayer(prefix + "_lgc");
                LearnedGroupConvolution learned = (LearnedGroupConvolution) learnedLayer.conf().getLayer();
                INDArray weightArray = learnedLayer.getParam(DefaultParamInitializer.WEIGHT_KEY);
                double[][] weights = weightArray.reshape('c', weightArray.size(0), weightArray.size(1)).toDoubleMatrix();
                Map<String, INDArray> batchNorm = trained.getLayer(prefix + "_bn1").paramTable();
                for (int g = 0; g < groups; g++) {
                    String p = prefix + "_g" + g;
                    int[] kept = learned.keptInputs(g);
                    for (Map.Entry<String, INDArray> entry : batchNorm.entrySet()) {
                        condensed.getLayer(p + "_bn1").getParam(entry.getKey())
                                .assign(selectColumns(entry.getValue(), kept));
                    }
                    // Group g holds training outputs g, g + G, g + 2G, ... and reads only its kept inputs.
                    int perGroup = weights.length / groups;
                    double[] groupWeights = new double[perGroup * kept.length];
                    for (int out = 0; out < perGroup; out++) {
                        for (int j = 0; j < kept.length; j++) {
                            groupWeights[out * kept.length + j] = weights[g + out * groups][kept[j]];
                        }
                    }
                    INDArray target = condensed.getLayer(p + "_conv1").getParam(DefaultParamInitializer.WEIGHT_KEY);
                    target.assign(Nd4j.create(groupWeights, target.shape(), 'c').castTo(target.dataType()));
                }
                copy(trained, prefix + "_bn2", condensed, prefix + "_bn2");
                GroupedConvolution conv = threeByThree(architecture, b);
                for (int g = 0; g < groups; g++) {
                    String name = conv.groupLayerName(prefix + "_conv2", g);
                    copy(trained, name, condensed, name);
                }
            }
        }
        copy(trained, "bn_final", condensed, "bn_final");
        INDArray weights = trained.getLayer("output").getParam(DefaultParamInitializer.WEIGHT_KEY);
        int[] kept = keptClassifierInputs(trained, architecture);
        INDArray condensedWeights = condensed.getLayer("output").getParam(DefaultParamInitializer.WEIGHT_KEY);
        for (int j = 0; j < kept.length; j++) {
            condensedWeights.getRow(j).assign(weights.getRow(kept[j]));
        }
        condensed.getLayer("output").getParam(DefaultParamInitializer.BIAS_KEY)
                .assign(trained.getLayer("output").getParam(DefaultParamInitializer.BIAS_KEY));
        return condensed;
    }

    /**
     * The classifier inputs the test-time network keeps: the {@code classifierKeepFraction} with the
     * largest L1 norm of their weights, in ascending order of that norm (as the official code).
     */
    public static int[] keptClassifierInputs(ComputationGraph trained, CondenseNetArchitecture architecture) {
        double[][] weights = trained.getLayer("output").getParam(DefaultParamInitializer.WEIGHT_KEY).toDoubleMatrix();
        double[] norm = Arrays.stream(weights).mapToDouble(row -> Arrays.stream(row).map(Math::abs).sum()).toArray();
        int count = keptClassifierCount(architecture);
        return IntStream.range(0, norm.length).boxed()
                .sorted(Comparator.comparingDouble((Integer c) -> norm[c]).thenComparing(c -> c))
                .skip(norm.length - count).mapToInt(Integer::intValue).toArray();
    }

    private static int keptClassifierCount(CondenseNetArchitecture architecture) {
        return (int) (architecture.finalChannels() * architecture.classifierKeepFraction());
    }

    private static String stem(ComputationGraphConfiguration.GraphBuilder graph, CondenseNetArchitecture architecture,
                               ModelSettings settings) {
        graph.addLayer("stem", new ConvolutionLayer.Builder(3, 3).stride(2, 2).padding(1, 1)
                .convolutionMode(ConvolutionMode.Truncate).nOut(2 * architecture.growthRates().get(0)).hasBias(false)
                .activation(Activation.IDENTITY).cudnnAllowFallback(false).build(),
                settings.inputPreProcessor(CNN2DFormat.NCHW), GraphNetworks.INPUT);
        return "stem";
    }

    /** BN-ReLU-3x3 group convolution after the 1x1 output {@code bottleneck}, concatenated to {@code input}. */
    private static String denseLayerTail(ComputationGraphConfiguration.GraphBuilder graph,
                                         CondenseNetArchitecture architecture, int block, String prefix,
                                         String bottleneck, String input) {
        int k = architecture.growthRates().get(block);
        graph.addLayer(prefix + "_bn2", batchNorm(architecture.bottleneckWidth() * k), bottleneck)
                .addLayer(prefix + "_relu2", relu(), prefix + "_bn2");
        String conv = threeByThree(architecture, block).addTo(graph, prefix + "_conv2", prefix + "_relu2");
        graph.addVertex(prefix, new MergeVertex(), input, conv);
        return prefix;
    }

    private static String transitionOrHead(ComputationGraphConfiguration.GraphBuilder graph,
                                           CondenseNetArchitecture architecture, ModelSettings settings, int block,
                                           String x, int channels) {
        if (block < architecture.blockLayers().size() - 1) {
            String name = "transition" + (block + 1);
            graph.addLayer(name, new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(2, 2).stride(2, 2)
                    .convolutionMode(ConvolutionMode.Truncate).cudnnAllowFallback(false).build(), x);
            return name;
        }
        graph.addLayer("bn_final", batchNorm(channels), x)
                .addLayer("relu_final", relu(), "bn_final")
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "relu_final");
        return "pool";
    }

    private static GroupedConvolution threeByThree(CondenseNetArchitecture architecture, int block) {
        int k = architecture.growthRates().get(block);
        return new GroupedConvolution.Builder(3).nIn(architecture.bottleneckWidth() * k).nOut(k)
                .groups(architecture.groups()).padding(1).build();
    }

    private static OutputLayer classifier(int inputs, ModelSettings settings) {
        return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(inputs).nOut(settings.input().classes())
                .activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).build();
    }

    private static BatchNormalization batchNorm(int channels) {
        return new BatchNormalization.Builder().nIn(channels).nOut(channels).eps(BATCH_NORM_EPSILON)
                .cudnnAllowFallback(false).build();
    }

    private static ActivationLayer relu() {
        return new ActivationLayer(Activation.RELU);
    }

    private static String layerName(int block, int layer) {
        return "block" + (block + 1) + "_layer" + (layer + 1);
    }

    /** For output {@code o} of a condensed 1x1 (group {@code o mod G}), its position in the merged groups. */
    private static int[] shuffle(int width, int groups) {
        int perGroup = width / groups;
        return IntStream.range(0, width).map(o -> (o % groups) * perGroup + o / groups).toArray();
    }

    private static LearnedGroupConvolution condensedLayer(ComputationGraph trained, String name, int channels,
                                                          int width, CondenseNetArchitecture architecture) {
        Layer layer = trained.getLayer(name);
        if (layer == null || !(layer.conf().getLayer() instanceof LearnedGroupConvolution learned)) {
            throw new IllegalArgumentException("CondenseNet.inferenceNetwork: the trained network has no learned "
                    + "group convolution '" + name + "'; is it this architecture's training network?");
        }
        if (learned.getNIn() != channels || learned.getNOut() != width || learned.groups() != architecture.groups()
                || learned.condenseFactor() != architecture.condenseFactor()) {
            throw new IllegalArgumentException("CondenseNet.inferenceNetwork: layer '" + name + "' is "
                    + learned.getNIn() + "->" + learned.getNOut() + " with G=" + learned.groups() + ", C="
                    + learned.condenseFactor() + "; the architecture expects " + channels + "->" + width + " with G="
                    + architecture.groups() + ", C=" + architecture.condenseFactor());
        }
        if (learned.stage() != learned.finalStage()) {
            throw new IllegalArgumentException("CondenseNet.inferenceNetwork: layer '" + name + "' is at "
                    + "condensation stage " + learned.stage() + " of " + learned.finalStage() + "; train past half of "
                    + "the schedule or call CondenseNet.condense(network, 1.0) first");
        }
        return learned;
    }

    private static INDArray selectColumns(INDArray perChannel, int[] channels) {
        double[] values = perChannel.toDoubleVector();
        double[] selected = Arrays.stream(channels).mapToDouble(c -> values[c]).toArray();
        long[] shape = perChannel.shape().clone();
        shape[shape.length - 1] = channels.length;
        return Nd4j.create(selected, shape, 'c').castTo(perChannel.dataType());
    }

    private static void copy(ComputationGraph from, String fromName, ComputationGraph to, String toName) {
        for (Map.Entry<String, INDArray> entry : from.getLayer(fromName).paramTable().entrySet()) {
            to.getLayer(toName).getParam(entry.getKey()).assign(entry.getValue());
        }
    }
}
