package org.rtrain.perturb;

import java.util.Collection;
import java.util.Objects;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.dataset.DataSet;

/**
 * What both {@link NetworkAdapter}s do the same way, through the interfaces DL4J's two kinds of network share
 * ({@link Model} and {@link NeuralNetwork}); the rest DL4J declares on each class separately.
 *
 * @param <N> the kind of network
 */
abstract sealed class AbstractNetworkAdapter<N extends Model & NeuralNetwork> implements NetworkAdapter
        permits MultiLayerNetworkAdapter, ComputationGraphAdapter {

    /** The network adapted. */
    final N network;

    AbstractNetworkAdapter(N network) {
        this.network = Objects.requireNonNull(network, "network");
    }

    @Override
    public final Model model() {
        return network;
    }

    @Override
    public final void fit(DataSet batch) {
        network.fit(batch);
    }

    @Override
    public final void setListeners(Collection<TrainingListener> listeners) {
        network.setListeners(listeners);
    }
}
