package org.rtrain.perturb;

import java.util.Collection;
import java.util.function.Function;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/** The {@link NetworkAdapter} of a {@link MultiLayerNetwork}. */
final class MultiLayerNetworkAdapter extends AbstractNetworkAdapter<MultiLayerNetwork> {

    MultiLayerNetworkAdapter(MultiLayerNetwork network) {
        super(network);
    }

    @Override
    public <R> R match(Function<? super MultiLayerNetwork, ? extends R> ifMultiLayer,
                       Function<? super ComputationGraph, ? extends R> ifGraph) {
        return ifMultiLayer.apply(network);
    }

    @Override
    public Layer[] layers() {
        return network.getLayers();
    }

    @Override
    public INDArray output(INDArray features) {
        return network.output(features, false);
    }

    @Override
    public INDArray lossPerExample(DataSet data) {
        return network.scoreExamples(data, false);
    }

    @Override
    public double computeGradientAndScore(INDArray features, INDArray labels) {
        network.setInput(features);
        network.setLabels(labels);
        network.computeGradientAndScore();
        return network.score();
    }

    @Override
    public void applyUpdater(int iteration, int epoch, int batchSize) {
        network.getUpdater().update(network, network.gradient(), iteration, epoch, batchSize,
                LayerWorkspaceMgr.noWorkspaces());
    }

    @Override
    public Collection<TrainingListener> listeners() {
        return network.getListeners();
    }

    @Override
    public void setScore(double score) {
        network.setScore(score);
    }

    @Override
    public int iterationCount() {
        return network.getIterationCount();
    }

    @Override
    public void setIterationCount(int iterationCount) {
        network.setIterationCount(iterationCount);
    }

    @Override
    public int epochCount() {
        return network.getEpochCount();
    }

    @Override
    public void setEpochCount(int epochCount) {
        network.setEpochCount(epochCount);
    }

    @Override
    public void incrementEpochCount() {
        network.incrementEpochCount();
    }
}
