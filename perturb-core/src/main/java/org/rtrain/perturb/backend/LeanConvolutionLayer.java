package org.rtrain.perturb.backend;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The runtime of {@link LeanConvolution}: DL4J's convolution layer (with its native helper), whose backward pass
 * skips the forward recomputation for the identity activation and, when the configuration says so, the input
 * gradient.
 */
final class LeanConvolutionLayer extends ConvolutionLayer {

    private static final long serialVersionUID = 1L;

    /** The incoming gradient during a backward pass that stands in for the recomputed pre-activation. */
    private transient INDArray gradientInPlaceOfPreOutput;

    LeanConvolutionLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        if (!((LeanConvolution) layerConf()).isInputGradient()) {
            return parameterGradient(epsilon, workspaceMgr);
        }
        if (!(layerConf().getActivationFn() instanceof ActivationIdentity) || !onNativeHelper()) {
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        // DL4J recomputes the pre-activation only to pass it to the activation's backprop, which for the identity
        // returns the incoming gradient after checking that the two shapes match: that gradient serves as well.
        gradientInPlaceOfPreOutput = epsilon;
        try {
            return super.backpropGradient(epsilon, workspaceMgr);
        } finally {
            gradientInPlaceOfPreOutput = null;
        }
    }

    @Override
    protected Pair<INDArray, INDArray> preOutput4d(boolean training, boolean forBackprop,
                                                   LayerWorkspaceMgr workspaceMgr) {
        if (forBackprop && gradientInPlaceOfPreOutput != null) {
            return new Pair<>(gradientInPlaceOfPreOutput, null);
        }
        return super.preOutput4d(training, forBackprop, workspaceMgr);
    }

    /** Whether DL4J's layer runs its forward and backward passes on the native helper, as it decides. */
    private boolean onNativeHelper() {
        return helper != null && (helperCountFail == 0 || !layerConf().isCudnnAllowFallback());
    }

    /**
     * The weight and bias gradients alone, by one gemm: {@code [dW; db] = [im2col(input); 1] * delta}, where row
     * {@code (kh, kw, c)} of im2col holds input channel {@code c} at kernel offset {@code (kh, kw)} for every output
     * position {@code (n, y, x)}, and {@code delta[(n, y, x), o]} is the gradient at the pre-activation.
     */
    private Pair<Gradient, INDArray> parameterGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        org.deeplearning4j.nn.conf.layers.ConvolutionLayer conf = layerConf();
        boolean channelsLast = conf.getCnn2dDataFormat() == CNN2DFormat.NHWC;
        INDArray delta = epsilon.castTo(dataType);
        IActivation activation = conf.getActivationFn();
        if (!(activation instanceof ActivationIdentity)) {
            delta = activation.backprop(super.preOutput4d(true, true, workspaceMgr).getFirst(), delta).getFirst();
        }
        // NCHW views from here on: input [n, c, h, w], delta [n, o, outH, outW].
        INDArray in = channelsLast ? input.castTo(dataType).permute(0, 3, 1, 2) : input.castTo(dataType);
        if (channelsLast) {
            delta = delta.permute(0, 3, 1, 2);
        }
        long miniBatch = in.size(0);
        long inDepth = in.size(1);
        long outDepth = delta.size(1);
        int outH = (int) delta.size(2);
        int outW = (int) delta.size(3);
        int[] kernel = conf.getKernelSize();
        int[] strides = conf.getStride();
        int[] dilation = conf.getDilation();
        int[] pad = convolutionMode == ConvolutionMode.Same
                ? ConvolutionUtils.getSameModeTopLeftPadding(new int[] {outH, outW},
                new int[] {(int) in.size(2), (int) in.size(3)}, kernel, strides, dilation)
                : conf.getPadding();
        // A window (one kernel offset, every output position) spans span[i] input rows or columns; all of them,
        // extent[i]. Zero padding makes every window lie inside the input.
        int[] span = {(outH - 1) * strides[0] + 1, (outW - 1) * strides[1] + 1};
        int[] extent = {span[0] + (kernel[0] - 1) * dilation[0], span[1] + (kernel[1] - 1) * dilation[1]};
        int padBottom = Math.max(0, extent[0] - (int) in.size(2) - pad[0]);
        int padRight = Math.max(0, extent[1] - (int) in.size(3) - pad[1]);
        if (pad[0] > 0 || pad[1] > 0 || padBottom > 0 || padRight > 0) {
            in = Nd4j.pad(in, new int[][] {{0, 0}, {0, 0}, {pad[0], padBottom}, {pad[1], padRight}});
        }

        long patch = inDepth * kernel[0] * kernel[1];
        long positions = miniBatch * outH * outW;
        INDArray columns = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, dataType,
                new long[] {patch + 1, positions}, 'c');
        for (int kh = 0; kh < kernel[0]; kh++) {
            for (int kw = 0; kw < kernel[1]; kw++) {
                long row = (long) (kh * kernel[1] + kw) * inDepth;
                int top = kh * dilation[0];
                int left = kw * dilation[1];
                INDArray window = in.get(NDArrayIndex.all(), NDArrayIndex.all(),
                        NDArrayIndex.interval(top, strides[0], top + span[0]),
                        NDArrayIndex.interval(left, strides[1], left + span[1]));
                columns.get(NDArrayIndex.interval(row, row + inDepth), NDArrayIndex.all())
                        .reshape('c', inDepth, miniBatch, outH, outW).assign(window.permute(1, 0, 2, 3));
            }
        }
        columns.getRow(patch).assign(1.0);
        INDArray delta2d = delta.permute(0, 2, 3, 1).reshape('c', positions, outDepth);
        INDArray product = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, dataType,
                new long[] {patch + 1, outDepth}, 'c');
        Nd4j.gemm(columns, delta2d, product, false, false, 1.0, 0.0);

        INDArray weightGradView = gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY);
        weightGradView.assign(product.get(NDArrayIndex.interval(0, patch), NDArrayIndex.all())
                .reshape('c', kernel[0], kernel[1], inDepth, outDepth).permute(3, 2, 0, 1));
        Gradient result = new DefaultGradient();
        if (conf.hasBias()) {
            INDArray biasGradView = gradientViews.get(ConvolutionParamInitializer.BIAS_KEY);
            biasGradView.assign(product.getRow(patch).reshape(biasGradView.shape()));
            result.setGradientFor(ConvolutionParamInitializer.BIAS_KEY, biasGradView);
        }
        result.setGradientFor(ConvolutionParamInitializer.WEIGHT_KEY, weightGradView, 'c');
        weightNoiseParams.clear();
        return new Pair<>(result, null);
    }
}
