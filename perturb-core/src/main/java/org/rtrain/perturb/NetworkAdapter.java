package org.rtrain.perturb;

import java.util.Collection;
import java.util.function.Function;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * A {@link MultiLayerNetwork} or a {@link ComputationGraph} behind the operations that training, attacks
 * and evaluation need from either, so that code taking a DL4J {@link Model} branches on its kind in one
 * place: {@link #of} picks the implementation, and {@link #match} hands the concrete network to code that
 * builds something kind-specific from it (a twin with another configuration, a report of the configuration).
 *
 * <p>DL4J gives its two kinds of network the same operations under different signatures and no common
 * type beyond {@code Model}, which has no inference output, {@code fit}, listeners or step counters. A graph
 * is taken to have one output, the class scores.
 */
public sealed interface NetworkAdapter permits AbstractNetworkAdapter {

    /**
     * The adapter of {@code network}.
     *
     * @throws IllegalArgumentException when it is neither a MultiLayerNetwork nor a ComputationGraph
     */
    static NetworkAdapter of(Model network) {
        if (network instanceof MultiLayerNetwork multiLayer) {
            return new MultiLayerNetworkAdapter(multiLayer);
        }
        if (network instanceof ComputationGraph graph) {
            return new ComputationGraphAdapter(graph);
        }
        throw new IllegalArgumentException("expected a MultiLayerNetwork or a ComputationGraph, got "
                + (network == null ? "null" : network.getClass().getName()));
    }

    /** The network itself. */
    Model model();

    /** {@code ifMultiLayer} applied to the MultiLayerNetwork, or {@code ifGraph} to the ComputationGraph. */
    <R> R match(Function<? super MultiLayerNetwork, ? extends R> ifMultiLayer,
                Function<? super ComputationGraph, ? extends R> ifGraph);

    /** The network's layers (a graph's in topological order). */
    Layer[] layers();

    /** The class scores of {@code features} in inference mode. */
    INDArray output(INDArray features);

    /** The loss of each example of {@code data} in inference mode, without regularisation, shape {@code [batch, 1]}. */
    INDArray lossPerExample(DataSet data);

    /** One training step on {@code batch}, as DL4J's own {@code fit} takes it. */
    void fit(DataSet batch);

    /**
     * One training-mode forward and backward pass on {@code features} and {@code labels}, leaving the parameter
     * gradient in {@link Model#getGradientsViewArray()}; returns the loss with regularisation ({@code score()}).
     */
    double computeGradientAndScore(INDArray features, INDArray labels);

    /**
     * Runs the network's updater on the gradient of the last pass, in place, as DL4J's
     * {@code StochasticGradientDescent} does before it subtracts the result from the parameters.
     */
    void applyUpdater(int iteration, int epoch, int batchSize);

    /** The training listeners. */
    Collection<TrainingListener> listeners();

    /** Replaces the training listeners. */
    void setListeners(Collection<TrainingListener> listeners);

    /** Sets the loss that {@code score()} reports. */
    void setScore(double score);

    /** How many training steps the network has taken. */
    int iterationCount();

    /** Sets how many training steps the network has taken (learning-rate schedules read it). */
    void setIterationCount(int iterationCount);

    /** How many epochs the network has completed. */
    int epochCount();

    /** Sets how many epochs the network has completed. */
    void setEpochCount(int epochCount);

    /** Counts one more completed epoch. */
    void incrementEpochCount();
}
