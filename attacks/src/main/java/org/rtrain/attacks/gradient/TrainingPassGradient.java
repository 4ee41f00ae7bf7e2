package org.rtrain.attacks.gradient;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.rtrain.perturb.NetworkAdapter;
import org.rtrain.perturb.backend.LeanConvolution;
import org.rtrain.perturb.backend.NativeFastPath;

/**
 * One training-mode forward and backward pass of a network, as DL4J's {@code computeGradientAndScore}
 * runs it (dropout, the sign perturbation and stochastic depth on, batch normalisation on the batch's
 * statistics), giving the loss, the parameter gradient <em>and</em> the input gradient of that same
 * pass: what Goodfellow et al.'s FGSM training needs from its clean pass, so that a step costs two
 * passes instead of three.
 *
 * <p>DL4J keeps neither a graph's nor a network's input gradient after a training pass, so this class
 * keeps a <em>training twin</em>: a network built from the original's own layer and vertex
 * configurations (shared, not copied, so that anything that changes them during training, such as
 * CondenseNet's condensation masks, changes the twin too; a {@link LeanConvolution} that computes no input
 * gradient is the exception, copied with it on) with a probe in front of the first layer
 * that records the gradient passing through it: a MultiLayerNetwork gets it as the first layer's
 * input preprocessor (wrapping any it has), a ComputationGraph as an identity vertex between the
 * input and its consumers. The twin's parameters are a view of the original's, so training the
 * original (running statistics included) updates the twin; it has its own gradient array, which
 * holds the parameter gradient of the last pass, laid out as the original's. The twin takes the
 * original's iteration and epoch counts before each pass, so schedules see the same step. The
 * original's listeners are not called for this pass. The twin is built on the native (oneDNN/cuDNN) path
 * ({@link NativeFastPath#enable()}, as the zoo builders do): DL4J decides a layer's kernels when it is
 * built, so a twin built off that path would make every FGSM step several times slower than the
 * network's own pass (measured: 5x a LeNet base step instead of 2x).
 */
public final class TrainingPassGradient {

    /**
     * One pass.
     *
     * @param loss              the training-mode loss with regularisation, as {@code score()} after
     *                          {@code computeGradientAndScore}
     * @param parameterGradient the parameter gradient (summed over the batch, before the updater),
     *                          flattened as {@code model.params()}; valid until the next pass
     * @param inputGradient     {@code d loss / d features} of the summed per-example loss, shaped like
     *                          the features, outside any workspace
     */
    public record Pass(double loss, INDArray parameterGradient, INDArray inputGradient) {
    }

    private final NetworkAdapter network;
    private final NetworkAdapter twin;
    private final AtomicReference<INDArray> inputGradient = new AtomicReference<>();

    /** A training twin of {@code network}, which must be initialised. */
    TrainingPassGradient(MultiLayerNetwork network) {
        this.network = NetworkAdapter.of(Objects.requireNonNull(network, "network"));
        MultiLayerConfiguration original = network.getLayerWiseConfigurations();
        MultiLayerConfiguration conf = original.clone();
        conf.setConfs(original.getConfs().stream().map(TrainingPassGradient::withInputGradient)
                .collect(Collectors.toCollection(ArrayList::new)));
        Map<Integer, InputPreProcessor> preProcessors = new HashMap<>(original.getInputPreProcessors());
        NativeFastPath.enable();
        preProcessors.put(0, new GradientProbePreProcessor(preProcessors.get(0), inputGradient::set));
        conf.setInputPreProcessors(preProcessors);
        MultiLayerNetwork networkTwin = new MultiLayerNetwork(conf);
        networkTwin.init(network.params(), false);
        requireSameLayout(network.getLayers(), networkTwin.getLayers(), false);
        this.twin = NetworkAdapter.of(networkTwin);
    }

