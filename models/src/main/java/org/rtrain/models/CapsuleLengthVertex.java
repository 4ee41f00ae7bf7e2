package org.rtrain.models;

import java.util.Arrays;

import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The length of each capsule, {@code [batch, capsules, dimensions] -> [batch, capsules]}: a capsule
 * network's class scores (Sabour, Frosst and Hinton, "Dynamic Routing Between Capsules", NIPS
 * 2017). It replaces DL4J's {@code CapsuleStrengthLayer}, which, like DL4J 1.0.0-M2.1's other
 * SameDiff layers measured here, doubles the gradient it backpropagates. The gradient of a
 * zero-length capsule is taken as 0.
 */
public final class CapsuleLengthVertex extends GraphVertex {

    private static final long serialVersionUID = 1L;

    @Override
    public CapsuleLengthVertex clone() {
        return new CapsuleLengthVertex();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CapsuleLengthVertex;
    }

    @Override
    public int hashCode() {
        return CapsuleLengthVertex.class.hashCode();
    }

    @Override
    public String toString() {
        return "CapsuleLengthVertex()";
    }

    @Override
    public long numParams(boolean backprop) {
        return 0;
    }

    @Override
    public int minVertexInputs() {
        return 1;
    }

    @Override
    public int maxVertexInputs() {
        return 1;
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
                                                                      INDArray paramsView, boolean initializeParams,
                                                                      DataType networkDatatype) {
        return new Instance(graph, name, idx, networkDatatype);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) throws InvalidInputTypeException {
        if (vertexInputs.length != 1 || !(vertexInputs[0] instanceof InputType.InputTypeRecurrent capsules)) {
            throw new InvalidInputTypeException("CapsuleLengthVertex expects capsules [batch, capsules, dimensions], "
                    + "got " + Arrays.toString(vertexInputs));
        }
        return InputType.feedForward(capsules.getSize());
    }

    @Override
    public MemoryReport getMemoryReport(InputType... inputTypes) {
        return new LayerMemoryReport.Builder(null, CapsuleLengthVertex.class, inputTypes[0],
                getOutputType(-1, inputTypes)).standardMemory(0, 0).workingMemory(0, 0, 0, 0).cacheMemory(0, 0)
                .build();
    }

    /** The vertex in a network. */
    private static final class Instance extends ParameterFreeVertex {

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
