package org.rtrain.attacks;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The gradient of a network's loss with respect to its input, with the network in inference mode,
 * for {@link MultiLayerNetwork} and single-input, single-output {@link ComputationGraph} alike.
 *
 * <p>DL4J's {@code MultiLayerNetwork.calculateGradients} runs its forward pass in training mode:
 * dropout, the sign perturbation and any other {@code IDropout} are on, so an attack built on it
 * attacks a randomly thinned network rather than the deployed one; {@code ComputationGraph} has no
 * such method in DL4J 1.0.0-M2.1. This class keeps an inference twin of the network: the same
 * configuration without any {@code IDropout}, whose parameters are a view of the original's (no
 * copy; training the original updates the twin). DL4J does not keep a graph's input gradient after
 * its backward pass, so the graph twin routes its input through an identity vertex that records the
 * gradient passing through it, and runs without workspaces so the record outlives the pass.
 *
 * <p>The gradient is that of the per-example loss (summed over the batch, not averaged), so each
 * row is the gradient for its own example. Batch normalisation is refused: in DL4J's training-mode
 * backward pass it uses batch statistics, not the running statistics of inference.
 */
public final class InputGradient {

    private final MultiLayerNetwork network;
    private final MultiLayerNetwork networkTwin;
    private final ComputationGraph graph;
    private final ComputationGraph graphTwin;
    private final AtomicReference<INDArray> graphInputGradient = new AtomicReference<>();

    /** An input-gradient source for {@code network}, which must be initialised. */
    public InputGradient(MultiLayerNetwork network) {
        this.network = Objects.requireNonNull(network, "network");
        MultiLayerConfiguration conf = network.getLayerWiseConfigurations().clone();
        for (NeuralNetConfiguration layerConf : conf.getConfs()) {
            withoutDropout(layerConf.getLayer());
        }
        this.networkTwin = new MultiLayerNetwork(conf);
        this.networkTwin.init(network.params(), false);
        this.graph = null;
        this.graphTwin = null;
    }

    /** An input-gradient source for {@code graph}, which must be initialised and have one input and one output. */
    public InputGradient(ComputationGraph graph) {
        this.graph = Objects.requireNonNull(graph, "graph");
        ComputationGraphConfiguration conf = graph.getConfiguration().clone();
        if (conf.getNetworkInputs().size() != 1 || conf.getNetworkOutputs().size() != 1) {
            throw new IllegalArgumentException("InputGradient: the graph has inputs " + conf.getNetworkInputs()
                    + " and outputs " + conf.getNetworkOutputs() + "; exactly one of each is supported");
        }
        for (GraphVertex vertex : conf.getVertices().values()) {
            if (vertex instanceof LayerVertex layerVertex) {
                withoutDropout(layerVertex.getLayerConf().getLayer());
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

    private static void withoutDropout(Layer layer) {
        if (layer instanceof BatchNormalization) {
            throw new UnsupportedOperationException("InputGradient: layer '" + layer.getLayerName()
                    + "' is BatchNormalization, whose inference-mode input gradient DL4J M2.1 does not provide");
        }
        layer.setIDropout(null);
    }

    /** The network the gradients are taken of: a MultiLayerNetwork or a ComputationGraph. */
    public Model model() {
        return network != null ? network : graph;
    }

    /**
     * {@code d loss(x_i, y_i) / d x_i} for every example {@code i} of the batch, shaped like
     * {@code features}; neither argument is modified.
     */
    public INDArray of(INDArray features, INDArray labels) {
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
        DataSet data = new DataSet(features, labels);
        return network != null ? network.scoreExamples(data, false) : graph.scoreExamples(data, false);
    }
}
