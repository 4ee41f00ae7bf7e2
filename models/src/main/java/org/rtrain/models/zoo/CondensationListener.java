package org.rtrain.models.zoo;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;

/**
 * Runs CondenseNet's condensation schedule during training: after each iteration it calls
 * {@link CondenseNet#condense} with the training progress {@code (iteration + 1) / totalIterations}, so
 * the learned group convolutions go through their {@code C - 1} pruning stages over the first half of
 * training, as in the official code. The progress comes from the network's own iteration counter, so a
 * resumed run continues the schedule.
 */
public final class CondensationListener extends BaseTrainingListener {

    private final long totalIterations;

    /**
     * @param totalIterations the number of iterations (minibatches) of the whole training run, {@code >= 1}
     */
    public CondensationListener(long totalIterations) {
        if (totalIterations < 1) {
            throw new IllegalArgumentException("CondensationListener: totalIterations must be >= 1, got "
                    + totalIterations);
        }
        this.totalIterations = totalIterations;
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        if (!(model instanceof ComputationGraph graph)) {
            throw new IllegalArgumentException("CondensationListener works on CondenseNet's ComputationGraph, got "
                    + model.getClass().getName());
        }
        CondenseNet.condense(graph, Math.min(1.0, (iteration + 1) / (double) totalIterations));
    }
}
