package org.rtrain.attacks.gradient;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.rtrain.perturb.StochasticVertex;

/**
 * The {@link InputGradient} of a single-input, single-output {@link ComputationGraph}.
 *
 * <p>Layers that need no change share the original's configuration, so a change made to it during
 * training (CondenseNet's pruning masks) reaches the twin. DL4J does not keep a graph's input gradient
 * after its backward pass, so the twin routes its input through an identity vertex that records the
 * gradient passing through it, and runs without workspaces so the record outlives the pass.
 */
public final class ComputationGraphInputGradient implements InputGradient {

    private final ComputationGraph graph;
    private final ComputationGraph twin;
    private final AtomicReference<INDArray> inputGradient = new AtomicReference<>();

    /** The input gradient of {@code graph}, which must be initialised and have one input and one output. */
    public ComputationGraphInputGradient(ComputationGraph graph) {
        this.graph = Objects.requireNonNull(graph, "graph");
        InferenceTwin.requireInitialised(graph.params(), "graph");
        ComputationGraphConfiguration conf = graph.getConfiguration().clone();
        if (conf.getNetworkInputs().size() != 1 || conf.getNetworkOutputs().size() != 1) {
            throw new IllegalArgumentException("InputGradient: the graph has inputs " + conf.getNetworkInputs()
                    + " and outputs " + conf.getNetworkOutputs() + "; exactly one of each is supported");
        }
        Map<String, GraphVertex> originals = graph.getConfiguration().getVertices();
        for (Map.Entry<String, GraphVertex> entry : conf.getVertices().entrySet()) {
            GraphVertex vertex = entry.getValue();
            if (vertex instanceof StochasticVertex stochastic) {
                entry.setValue(InferenceTwin.deterministic(entry.getKey(), vertex, stochastic.inferenceForm()));
            } else if (vertex instanceof LayerVertex layerVertex) {
                NeuralNetConfiguration layerConf = layerVertex.getLayerConf();
                Layer original = ((LayerVertex) originals.get(entry.getKey())).getLayerConf().getLayer();
                // A layer that is the same function in inference and training mode shares the original's
                // configuration, so whatever changes it during training (CondenseNet's pruning masks) changes the
                // twin too; the others get an inference form of their copy.
                layerConf.setLayer(InferenceTwin.changesInTraining(original)
                        ? InferenceTwin.inferenceForm(layerConf.getLayer()) : original);
            }
        }
        String input = conf.getNetworkInputs().get(0);
        String probe = input + "__gradient_probe";
        for (List<String> vertexInputs : conf.getVertexInputs().values()) {
            vertexInputs.replaceAll(name -> name.equals(input) ? probe : name);
        }
        conf.getVertices().put(probe, new GradientProbeVertex(inputGradient::set));
        conf.getVertexInputs().put(probe, new ArrayList<>(List.of(input)));
        conf.setTrainingWorkspaceMode(WorkspaceMode.NONE);
        conf.setInferenceWorkspaceMode(WorkspaceMode.NONE);
        this.twin = new ComputationGraph(conf);
        this.twin.init(graph.params(), false);
    }

    @Override
    public Model model() {
        return graph;
    }

    @Override
    public INDArray of(INDArray features, INDArray labels) {
        InferenceTwin.checkBatch(features, labels);
        inputGradient.set(null);
        twin.setInputs(features);
        twin.setLabels(labels);
        twin.computeGradientAndScore();
        twin.clear();
        return inputGradient.getAndSet(null);
    }

    @Override
    public INDArray lossPerExample(INDArray features, INDArray labels) {
        InferenceTwin.checkBatch(features, labels);
        return graph.scoreExamples(new DataSet(features, labels), false);
    }
}