    /** A training twin of {@code graph}, which must be initialised and have one input. */
    TrainingPassGradient(ComputationGraph graph) {
        this.network = NetworkAdapter.of(Objects.requireNonNull(graph, "graph"));
        ComputationGraphConfiguration original = graph.getConfiguration();
        if (original.getNetworkInputs().size() != 1) {
            throw new IllegalArgumentException("TrainingPassGradient: the graph has inputs "
                    + original.getNetworkInputs() + "; exactly one is supported");
        }
        ComputationGraphConfiguration conf = original.clone();
        String input = original.getNetworkInputs().get(0);
        String probe = input + "__gradient_probe";
        Map<String, GraphVertex> vertices = new LinkedHashMap<>(original.getVertices());
        vertices.put(probe, new GradientProbeVertex(inputGradient::set));
        Map<String, List<String>> vertexInputs = new LinkedHashMap<>();
        original.getVertexInputs().forEach((name, inputs) -> vertexInputs.put(name,
                new ArrayList<>(inputs.stream().map(in -> in.equals(input) ? probe : in).toList())));
        vertexInputs.put(probe, new ArrayList<>(List.of(input)));
        conf.setVertices(vertices);
        conf.setVertexInputs(vertexInputs);
        NativeFastPath.enable();
        ComputationGraph graphTwin = new ComputationGraph(conf);
        graphTwin.init(graph.params(), false);
        requireSameLayout(graph.getLayers(), graphTwin.getLayers(), true);
        this.twin = NetworkAdapter.of(graphTwin);
    }

    /**
     * {@code conf} itself, or a copy whose layer computes the gradient with respect to its input where the
     * original's does not ({@link LeanConvolution}): the probe needs that gradient.
     */
    private static NeuralNetConfiguration withInputGradient(NeuralNetConfiguration conf) {
        org.deeplearning4j.nn.conf.layers.Layer layer = LeanConvolution.withInputGradient(conf.getLayer());
        if (layer == conf.getLayer()) {
            return conf;
        }
        NeuralNetConfiguration copy = conf.clone();
        copy.setLayer(layer);
        return copy;
    }

    /** The training twin (the network with the probe), for checks of how it was built. */
    Model twin() {
        return twin.model();
    }

    /**
     * A training twin of a MultiLayerNetwork or a single-input ComputationGraph.
     *
     * @throws IllegalArgumentException for any other model
     */
    public static TrainingPassGradient forModel(Model model) {
        return NetworkAdapter.of(model).match(TrainingPassGradient::new, TrainingPassGradient::new);
    }

    /**
     * The twin's parameters must be views of the same elements as the original's, layer by layer
     * (the probe has none, but it could change the order in which a graph lays its parameters out).
     */
    private static void requireSameLayout(Layer[] original, Layer[] twin, boolean byName) {
        Map<Object, Long> offsets = new HashMap<>();
        for (int i = 0; i < original.length; i++) {
            offsets.put(key(original[i], i, byName), original[i].numParams() > 0 ? original[i].params().offset() : -1L);
        }
        for (int i = 0; i < twin.length; i++) {
            long offset = twin[i].numParams() > 0 ? twin[i].params().offset() : -1L;
            if (!Objects.equals(offsets.get(key(twin[i], i, byName)), offset)) {
                throw new IllegalStateException("TrainingPassGradient: the training twin lays out the parameters of "
                        + "layer " + key(twin[i], i, byName) + " differently from the network");
            }
        }
    }

    private static Object key(Layer layer, int index, boolean byName) {
        return byName ? layer.conf().getLayer().getLayerName() : index;
    }

    /**
     * Runs one training-mode forward and backward pass of the network on {@code features} and
     * {@code labels} (neither is modified), at the network's current iteration and epoch.
     */
    public Pass run(INDArray features, INDArray labels) {
        inputGradient.set(null);
        twin.setIterationCount(network.iterationCount());
        twin.setEpochCount(network.epochCount());
        double loss = twin.computeGradientAndScore(features, labels);
        INDArray parameterGradient = twin.model().getGradientsViewArray();
        twin.model().clear();
        INDArray input = inputGradient.getAndSet(null);
        if (input == null) {
            throw new IllegalStateException("TrainingPassGradient: the backward pass did not reach the network input");
        }
        return new Pass(loss, parameterGradient, input);
    }
}
