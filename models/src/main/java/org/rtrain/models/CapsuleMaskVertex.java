package org.rtrain.models;

import java.util.Arrays;

import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Masks class capsules by a label before the reconstruction decoder of a capsule network: the
 * output is the capsules {@code [batch, classes, dimensions]} multiplied by the label
 * {@code [batch, classes]} and flattened to {@code [batch, classes * dimensions]}, so with a
 * one-hot label only the labelled class's capsule reaches the decoder.
 *
 * <p>From Sabour, Frosst and Hinton, "Dynamic Routing Between Capsules" (NIPS 2017), section 4.1:
 * in training the decoder sees the capsule of the true class only. The authors' code masks by the
 * label at test time too, so the vertex always uses the label it is given; to reconstruct from the
 * predicted class, feed the one-hot prediction as the label. Inputs: capsules first, label second.
 */
public final class CapsuleMaskVertex extends GraphVertex {

    private static final long serialVersionUID = 1L;

    @Override
    public CapsuleMaskVertex clone() {
        return new CapsuleMaskVertex();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CapsuleMaskVertex;
    }

    @Override
    public int hashCode() {
        return CapsuleMaskVertex.class.hashCode();
    }

    @Override
    public String toString() {
        return "CapsuleMaskVertex()";
    }

    @Override
    public long numParams(boolean backprop) {
        return 0;
    }

    @Override
    public int minVertexInputs() {
        return 2;
    }

    @Override
    public int maxVertexInputs() {
        return 2;
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
                                                                      INDArray paramsView, boolean initializeParams,
                                                                      DataType networkDatatype) {
        return new Instance(graph, name, idx, networkDatatype);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) throws InvalidInputTypeException {
        if (vertexInputs.length != 2 || !(vertexInputs[0] instanceof InputType.InputTypeRecurrent capsules)
                || vertexInputs[1].getType() != InputType.Type.FF) {
            throw new InvalidInputTypeException("CapsuleMaskVertex takes capsules [batch, classes, dimensions] and "
                    + "a label [batch, classes], got " + Arrays.toString(vertexInputs));
        }
        long classes = ((InputType.InputTypeFeedForward) vertexInputs[1]).getSize();
        if (capsules.getSize() != classes) {
            throw new InvalidInputTypeException("CapsuleMaskVertex: " + capsules.getSize() + " capsules but "
                    + classes + " label columns");
        }
        return InputType.feedForward(capsules.getSize() * capsules.getTimeSeriesLength());
    }

    @Override
    public MemoryReport getMemoryReport(InputType... inputTypes) {
        InputType out = getOutputType(-1, inputTypes);
        return new LayerMemoryReport.Builder(null, CapsuleMaskVertex.class, inputTypes[0], out)
                .standardMemory(0, 0).workingMemory(0, 0, 0, 0).cacheMemory(0, 0).build();
    }

    /** The vertex in a network. */
    private static final class Instance extends ParameterFreeVertex {

        Instance(ComputationGraph graph, String name, int index, DataType dataType) {
            super(graph, name, index, dataType);
        }

        @Override
        INDArray forward(boolean training) {
            INDArray capsules = inputs[0];
            INDArray label = inputs[1];
            if (capsules.rank() != 3 || label.rank() != 2 || capsules.size(0) != label.size(0)
                    || capsules.size(1) != label.size(1)) {
                throw new IllegalArgumentException(this + ": expected capsules [batch, classes, dimensions] and "
                        + "label [batch, classes], got " + Arrays.toString(capsules.shape()) + " and "
                        + Arrays.toString(label.shape()));
            }
            INDArray masked = Nd4j.createUninitialized(capsules.dataType(), capsules.shape(), 'c');
            Nd4j.getExecutioner().exec(new BroadcastMulOp(capsules, label.castTo(capsules.dataType()), masked, 0, 1));
            return masked.reshape('c', capsules.size(0), capsules.size(1) * capsules.size(2));
        }

        @Override
        INDArray[] backward() {
            INDArray capsules = inputs[0];
            INDArray gradient = epsilon.reshape('c', capsules.shape());
            INDArray capsuleGradient = Nd4j.createUninitialized(capsules.dataType(), capsules.shape(), 'c');
            Nd4j.getExecutioner().exec(new BroadcastMulOp(gradient, inputs[1].castTo(capsules.dataType()),
                    capsuleGradient, 0, 1));
            INDArray labelGradient = gradient.mul(capsules).sum(2).castTo(inputs[1].dataType());
            return new INDArray[] {capsuleGradient, labelGradient};
        }

        @Override
        public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] maskArrays, MaskState currentMaskState,
                                                               int minibatchSize) {
            return null;
        }
    }
}
