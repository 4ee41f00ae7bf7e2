package org.rtrain.perturb;

import java.util.Collection;
import java.util.Objects;
import java.util.function.Function;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The {@link NetworkAdapter} of a {@link ComputationGraph}. Its step counters live in the graph's
 * configuration, which is where DL4J's own training updates them.
 */
final class ComputationGraphAdapter implements NetworkAdapter {

    private final ComputationGraph graph;

    ComputationGraphAdapter(ComputationGraph graph) {
        this.graph = Objects.requireNonNull(graph, "graph");
    }

    @Override
    public Model model() {
        return graph;
    }

    @Override
    public <R> R match(Function<? super MultiLayerNetwork, ? extends R> ifMultiLayer,
                       Function<? super ComputationGraph, ? extends R> ifGraph) {
        return ifGraph.apply(graph);
    }

    @Override
    public Layer[] layers() {
        return graph.getLayers();
    }

    @Override
    public INDArray output(INDArray features) {
        return graph.output(false, features)[0];
    }

    @Override
    public INDArray lossPerExample(DataSet data) {
        return graph.scoreExamples(data, false);
    }

    @Override
    public void fit(DataSet batch) {
        graph.fit(batch);
    }

    @Override
    public double computeGradientAndScore(INDArray features, INDArray labels) {
        graph.setInputs(features);
        graph.setLabels(labels);
        graph.computeGradientAndScore();
        return graph.score();
    }

    @Override
    public void applyUpdater(int iteration, int epoch, int batchSize) {
        graph.getUpdater().update(graph.gradient(), iteration, epoch, batchSize, LayerWorkspaceMgr.noWorkspaces());
    }

    @Override
    public Collection<TrainingListener> listeners() {
        return graph.getListeners();
    }

    @Override
    public void setListeners(Collection<TrainingListener> listeners) {
        graph.setListeners(listeners);
    }

    @Override
    public void setScore(double score) {
        graph.setScore(score);
    }

    @Override
    public int iterationCount() {
        return graph.getIterationCount();
    }

    @Override
    public void setIterationCount(int iterationCount) {
        graph.getConfiguration().setIterationCount(iterationCount);
    }

    @Override
    public int epochCount() {
        return graph.getEpochCount();
    }

    @Override
    public void setEpochCount(int epochCount) {
        graph.getConfiguration().setEpochCount(epochCount);
    }

    @Override
    public void incrementEpochCount() {
        graph.incrementEpochCount();
    }
}
