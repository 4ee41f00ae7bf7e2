package org.rtrain.attacks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.wrapper.BaseWrapperLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.rtrain.perturb.StochasticVertex;
import org.rtrain.perturb.backend.LeanConvolution;

/**
 * The gradient of a network's loss with respect to its input, with the network in inference mode,
 * for {@link MultiLayerNetwork} and single-input, single-output {@link ComputationGraph} alike.
 *
 * <p>DL4J runs a backward pass only after a training-mode forward pass: dropout, the sign
 * perturbation and any other {@code IDropout} or weight noise are on, stochastic-depth blocks drop
 * at random and batch normalisation uses the batch's statistics, so an attack built on
 * {@code MultiLayerNetwork.calculateGradients} attacks a different function from the deployed one
 * ({@code output(x, false)}); {@code ComputationGraph} has no such method in DL4J 1.0.0-M2.1. This
 * class keeps an <em>inference twin</em> of the network: the same configuration with every
 * {@code IDropout} and weight noise removed, every {@link StochasticVertex} replaced by its
 * {@link StochasticVertex#inferenceForm()}, and every {@link BatchNormalization} replaced by a layer
 * that normalises with the running statistics in training mode too (with the same parameter layout).
 * Layers that need no change share the original's configuration, so a change made to it during training
 * (CondenseNet's pruning masks) reaches the twin. The twin's parameters are a view of the original's, not a
 * copy: training the original, running
 * statistics included, updates the twin. (Replacing the original's parameter array, e.g. with
 * {@code init()}, breaks the view; make a new InputGradient then.) DL4J does not keep a graph's input
 * gradient after its backward pass, so the graph twin routes its input through an identity vertex
 * that records the gradient passing through it, and runs without workspaces so the record outlives
 * the pass.
 *
 * <p>The gradient is that of the per-example loss (summed over the batch, not averaged), so each
 * row is the gradient for its own example.
 */
public final class InputGradient {

    private final MultiLayerNetwork network;
    private final MultiLayerNetwork networkTwin;
    private final ComputationGraph graph;
    private final ComputationGraph graphTwin;
    private final AtomicReference<INDArray> graphInputGradient = new AtomicReference<>();
    private TrainingPassGradient trainingPass;

    /** An input-gradient source for {@code network}, which must be initialised. */
    public InputGradient(MultiLayerNetwork network) {
        this.network = Objects.requireNonNull(network, "network");
        requireInitialised(network.params(), "network");
        MultiLayerConfiguration conf = network.getLayerWiseConfigurations().clone();
        for (NeuralNetConfiguration layerConf : conf.getConfs()) {
            layerConf.setLayer(inferenceForm(layerConf.getLayer()));
        }
        this.networkTwin = new MultiLayerNetwork(conf);
        this.networkTwin.init(network.params(), false);
        this.graph = null;
        this.graphTwin = null;
    }

    /** An input-gradient source for {@code graph}, which must be initialised and have one input and one output. */
    public InputGradient(ComputationGraph graph) {
        this.graph = Objects.requireNonNull(graph, "graph");
        requireInitialised(graph.params(), "graph");
        ComputationGraphConfiguration conf = graph.getConfiguration().clone();
        if (conf.getNetworkInputs().size() != 1 || conf.getNetworkOutputs().size() != 1) {
            throw new IllegalArgumentException("InputGradient: the graph has inputs " + conf.getNetworkInputs()
                    + " and outputs " + conf.getNetworkOutputs() + "; exactly one of each is supported");
        }
        Map<String, GraphVertex> originals = graph.getConfiguration().getVertices();
        for (Map.Entry<String, GraphVertex> entry : conf.getVertices().entrySet()) {
            GraphVertex vertex = entry.getValue();
            if (vertex instanceof StochasticVertex stochastic) {
                entry.setValue(deterministic(entry.getKey(), vertex, stochastic.inferenceForm()));
            } else if (vertex instanceof LayerVertex layerVertex) {
                NeuralNetConfiguration layerConf = layerVertex.getLayerConf();
                Layer original = ((LayerVertex) originals.get(entry.getKey())).getLayerConf().getLayer();
                // A layer that is the same function in inference and training mode shares the original's
                // configuration, so whatever changes it during training (CondenseNet's pruning masks) changes the
                // twin too; the others get an inference form of their copy.
                layerConf.setLayer(inferenceChanges(original) ? inferenceForm(layerConf.getLayer()) : original);
            }
        }
        String input = conf.getNetworkInputs().get(0);
        String probe = input + "__gradient_probe";
        for (List<String> vertexInputs : conf.getVertexInputs().values()) {
            vertexInputs.replaceAll(name -> name.equals(input) ? probe : name);
        }
        conf.getVertices().put(probe, new GradientProbeVertex(graphInputGradient::set));
        conf.getVertexInputs().put(probe, new ArrayList<>(List.of(input)));
        conf.setTrainingWorkspaceMode(WorkspaceMode.NONE);
        conf.setInferenceWorkspaceMode(WorkspaceMode.NONE);
        this.graphTwin = new ComputationGraph(conf);
        this.graphTwin.init(graph.params(), false);
        this.network = null;
        this.networkTwin = null;
    }

