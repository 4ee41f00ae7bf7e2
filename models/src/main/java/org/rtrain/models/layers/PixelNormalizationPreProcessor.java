package org.rtrain.models.layers;

import java.util.Arrays;
import java.util.Objects;

import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Applies a {@link PixelNormalization} to a network's image input: {@code (x - mean[c]) / std[c]}
 * per channel, and divides the gradient by {@code std[c]} on the way back.
 *
 * <p>Set on the first layer of a zoo network, it lets the network take pixels in [0, 1], so that
 * attacks and disturbances work in pixel space and an attack's epsilon means the same on every
 * dataset, while the layers see the normalised data they were designed for. A sign perturbation placed
 * "on the input" acts on the normalised input: DL4J applies a layer's preprocessor before its
 * {@code IDropout}, and on graphs the perturbation vertex takes the preprocessor over from the layer.
 */
public final class PixelNormalizationPreProcessor implements InputPreProcessor {

    private static final long serialVersionUID = 1L;

    @JsonProperty("mean")
    private final double[] mean;
    @JsonProperty("std")
    private final double[] std;
    @JsonProperty("format")
    private final CNN2DFormat format;

    @JsonCreator
    public PixelNormalizationPreProcessor(@JsonProperty("mean") double[] mean, @JsonProperty("std") double[] std,
                                          @JsonProperty("format") CNN2DFormat format) {
        PixelNormalization checked = new PixelNormalization(Arrays.stream(mean).boxed().toList(),
                Arrays.stream(std).boxed().toList());
        this.mean = checked.mean().stream().mapToDouble(Double::doubleValue).toArray();
        this.std = checked.std().stream().mapToDouble(Double::doubleValue).toArray();
        this.format = Objects.requireNonNull(format, "format");
    }

    /** The preprocessor for {@code normalization} of images laid out as {@code format}. */
    public static PixelNormalizationPreProcessor of(PixelNormalization normalization, CNN2DFormat format) {
        return new PixelNormalizationPreProcessor(normalization.mean().stream().mapToDouble(Double::doubleValue).toArray(),
                normalization.std().stream().mapToDouble(Double::doubleValue).toArray(), format);
    }

    @Override
    public INDArray preProcess(INDArray input, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        checkShape(input);
        INDArray scale = Nd4j.createFromArray(Arrays.stream(std).map(s -> 1.0 / s).toArray()).castTo(input.dataType());
        INDArray shift = Nd4j.createFromArray(perChannel(c -> -mean[c] / std[c])).castTo(input.dataType());
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, input.dataType(), input.shape(), 'c');
        Nd4j.getExecutioner().exec(new BroadcastMulOp(input, scale, out, channelAxis()));
        Nd4j.getExecutioner().exec(new BroadcastAddOp(out, shift, out, channelAxis()));
        return out;
    }

    @Override
    public INDArray backprop(INDArray output, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        INDArray scale = Nd4j.createFromArray(Arrays.stream(std).map(s -> 1.0 / s).toArray()).castTo(output.dataType());
        INDArray gradient = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, output.dataType(),
                output.shape(), 'c');
        Nd4j.getExecutioner().exec(new BroadcastMulOp(output, scale, gradient, channelAxis()));
        return gradient;
    }

    @Override
    public PixelNormalizationPreProcessor clone() {
        return new PixelNormalizationPreProcessor(mean.clone(), std.clone(), format);
    }

    @Override
    public InputType getOutputType(InputType inputType) {
        return inputType;
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray, MaskState currentMaskState,
                                                          int minibatchSize) {
        return new Pair<>(maskArray, currentMaskState);
    }

    /** The normalisation applied. */
    public PixelNormalization normalization() {
        return new PixelNormalization(Arrays.stream(mean).boxed().toList(), Arrays.stream(std).boxed().toList());
    }

    private int channelAxis() {
        return format == CNN2DFormat.NCHW ? 1 : 3;
    }

    private void checkShape(INDArray input) {
        if (input.rank() != 4 || input.size(channelAxis()) != mean.length) {
            throw new IllegalArgumentException("PixelNormalizationPreProcessor: expected " + format + " images with "
                    + mean.length + " channels, got shape " + Arrays.toString(input.shape()));
        }
    }

    private double[] perChannel(java.util.function.IntToDoubleFunction value) {
        double[] values = new double[mean.length];
        for (int c = 0; c < values.length; c++) {
            values[c] = value.applyAsDouble(c);
        }
        return values;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PixelNormalizationPreProcessor p && Arrays.equals(mean, p.mean)
                && Arrays.equals(std, p.std) && format == p.format;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(mean), Arrays.hashCode(std), format);
    }

    @Override
    public String toString() {
        return "PixelNormalizationPreProcessor(mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std)
                + ", " + format + ")";
    }
}
