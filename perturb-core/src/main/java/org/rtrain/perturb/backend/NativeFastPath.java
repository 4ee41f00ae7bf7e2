package org.rtrain.perturb.backend;

import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.LayerHelper;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.convolution.DepthwiseConvolution2DLayer;
import org.deeplearning4j.nn.layers.convolution.SeparableConvolution2DLayer;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Puts DL4J's convolution, pooling and batch-norm layers on libnd4j's native kernels: oneDNN on
 * CPU, cuDNN with the {@code linux-x86_64-cudnn} build of nd4j-cuda.
 *
 * <p>DL4J 1.0.0-M2.1 has the code for this (its layer "helpers" call libnd4j's {@code conv2d},
 * pooling and batch-norm ops) but never uses it: helper creation is off unless the system property
 * {@value #HELPERS_DISABLE_PROPERTY} is {@code false}; on CPU the oneDNN helper then checks a class
 * that M2.1 moved ({@code org.nd4j.nativeblas.Nd4jCpu$Environment}, now under
 * {@code org.nd4j.linalg.cpu.nativecpu.bindings}), so the check fails; on CUDA the cuDNN helper
 * classes lived in {@code deeplearning4j-cuda}, which is not published for M2.1. Without helpers the
 * layers run im2col + gemm.
 *
 * <p>This module ships the classes DL4J looks up under their expected names
 * ({@code org.nd4j.nativeblas.Nd4jCpu}, {@code org.deeplearning4j.cuda.*}: the CUDA ones reuse the
 * backend-neutral helper code, which calls libnd4j ops). {@link #enable()} turns helper creation on;
 * it must run before a network is initialised, and every network builder of this project calls it.
 * Users who build their own networks call it once at start-up.
 */
public final class NativeFastPath {

    /** DL4J's switch for layer helpers; DL4J reads it each time a layer is created. */
    public static final String HELPERS_DISABLE_PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";

    private NativeFastPath() {
    }

    /**
     * Lets DL4J layers created from now on use the native helpers, unless the user set
     * {@value #HELPERS_DISABLE_PROPERTY} explicitly (to {@code true}, to measure the stock path).
     */
    public static void enable() {
        if (System.getProperty(HELPERS_DISABLE_PROPERTY) == null) {
            System.setProperty(HELPERS_DISABLE_PROPERTY, "false");
        }
        Nd4j.getEnvironment().allowHelpers(true);
    }

    /** True when layers created now get native helpers. */
    public static boolean isEnabled() {
        return !Boolean.parseBoolean(System.getProperty(HELPERS_DISABLE_PROPERTY, "true"))
                && Nd4j.getEnvironment().helpersAllowed();
    }

    /** The layers of {@code network} that have a native helper in DL4J but are not on it. */
    public static List<String> layersOffFastPath(MultiLayerNetwork network) {
        return layersOffFastPath(network.getLayers());
    }

    /** The layers of {@code network} that have a native helper in DL4J but are not on it. */
    public static List<String> layersOffFastPath(ComputationGraph network) {
        return layersOffFastPath(network.getLayers());
    }

    /**
     * Fails when a convolution, pooling or batch-norm layer of {@code network} runs without its
     * native helper.
     */
    public static void requireOnFastPath(MultiLayerNetwork network) {
        requireEmpty(layersOffFastPath(network));
    }

    /**
     * Fails when a convolution, pooling or batch-norm layer of {@code network} runs without its
     * native helper.
     */
    public static void requireOnFastPath(ComputationGraph network) {
        requireEmpty(layersOffFastPath(network));
    }

    private static void requireEmpty(List<String> off) {
        if (!off.isEmpty()) {
            throw new IllegalStateException("Layers not on the native (oneDNN/cuDNN) path: " + off
                    + ". Call NativeFastPath.enable() before network.init(), and do not set -D"
                    + HELPERS_DISABLE_PROPERTY + "=true");
        }
    }

    private static List<String> layersOffFastPath(Layer[] layers) {
        List<String> off = new ArrayList<>();
        for (Layer layer : layers) {
            // DL4J has no helper for depthwise and separable convolutions (subclasses of ConvolutionLayer).
            boolean hasNativeHelper = (layer instanceof ConvolutionLayer && !(layer instanceof DepthwiseConvolution2DLayer)
                    && !(layer instanceof SeparableConvolution2DLayer)) || layer instanceof SubsamplingLayer
                    || layer instanceof BatchNormalization;
            LayerHelper helper = layer.getHelper();
            if (hasNativeHelper && (helper == null || !helper.checkSupported())) {
                off.add(layer.getIndex() + ":" + layer.conf().getLayer().getLayerName() + " ("
                        + layer.getClass().getSimpleName() + ")");
            }
        }
        return off;
    }
}
