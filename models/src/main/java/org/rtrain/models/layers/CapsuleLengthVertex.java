package org.rtrain.models.layers;

import java.util.Arrays;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.rtrain.perturb.ParameterFreeVertex;
import org.rtrain.perturb.ParameterFreeVertexConfiguration;

/**
 * The length of each capsule, {@code [batch, capsules, dimensions] -> [batch, capsules]}: a capsule
 * network's class scores (Sabour, Frosst and Hinton, "Dynamic Routing Between Capsules", NIPS
 * 2017). It replaces DL4J's {@code CapsuleStrengthLayer}, which, like DL4J 1.0.0-M2.1's other
 * SameDiff layers measured here, doubles the gradient it backpropagates. The gradient of a
 * zero-length capsule is taken as 0.
 */
public final class CapsuleLengthVertex extends ParameterFreeVertexConfiguration {

    private static final long serialVersionUID = 1L;

    @Override
    public CapsuleLengthVertex clone() {
        return new CapsuleLengthVertex();
    }

    @Override
    protected int inputCount() {
        return 1;
    }

    @Override
    protected ParameterFreeVertex instantiate(ComputationGraph graph, String name, int index, DataType dataType) {
        return new Instance(graph, name, index, dataType);
    }

    @Override
    protected InputType outputType(InputType... inputs) throws InvalidInputTypeException {
        if (!(inputs[0] instanceof InputType.InputTypeRecurrent capsules)) {
            throw new InvalidInputTypeException("CapsuleLengthVertex expects capsules [batch, capsules, dimensions], "
                    + "got " + inputs[0]);
        }
        return InputType.feedForward(capsules.getSize());
    }

    /** The vertex in a network. */
    private static final class Instance extends WorkspaceScopedVertex {

        Instance(ComputationGraph graph, String name, int index, DataType dataType) {
            super(graph, name, index, dataType);
        }

        @Override
        INDArray forward(boolean training) {
            INDArray capsules = inputs[0];
            if (capsules.rank() != 3) {
                throw new IllegalArgumentException(this + ": expected capsules [batch, capsules, dimensions], got "
                        + "shape " + Arrays.toString(capsules.shape()));
            }
            return Transforms.sqrt(capsules.mul(capsules).sum(2), false);
        }

        @Override
        INDArray[] backward() {
            INDArray capsules = inputs[0];
            INDArray lengths = Transforms.sqrt(capsules.mul(capsules).sum(2), false);
            // d|v|/dv = v / |v|; a zero capsule (v = 0) gets 0 whatever the divisor.
            INDArray perCapsule = epsilon.div(Transforms.max(lengths, 1e-30, false));
            INDArray gradient = Nd4j.createUninitialized(capsules.dataType(), capsules.shape(), 'c');
            Nd4j.getExecutioner().exec(new BroadcastMulOp(capsules, perCapsule, gradient, 0, 1));
            return new INDArray[] {gradient};
        }
    }
}
