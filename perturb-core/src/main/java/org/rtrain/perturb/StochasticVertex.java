package org.rtrain.perturb;

import org.deeplearning4j.nn.conf.graph.GraphVertex;

/**
 * A graph vertex configuration whose training-mode forward pass is random, such as a stochastic
 * depth block, that can name the deterministic vertex computing its inference-mode function.
 *
 * <p>An inference-mode input gradient (attacks) needs the network's inference function under a
 * backward pass, which DL4J only runs in training mode; it swaps each such vertex for its
 * {@link #inferenceForm()}, as it strips IDropouts.
 */
public interface StochasticVertex {

    /**
     * A vertex with the same inputs and the same parameter layout (none, or identical) that computes
     * this vertex's inference-mode output in training mode too.
     */
    GraphVertex inferenceForm();
}
