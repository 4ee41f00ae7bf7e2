package org.rtrain.models.layers;

import java.util.Arrays;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.rtrain.perturb.ParameterFreeVertex;
import org.rtrain.perturb.ParameterFreeVertexConfiguration;
import org.rtrain.perturb.StochasticVertex;

/**
 * The merge of a residual block with stochastic depth: {@code shortcut + gate * residual}, where
 * in training the gate is 1 with the block's survival probability and 0 otherwise, drawn once per
 * forward pass (the whole residual branch is dropped for the mini-batch), and at inference the
 * gate is the survival probability itself.
 *
 * <p>From Huang, Sun, Liu, Sedra and Weinberger, "Deep Networks with Stochastic Depth" (ECCV 2016),
 * as their Torch code's {@code ResidualDrop} module does it. Use it as the vertex that adds a
 * block's residual branch (second input) to its shortcut (first input); both inputs must have the
 * same shape. Its training-mode randomness comes from ND4J's random stream, like DL4J's dropout, so
 * a network seed makes it reproducible. Unlike the Torch code, DL4J still computes a dropped branch
 * (and its batch normalisation still updates its running statistics); the branch gets a zero
 * gradient.
 *
 * <p>Its {@link #inferenceForm()} computes {@code shortcut + survivalProbability * residual} in
 * training mode too, for gradients of the deployed network.
 */
public final class StochasticDepthVertex extends ParameterFreeVertexConfiguration implements StochasticVertex {

    private static final long serialVersionUID = 1L;

    @JsonProperty("survivalProbability")
    private final double survivalProbability;
    @JsonProperty("deterministic")
    private final boolean deterministic;

    /** A stochastic block merge whose residual branch survives training steps with {@code survivalProbability}. */
    public StochasticDepthVertex(double survivalProbability) {
        this(survivalProbability, false);
    }

    /**
     * @param survivalProbability probability in (0, 1] that the residual branch is kept in a training step
     * @param deterministic       true for the inference form: the gate is {@code survivalProbability} always
     */
    @JsonCreator
    public StochasticDepthVertex(@JsonProperty("survivalProbability") double survivalProbability,
                                 @JsonProperty("deterministic") boolean deterministic) {
        if (!(survivalProbability > 0 && survivalProbability <= 1)) {
            throw new IllegalArgumentException("StochasticDepthVertex survivalProbability must be in (0, 1], got "
                    + survivalProbability);
        }
        this.survivalProbability = survivalProbability;
        this.deterministic = deterministic;
    }

    /** Probability that the residual branch is kept in a training step. */
    public double survivalProbability() {
        return survivalProbability;
    }

    /** True for the inference form. */
    public boolean deterministic() {
        return deterministic;
    }

    @Override
    public StochasticDepthVertex inferenceForm() {
        return new StochasticDepthVertex(survivalProbability, true);
    }

    @Override
    public StochasticDepthVertex clone() {
        return new StochasticDepthVertex(survivalProbability, deterministic);
    }

    @Override
    protected Object[] properties() {
        return new Object[] {survivalProbability, deterministic};
    }

    @Override
    public String toString() {
        return "StochasticDepthVertex(survivalProbability=" + survivalProbability
                + (deterministic ? ", deterministic" : "") + ")";
    }

    @Override
    protected int inputCount() {
        return 2;
    }

    @Override
    protected ParameterFreeVertex instantiate(ComputationGraph graph, String name, int index, DataType dataType) {
        return new Instance(graph, name, index, dataType, survivalProbability, deterministic);
    }

    @Override
    protected InputType outputType(InputType... inputs) throws InvalidInputTypeException {
        if (!Arrays.equals(inputs[0].getShape(false), inputs[1].getShape(false))) {
            throw new InvalidInputTypeException("StochasticDepthVertex: shortcut " + inputs[0]
                    + " and residual " + inputs[1] + " must have the same shape");
        }
        return inputs[0];
    }

    /** The vertex in a network: remembers the gate of its last forward pass for the backward pass. */
    private static final class Instance extends WorkspaceScopedVertex {

        private final double survivalProbability;
        private final boolean deterministic;
        private double gate = Double.NaN;

        Instance(ComputationGraph graph, String name, int index, DataType dataType, double survivalProbability,
                 boolean deterministic) {
            super(graph, name, index, dataType);
            this.survivalProbability = survivalProbability;
            this.deterministic = deterministic;
        }

        @Override
        INDArray forward(boolean training) {
            INDArray shortcut = inputs[0];
            INDArray residual = inputs[1];
            if (!Arrays.equals(shortcut.shape(), residual.shape())) {
                throw new IllegalArgumentException(this + ": shortcut shape " + Arrays.toString(shortcut.shape())
                        + " differs from residual shape " + Arrays.toString(residual.shape()));
            }
            boolean random = training && !deterministic;
            gate = random ? (Nd4j.getRandom().nextDouble() < survivalProbability ? 1.0 : 0.0) : survivalProbability;
            return gate == 0.0 ? shortcut.dup() : residual.mul(gate).addi(shortcut);
        }

        @Override
        INDArray[] backward() {
            if (Double.isNaN(gate)) {
                throw new IllegalStateException(this + ": backward pass without a forward pass");
            }
            return new INDArray[] {epsilon.dup(), epsilon.mul(gate)};
        }
    }
}
