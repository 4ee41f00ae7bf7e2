package org.rtrain.models.layers;

import java.util.Arrays;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.rtrain.perturb.ParameterFreeVertex;

/** The runtime of {@link ChannelSelectVertex}: libnd4j's gather on axis 1, both ways. */
final class ChannelSelectGraphVertex extends ParameterFreeVertex {

    private final int[] channels;
    /** Indices of the selected channels, outside any workspace. */
    private final INDArray forwardIndices;
    /** For each input channel its position in the output, or the index of an appended zero channel. */
    private INDArray backwardIndices;
    private long[] inputShape;

    @SuppressWarnings("try") // the workspace scope is used for its side effect only
    ChannelSelectGraphVertex(ComputationGraph graph, String name, int index, int[] channels, DataType dataType) {
        super(graph, name, index, dataType);
        this.channels = channels.clone();
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            this.forwardIndices = Nd4j.createFromArray(channels);
        }
    }

    @Override
    protected INDArray forward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        INDArray input = inputs[0];
        if (input.rank() != 2 && input.rank() != 4) {
            throw new IllegalStateException("ChannelSelectVertex '" + vertexName + "' takes [batch, channels] or NCHW "
                    + "activations, got shape " + Arrays.toString(input.shape()));
        }
        int largest = Arrays.stream(channels).max().orElseThrow();
        if (largest >= input.size(1)) {
            throw new IllegalStateException("ChannelSelectVertex '" + vertexName + "' selects channel " + largest
                    + " of an input with shape " + Arrays.toString(input.shape()));
        }
        inputShape = input.shape().clone();
        long[] outShape = input.shape().clone(); // shape() is the array's own cached shape
        outShape[1] = channels.length;
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, input.dataType(), outShape, 'c');
        gather(input, forwardIndices, out);
        return out;
    }

    @Override
    protected INDArray[] backward(LayerWorkspaceMgr workspaceMgr) {
        // Append one zero channel to the gradient, then gather: unselected input channels read the zeros.
        long[] paddedShape = epsilon.shape().clone();
        paddedShape[1] = channels.length + 1;
        INDArray padded = workspaceMgr.create(ArrayType.BP_WORKING_MEM, epsilon.dataType(), paddedShape, 'c');
        INDArrayIndex[] firstChannels = new INDArrayIndex[epsilon.rank()];
        Arrays.fill(firstChannels, NDArrayIndex.all());
        firstChannels[1] = NDArrayIndex.interval(0, channels.length);
        padded.put(firstChannels, epsilon);
        INDArray gradient = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, epsilon.dataType(), inputShape,
                'c');
        gather(padded, backwardIndices((int) inputShape[1]), gradient);
        return new INDArray[] {gradient};
    }

    @SuppressWarnings("try") // the workspace scope is used for its side effect only
    private INDArray backwardIndices(int inputChannels) {
        if (backwardIndices == null || backwardIndices.length() != inputChannels) {
            int[] positions = new int[inputChannels];
            Arrays.fill(positions, channels.length);
            for (int j = 0; j < channels.length; j++) {
                positions[channels[j]] = j;
            }
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                backwardIndices = Nd4j.createFromArray(positions);
            }
        }
        return backwardIndices;
    }

    private static void gather(INDArray source, INDArray indices, INDArray target) {
        Nd4j.exec(DynamicCustomOp.builder("gather").addInputs(source, indices).addIntegerArguments(1)
                .addOutputs(target).build());
    }

    @Override
    public String toString() {
        return "ChannelSelectVertex(name=\"" + vertexName + "\", channels=" + Arrays.toString(channels) + ")";
    }
}
