package org.rtrain.models.layers;

import java.util.Arrays;

import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.rtrain.perturb.ParameterFreeVertex;
import org.rtrain.perturb.ParameterFreeVertexConfiguration;

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
public final class CapsuleMaskVertex extends ParameterFreeVertexConfiguration {

    private static final long serialVersionUID = 1L;

    @Override
    public CapsuleMaskVertex clone() {
        return new CapsuleMaskVertex();
    }

    @Override
    protected int inputCount() {
        return 2;
    }

    @Override
    protected ParameterFreeVertex instantiate(ComputationGraph graph, String name, int index, DataType dataType) {
        return new Instance(graph, name, index, dataType);
    }

    @Override
    protected InputType outputType(InputType... inputs) throws InvalidInputTypeException {
        if (!(inputs[0] instanceof InputType.InputTypeRecurrent capsules) || inputs[1].getType() != InputType.Type.FF) {
            throw new InvalidInputTypeException("CapsuleMaskVertex takes capsules [batch, classes, dimensions] and "
                    + "a label [batch, classes], got " + Arrays.toString(inputs));
        }
        long classes = ((InputType.InputTypeFeedForward) inputs[1]).getSize();
        if (capsules.getSize() != classes) {
            throw new InvalidInputTypeException("CapsuleMaskVertex: " + capsules.getSize() + " capsules but "
                    + classes + " label columns");
        }
        return InputType.feedForward(capsules.getSize() * capsules.getTimeSeriesLength());
    }

    /** The vertex in a network. */
    private static final class Instance extends WorkspaceScopedVertex {

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
