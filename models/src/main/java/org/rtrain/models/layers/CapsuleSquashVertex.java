package org.rtrain.models.layers;

import java.util.Arrays;
import java.util.Objects;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.rtrain.perturb.ParameterFreeVertex;
import org.rtrain.perturb.ParameterFreeVertexConfiguration;

/**
 * Turns a convolution's output into primary capsules: each group of {@code capsuleDimensions}
 * consecutive channels at one position is one capsule, squashed to a length in [0, 1).
 *
 * <p>From Sabour, Frosst and Hinton, "Dynamic Routing Between Capsules" (NIPS 2017), equation 1
 * ({@link Squash}). Put it after the primary capsules' convolution (256 = 32 x 8 channels in the
 * paper) and before a {@link CapsuleRoutingLayer}: it outputs {@code [batch, capsules,
 * capsuleDimensions]}, a recurrent input type of size
 * {@code capsules = channels * height * width / capsuleDimensions}.
 *
 * <p>DL4J's {@code PrimaryCapsules} layer is not used: it neither squashes nor groups channels (in
 * its channels-first reshape a capsule holds neighbouring pixels of one channel), it cannot carry
 * the sign perturbation, and, like DL4J 1.0.0-M2.1's other SameDiff layers measured here, it would
 * double the gradient it backpropagates. This vertex computes its own gradient and lets an ordinary
 * {@code ConvolutionLayer} do the convolution.
 */
public final class CapsuleSquashVertex extends ParameterFreeVertexConfiguration {

    private static final long serialVersionUID = 1L;

    @JsonProperty("capsuleDimensions")
    private final int capsuleDimensions;
    @JsonProperty("format")
    private final CNN2DFormat format;

    /**
     * @param capsuleDimensions values per capsule; must divide the input's channels
     * @param format            layout of the convolution output this vertex reads
     */
    @JsonCreator
    public CapsuleSquashVertex(@JsonProperty("capsuleDimensions") int capsuleDimensions,
                               @JsonProperty("format") CNN2DFormat format) {
        if (capsuleDimensions < 1) {
            throw new IllegalArgumentException("CapsuleSquashVertex capsuleDimensions must be >= 1, got "
                    + capsuleDimensions);
        }
        this.capsuleDimensions = capsuleDimensions;
        this.format = Objects.requireNonNull(format, "format");
    }

    @Override
    public CapsuleSquashVertex clone() {
        return new CapsuleSquashVertex(capsuleDimensions, format);
    }

    @Override
    protected Object[] properties() {
        return new Object[] {capsuleDimensions, format};
    }

    @Override
    public String toString() {
        return "CapsuleSquashVertex(capsuleDimensions=" + capsuleDimensions + ", " + format + ")";
    }

    @Override
    protected int inputCount() {
        return 1;
    }

    @Override
    protected ParameterFreeVertex instantiate(ComputationGraph graph, String name, int index, DataType dataType) {
        return new Instance(graph, name, index, dataType, capsuleDimensions, format);
    }

    @Override
    protected InputType outputType(InputType... inputs) throws InvalidInputTypeException {
        if (!(inputs[0] instanceof InputType.InputTypeConvolutional conv)) {
            throw new InvalidInputTypeException("CapsuleSquashVertex expects a convolutional input, got " + inputs[0]);
        }
        if (conv.getFormat() != format) {
            throw new InvalidInputTypeException("CapsuleSquashVertex is set for " + format + " input, got " + conv);
        }
        if (conv.getChannels() % capsuleDimensions != 0) {
            throw new InvalidInputTypeException("CapsuleSquashVertex: " + conv.getChannels()
                    + " channels do not split into capsules of " + capsuleDimensions);
        }
        return InputType.recurrent(conv.getChannels() * conv.getHeight() * conv.getWidth() / capsuleDimensions,
                capsuleDimensions);
    }

    /** The vertex in a network. */
    private static final class Instance extends WorkspaceScopedVertex {

        private final int capsuleDimensions;
        private final CNN2DFormat format;

        Instance(ComputationGraph graph, String name, int index, DataType dataType, int capsuleDimensions,
                 CNN2DFormat format) {
            super(graph, name, index, dataType);
            this.capsuleDimensions = capsuleDimensions;
            this.format = format;
        }

        /** The input as capsules {@code s}, {@code [batch, capsules, dimensions]}. */
        private INDArray capsules() {
            INDArray input = inputs[0];
            int channelAxis = format == CNN2DFormat.NCHW ? 1 : 3;
            if (input.rank() != 4 || input.size(channelAxis) % capsuleDimensions != 0) {
                throw new IllegalArgumentException(this + ": expected " + format + " activations whose channels "
                        + "split into capsules of " + capsuleDimensions + ", got shape "
                        + Arrays.toString(input.shape()));
            }
            // Channels last puts a capsule's values (consecutive channels at one position) next to each other.
            INDArray channelsLast = (format == CNN2DFormat.NCHW ? input.permute(0, 2, 3, 1) : input).dup('c');
            return channelsLast.reshape('c', input.size(0), input.length() / input.size(0) / capsuleDimensions,
                    capsuleDimensions);
        }

        @Override
        INDArray forward(boolean training) {
            return Squash.forward(capsules());
        }

        @Override
        INDArray[] backward() {
            INDArray s = capsules();
            INDArray gradient = Squash.backward(s, epsilon.reshape('c', s.shape()));
            long[] inputShape = inputs[0].shape();
            if (format == CNN2DFormat.NCHW) {
                return new INDArray[] {gradient.reshape('c', inputShape[0], inputShape[2], inputShape[3],
                        inputShape[1]).permute(0, 3, 1, 2).dup('c')};
            }
            return new INDArray[] {gradient.reshape('c', inputShape)};
        }
    }
}
