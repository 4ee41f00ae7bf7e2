package org.rtrain.attacks.gradient;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.rtrain.perturb.NetworkAdapter;
import org.rtrain.perturb.StochasticVertex;

/**
 * The gradient of a network's loss with respect to its input, with the network in inference mode: what
 * an attack on the deployed model ({@code output(x, false)}) needs.
 *
 * <p>DL4J runs a backward pass only after a training-mode forward pass: dropout, the sign
 * perturbation and any other {@code IDropout} or weight noise are on, stochastic-depth blocks drop
 * at random and batch normalisation uses the batch's statistics, so an attack built on
 * {@code MultiLayerNetwork.calculateGradients} attacks a different function from the deployed one;
 * {@code ComputationGraph} has no such method in DL4J 1.0.0-M2.1. An implementation therefore keeps an
 * <em>inference twin</em> of the network: the same configuration with every {@code IDropout} and weight
 * noise removed, every {@link StochasticVertex} replaced by its {@link StochasticVertex#inferenceForm()},
 * and every {@link BatchNormalization} replaced by a layer that normalises with the running statistics in
 * training mode too (with the same parameter layout). The twin's parameters are a view of the original's,
 * not a copy: training the original, running statistics included, updates the twin, so one instance serves
 * a network for its whole life. (DL4J never replaces an initialised network's parameter array: {@code init}
 * does nothing the second time and {@code setParams} copies into it.)
 *
 * <p>{@link #forModel} takes either kind of network; {@link MultiLayerNetworkInputGradient} and
 * {@link ComputationGraphInputGradient} are the two implementations. The gradient is that of the
 * per-example loss (summed over the batch, not averaged), so each row is the gradient for its own example.
 */
public interface InputGradient {

    /**
     * The input gradient of a MultiLayerNetwork or a single-input, single-output ComputationGraph, such as a
     * zoo model's {@code Architecture.network}, which must be initialised.
     *
     * @throws IllegalArgumentException for any other model
     */
    static InputGradient forModel(Model model) {
        return NetworkAdapter.of(model).match(MultiLayerNetworkInputGradient::new, ComputationGraphInputGradient::new);
    }

    /** The network the gradients are taken of: a {@link MultiLayerNetwork} or a {@link ComputationGraph}. */
    Model model();

    /**
     * {@code d loss(x_i, y_i) / d x_i} for every example {@code i} of the batch, shaped like
     * {@code features}; neither argument is modified.
     */
    INDArray of(INDArray features, INDArray labels);

    /** The loss of each example in inference mode, shape {@code [batch, 1]}. */
    INDArray lossPerExample(INDArray features, INDArray labels);
}
