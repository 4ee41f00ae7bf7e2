package org.rtrain.models;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * A graph vertex that outputs chosen channels of its input, in a given order: {@code out[:, j] =
 * in[:, channels[j]]}, for NCHW images and for feed-forward activations.
 *
 * <p>It is PyTorch's {@code index_select} on the channel axis, which this project needs in three places:
 * splitting channels into the groups of a grouped convolution (DL4J's {@code SubsetVertex} reports a wrong
 * channel count for images in 1.0.0-M2.1: {@code from - to + 1}), selecting the input channels a condensed
 * learned group convolution keeps, and the channel shuffle after it. Channels are distinct, so the backward
 * pass scatters the gradient back without accumulation; a channel may be selected by several vertices fed
 * by the same input, and DL4J sums their gradients.
 */
public final class ChannelSelectVertex extends GraphVertex {

    private static final long serialVersionUID = 1L;

    @JsonProperty("channels")
    private final int[] channels;

    /**
     * @param channels the input channels to output, in output order: non-empty, non-negative, distinct
     */
    @JsonCreator
    public ChannelSelectVertex(@JsonProperty("channels") int[] channels) {
        if (channels == null || channels.length == 0) {
            throw new IllegalArgumentException("ChannelSelectVertex: channels must be a non-empty list");
        }
        Set<Integer> seen = new HashSet<>();
        for (int channel : channels) {
            if (channel < 0 || !seen.add(channel)) {
                throw new IllegalArgumentException("ChannelSelectVertex: channels must be distinct and >= 0, got "
                        + Arrays.toString(channels));
            }
        }
        this.channels = channels.clone();
    }

    /** The {@code count} channels starting at {@code from}. */
    public static ChannelSelectVertex range(int from, int count) {
        return new ChannelSelectVertex(IntStream.range(from, from + count).toArray());
    }

    /** The selected channels, in output order. */
    public int[] channels() {
        return channels.clone();
    }

    @Override
    public ChannelSelectVertex clone() {
        return new ChannelSelectVertex(channels);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelSelectVertex v && Arrays.equals(channels, v.channels);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(channels);
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
        return new ChannelSelectGraphVertex(graph, name, idx, channels, networkDatatype);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) throws InvalidInputTypeException {
        if (vertexInputs.length != 1) {
            throw new InvalidInputTypeException("ChannelSelectVertex takes one input, got "
                    + Arrays.toString(vertexInputs));
        }
        int largest = Arrays.stream(channels).max().orElseThrow();
        InputType in = vertexInputs[0];
        if (in instanceof InputType.InputTypeConvolutional conv) {
            if (conv.getFormat() != CNN2DFormat.NCHW) {
                throw new InvalidInputTypeException("ChannelSelectVertex selects channels of NCHW images, got " + in);
            }
            checkRange(largest, conv.getChannels(), in);
            return InputType.convolutional(conv.getHeight(), conv.getWidth(), channels.length, CNN2DFormat.NCHW);
        }
        if (in instanceof InputType.InputTypeFeedForward ff) {
            checkRange(largest, ff.getSize(), in);
            return InputType.feedForward(channels.length);
        }
        throw new InvalidInputTypeException("ChannelSelectVertex takes NCHW images or feed-forward activations, got "
                + in);
    }

    private static void checkRange(int largest, long available, InputType in) {
        if (largest >= available) {
            throw new InvalidInputTypeException("ChannelSelectVertex selects channel " + largest + " of an input with "
                    + available + " channels (" + in + ")");
        }
    }

    @Override
    public MemoryReport getMemoryReport(InputType... inputTypes) {
        InputType output = getOutputType(-1, inputTypes);
        return new LayerMemoryReport.Builder(null, ChannelSelectVertex.class, inputTypes[0], output)
                .standardMemory(0, 0).workingMemory(0, 0, 0, 0).cacheMemory(0, 0).build();
    }

    @Override
    public String toString() {
        return "ChannelSelectVertex(" + Arrays.toString(channels) + ")";
    }
}
