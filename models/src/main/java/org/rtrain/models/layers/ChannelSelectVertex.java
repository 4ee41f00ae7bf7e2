package org.rtrain.models.layers;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.rtrain.perturb.ParameterFreeVertex;
import org.rtrain.perturb.ParameterFreeVertexConfiguration;

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
public final class ChannelSelectVertex extends ParameterFreeVertexConfiguration {

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
    protected Object[] properties() {
        return new Object[] {channels};
    }

    @Override
    protected int inputCount() {
        return 1;
    }

    @Override
    protected ParameterFreeVertex instantiate(ComputationGraph graph, String name, int index, DataType dataType) {
        return new ChannelSelectGraphVertex(graph, name, index, channels, dataType);
    }

    @Override
    protected InputType outputType(InputType... inputs) throws InvalidInputTypeException {
        int largest = Arrays.stream(channels).max().orElseThrow();
        InputType in = inputs[0];
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
}
