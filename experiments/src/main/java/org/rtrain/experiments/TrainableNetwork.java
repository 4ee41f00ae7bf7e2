package org.rtrain.experiments;

import java.util.List;
import java.util.Objects;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.dataset.DataSet;
import org.rtrain.models.InputShape;
import org.rtrain.models.MultiplyAddCounter;

/** A zoo network, MultiLayerNetwork or ComputationGraph, behind the few operations a run needs. */
final class TrainableNetwork {

    private final Model model;

    TrainableNetwork(Model model) {
        if (!(model instanceof MultiLayerNetwork) && !(model instanceof ComputationGraph)) {
            throw new IllegalArgumentException("expected a MultiLayerNetwork or a ComputationGraph, got "
                    + model.getClass().getName());
        }
        this.model = Objects.requireNonNull(model, "model");
    }

    Model model() {
        return model;
    }

    boolean isGraph() {
        return model instanceof ComputationGraph;
    }

    /** One training step on {@code batch}. */
    void fit(DataSet batch) {
        if (model instanceof MultiLayerNetwork network) {
            network.fit(batch);
        } else {
            ((ComputationGraph) model).fit(batch);
        }
    }

    /** The loss of the last training step. */
    double score() {
        return model.score();
    }

    /** Class scores in inference mode. */
    INDArray output(INDArray features) {
        return model instanceof MultiLayerNetwork network ? network.output(features, false)
                : ((ComputationGraph) model).outputSingle(false, features);
    }

    /** Replaces the network's training listeners. */
    void setListeners(List<TrainingListener> listeners) {
        if (model instanceof MultiLayerNetwork network) {
            network.setListeners(listeners);
        } else {
            ((ComputationGraph) model).setListeners(listeners);
        }
    }

    /** Multiply-adds of one forward pass of one example of {@code input} laid out as {@code format}. */
    long multiplyAdds(InputShape input, CNN2DFormat format) {
        InputType type = InputType.convolutional(input.height(), input.width(), input.channels(), format);
        return model instanceof MultiLayerNetwork network
                ? MultiplyAddCounter.count(network.getLayerWiseConfigurations(), type).total()
                : MultiplyAddCounter.count(((ComputationGraph) model).getConfiguration(), type).total();
    }

    void incrementEpochCount() {
        if (model instanceof MultiLayerNetwork network) {
            network.incrementEpochCount();
        } else {
            ((ComputationGraph) model).incrementEpochCount();
        }
    }
}