    /**
     * An input-gradient source for a MultiLayerNetwork or a single-input, single-output
     * ComputationGraph, such as a zoo model's {@code Architecture.build}.
     */
    public static InputGradient forModel(Model model) {
        if (model instanceof MultiLayerNetwork multiLayer) {
            return new InputGradient(multiLayer);
        }
        if (model instanceof ComputationGraph computationGraph) {
            return new InputGradient(computationGraph);
        }
        throw new IllegalArgumentException("InputGradient: expected a MultiLayerNetwork or a ComputationGraph, got "
                + (model == null ? "null" : model.getClass().getName()));
    }

    private static void requireInitialised(INDArray params, String what) {
        if (params == null || params.isEmpty()) {
            throw new IllegalArgumentException("InputGradient: the " + what + " has no parameters; call init() first");
        }
    }

    /** Whether {@code layer} computes another function in training mode than in inference mode. */
    private static boolean inferenceChanges(Layer layer) {
        return layer.getIDropout() != null || layer instanceof BaseLayer withWeights
                && withWeights.getWeightNoise() != null || layer instanceof BatchNormalization
                || layer instanceof BaseWrapperLayer || LeanConvolution.withInputGradient(layer) != layer;
    }

    /**
     * The layer computing {@code layer}'s inference-mode function in training mode too, and the gradient with
     * respect to its input.
     */
    private static Layer inferenceForm(Layer layer) {
        layer = LeanConvolution.withInputGradient(layer);
        layer.setIDropout(null);
        if (layer instanceof BaseLayer withWeights) {
            withWeights.setWeightNoise(null);
        }
        if (layer instanceof BaseWrapperLayer wrapper) {
            wrapper.setUnderlying(inferenceForm(wrapper.getUnderlying()));
        }
        return layer instanceof BatchNormalization batchNorm ? InferenceBatchNormalization.of(batchNorm) : layer;
    }

    private static GraphVertex deterministic(String name, GraphVertex stochastic, GraphVertex inference) {
        if (inference == null || inference.numParams(true) != stochastic.numParams(true)) {
            throw new IllegalStateException("InputGradient: vertex '" + name + "' (" + stochastic.getClass().getName()
                    + ") names an inference form " + inference + " with a different parameter count; it must have "
                    + stochastic.numParams(true));
        }
        return inference;
    }

    /** The network the gradients are taken of: a MultiLayerNetwork or a ComputationGraph. */
    public Model model() {
        return network != null ? network : graph;
    }

    /** The training twin of the same network (built on first use), for attacks that reuse a training pass. */
    TrainingPassGradient trainingPass() {
        if (trainingPass == null) {
            trainingPass = TrainingPassGradient.forModel(model());
        }
        return trainingPass;
    }

    /**
     * {@code d loss(x_i, y_i) / d x_i} for every example {@code i} of the batch, shaped like
     * {@code features}; neither argument is modified.
     */
    public INDArray of(INDArray features, INDArray labels) {
        checkBatch(features, labels);
        if (networkTwin != null) {
            return networkTwin.calculateGradients(features, labels, null, null).getSecond().dup();
        }
        graphInputGradient.set(null);
        graphTwin.setInputs(features);
        graphTwin.setLabels(labels);
        graphTwin.computeGradientAndScore();
        graphTwin.clear();
        return graphInputGradient.getAndSet(null);
    }

    /** The loss of each example in inference mode, shape {@code [batch, 1]}. */
    public INDArray lossPerExample(INDArray features, INDArray labels) {
        checkBatch(features, labels);
        DataSet data = new DataSet(features, labels);
        return network != null ? network.scoreExamples(data, false) : graph.scoreExamples(data, false);
    }

    private static void checkBatch(INDArray features, INDArray labels) {
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(labels, "labels");
        if (labels.rank() != 2 || features.rank() < 2 || labels.size(0) != features.size(0)) {
            throw new IllegalArgumentException("InputGradient: expected features [batch, ...] and one-hot labels "
                    + "[batch, classes] with the same batch size, got features " + Arrays.toString(features.shape())
                    + " and labels " + Arrays.toString(labels.shape()));
        }
    }
}
