package org.rtrain.attacks.gradient;

import java.util.function.Consumer;

import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The first layer's input preprocessor (or the identity when it has none) that hands the gradient
 * flowing back through it, a copy outside any workspace, to a consumer: how {@link TrainingPassGradient}
 * reads a MultiLayerNetwork's input gradient from the same backward pass that computes its parameter
 * gradient. Used only inside the training twin, never serialised.
 */
final class GradientProbePreProcessor implements InputPreProcessor {

    private static final long serialVersionUID = 1L;

    private final InputPreProcessor inner;
    private final transient Consumer<INDArray> sink;

    /** A probe in front of {@code inner}, which may be null (no preprocessor). */
    GradientProbePreProcessor(InputPreProcessor inner, Consumer<INDArray> sink) {
        this.inner = inner;
        this.sink = sink;
    }

    @Override
    public INDArray preProcess(INDArray input, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        return inner == null ? input : inner.preProcess(input, miniBatchSize, workspaceMgr);
    }

    @Override
    public INDArray backprop(INDArray output, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        INDArray gradient = inner == null ? output : inner.backprop(output, miniBatchSize, workspaceMgr);
        sink.accept(gradient.detach());
        return gradient;
    }

    @Override
    public GradientProbePreProcessor clone() {
        return new GradientProbePreProcessor(inner == null ? null : inner.clone(), sink);
    }

    @Override
    public InputType getOutputType(InputType inputType) {
        return inner == null ? inputType : inner.getOutputType(inputType);
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray, MaskState currentMaskState,
                                                          int minibatchSize) {
        return inner == null ? new Pair<>(maskArray, currentMaskState)
                : inner.feedForwardMaskArray(maskArray, currentMaskState, minibatchSize);
    }
}
