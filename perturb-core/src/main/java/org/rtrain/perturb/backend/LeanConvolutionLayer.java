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
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.convolution.Convolution;
import org.nd4j.linalg.factory.Nd4j;

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
     * The weight and bias gradients alone: {@code dW[o, (c, kh, kw)] = sum over (n, y, x) of delta[n, y, x, o] *
     * im2col(input)[(n, y, x), (c, kh, kw)]} and {@code db[o] = sum over (n, y, x) of delta[n, y, x, o]}.
     */
    private Pair<Gradient, INDArray> parameterGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        if (getIndex() != 0) {
            throw new IllegalStateException("LeanConvolution '" + layerConf().getLayerName() + "' (layer "
                    + getIndex() + ") computes no input gradient, so it must be a network's first layer");
        }
        org.deeplearning4j.nn.conf.layers.ConvolutionLayer conf = layerConf();
        boolean channelsLast = conf.getCnn2dDataFormat() == CNN2DFormat.NHWC;
        INDArray in = input.castTo(dataType);
        INDArray gradient = epsilon.castTo(dataType);
        if (channelsLast) {
            in = in.permute(0, 3, 1, 2);
            gradient = gradient.permute(0, 3, 1, 2);
        }
        // From here on, NCHW views: input [n, c, h, w], gradient [n, o, outH, outW].
        IActivation activation = conf.getActivationFn();
        INDArray delta = gradient;
        if (!(activation instanceof ActivationIdentity)) {
            INDArray preOutput = super.preOutput4d(true, true, workspaceMgr).getFirst();
            delta = activation.backprop(channelsLast ? preOutput.permute(0, 3, 1, 2) : preOutput, gradient)
                    .getFirst();
        }
        long miniBatch = in.size(0);
        int inH = (int) in.size(2);
        int inW = (int) in.size(3);
        long outDepth = delta.size(1);
        int outH = (int) delta.size(2);
        int outW = (int) delta.size(3);
        long inDepth = in.size(1);
        int[] kernel = conf.getKernelSize();
        int[] strides = conf.getStride();
        int[] dilation = conf.getDilation();
        int[] pad = convolutionMode == ConvolutionMode.Same
                ? ConvolutionUtils.getSameModeTopLeftPadding(new int[] {outH, outW}, new int[] {inH, inW}, kernel,
                strides, dilation)
                : conf.getPadding();

        // im2col into [n, outH, outW, c, kH, kW] (c order), written through the permuted view im2col expects.
        INDArray columns = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, dataType,
                new long[] {miniBatch, outH, outW, inDepth, kernel[0], kernel[1]}, 'c');
        Convolution.im2col(in, kernel[0], kernel[1], strides[0], strides[1], pad[0], pad[1], dilation[0],
                dilation[1], convolutionMode == ConvolutionMode.Same, columns.permute(0, 3, 4, 5, 1, 2));
        INDArray columns2d = columns.reshape('c', miniBatch * outH * outW, inDepth * kernel[0] * kernel[1]);
        INDArray delta2d = delta.permute(0, 2, 3, 1).reshape('c', miniBatch * outH * outW, outDepth);

        INDArray weightGradView = gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY);
        INDArray weightGrad2d = Shape.newShapeNoCopy(weightGradView,
                new long[] {outDepth, inDepth * kernel[0] * kernel[1]}, false);
        Nd4j.gemm(delta2d, columns2d, weightGrad2d, true, false, 1.0, 0.0);
        Gradient result = new DefaultGradient();
        if (conf.hasBias()) {
            INDArray biasGradView = gradientViews.get(ConvolutionParamInitializer.BIAS_KEY);
            biasGradView.assign(delta2d.sum(0).reshape(biasGradView.shape()));
            result.setGradientFor(ConvolutionParamInitializer.BIAS_KEY, biasGradView);
        }
        result.setGradientFor(ConvolutionParamInitializer.WEIGHT_KEY, weightGradView, 'c');
        weightNoiseParams.clear();
        return new Pair<>(result, null);
    }
}
