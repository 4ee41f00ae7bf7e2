package org.rtrain.perturb;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.BaseGraphVertex;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The runtime side of a graph vertex without parameters, such as {@link PerturbationVertex}'s: subclasses
 * compute the output from {@link #inputs} and the input gradients from {@link #epsilon}, and put the arrays
 * they return where {@code workspaceMgr} says (activations forward, activation gradients backward). Its
 * configuration side is a {@link ParameterFreeVertexConfiguration}.
 */
public abstract class ParameterFreeVertex extends BaseGraphVertex {

    protected ParameterFreeVertex(ComputationGraph graph, String name, int index, DataType dataType) {
        super(graph, name, index, null, null, dataType);
    }

    /** The output for the current {@link #inputs}. */
    protected abstract INDArray forward(boolean training, LayerWorkspaceMgr workspaceMgr);

    /** The gradient with respect to each input, given {@link #epsilon}, the gradient at the output. */
    protected abstract INDArray[] backward(LayerWorkspaceMgr workspaceMgr);

    @Override
    public final INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoForward()) {
            throw new IllegalStateException(this + ": inputs not set");
        }
        return forward(training, workspaceMgr);
    }

    @Override
    public final Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoBackward()) {
            throw new IllegalStateException(this + ": gradient not set");
        }
        return new Pair<>(null, backward(workspaceMgr));
    }

    @Override
    @SuppressWarnings("overrides")
    public void setInputs(INDArray... inputs) {
        // Restores the interface's varargs signature, which BaseGraphVertex's override drops.
        super.setInputs(inputs);
    }

    @Override
    public boolean hasLayer() {
        return false;
    }

    @Override
    public Layer getLayer() {
        return null;
    }

    @Override
    public void setBackpropGradientsViewArray(INDArray backpropGradientsViewArray) {
        if (backpropGradientsViewArray != null) {
            throw new IllegalStateException(this + " has no parameters");
        }
    }

    /** The mask of the first input, passed through unchanged. */
    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] maskArrays, MaskState currentMaskState,
                                                           int minibatchSize) {
        return maskArrays == null || maskArrays.length == 0 ? null : new Pair<>(maskArrays[0], currentMaskState);
    }

    /** The configuration class's name (the enclosing class of a nested runtime class) and the vertex's name. */
    @Override
    public String toString() {
        Class<?> enclosing = getClass().getEnclosingClass();
        return (enclosing == null ? getClass() : enclosing).getSimpleName() + " '" + vertexName + "'";
    }
}
