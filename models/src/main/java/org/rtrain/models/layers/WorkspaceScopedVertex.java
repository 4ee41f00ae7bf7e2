package org.rtrain.models.layers;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.rtrain.perturb.ParameterFreeVertex;

/**
 * The runtime of this package's parameter-free vertices that compute with plain ND4J operations: the
 * arrays those create land in DL4J's activation workspace (forward) and activation-gradient workspace
 * (backward), borrowed for the call, so the vertices need not pass the workspace manager around.
 */
abstract class WorkspaceScopedVertex extends ParameterFreeVertex {

    WorkspaceScopedVertex(ComputationGraph graph, String name, int index, DataType dataType) {
        super(graph, name, index, dataType);
    }

    /** The output for the current {@link #inputs}. */
    abstract INDArray forward(boolean training);

    /** The gradient with respect to each input, given {@link #epsilon}, the gradient at the output. */
    abstract INDArray[] backward();

    @Override
    @SuppressWarnings("try")
    protected final INDArray forward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        try (MemoryWorkspace ws = workspaceMgr.notifyScopeBorrowed(ArrayType.ACTIVATIONS)) {
            return forward(training);
        }
    }

    @Override
    @SuppressWarnings("try")
    protected final INDArray[] backward(LayerWorkspaceMgr workspaceMgr) {
        try (MemoryWorkspace ws = workspaceMgr.notifyScopeBorrowed(ArrayType.ACTIVATION_GRAD)) {
            return backward();
        }
    }
}
