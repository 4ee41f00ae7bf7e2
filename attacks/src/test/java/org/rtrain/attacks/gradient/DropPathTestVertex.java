package org.rtrain.attacks.gradient;

import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.rtrain.perturb.StochasticVertex;

/**
 * A stochastic-depth style vertex for tests: in training it keeps each example's input with
 * probability {@code survival} and zeroes it otherwise; in inference it scales by {@code survival}.
 * Its inference form is DL4J's {@link ScaleVertex}. Needs a graph without training workspaces (it
 * keeps its mask between the forward and the backward pass).
 */
final class DropPathTestVertex extends GraphVertex implements StochasticVertex {

    private static final long serialVersionUID = 1L;

    private final double survival;

    DropPathTestVertex(double survival) {
        this.survival = survival;
    }

    @Override
    public GraphVertex inferenceForm() {
        return new ScaleVertex(survival);
    }

    @Override
    public DropPathTestVertex clone() {
        return new DropPathTestVertex(survival);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DropPathTestVertex other && other.survival == survival;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(survival);
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
        return new org.deeplearning4j.nn.graph.vertex.impl.ScaleVertex(graph, name, idx, survival, networkDatatype) {
            private INDArray mask;

            @Override
            public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
                if (!training) {
                    return super.doForward(false, workspaceMgr);
                }
                INDArray input = inputs[0];
                mask = Nd4j.rand(input.dataType(), input.size(0)).lt(survival).castTo(input.dataType());
                INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, input.dataType(), input.shape());
                return Nd4j.getExecutioner().exec(new BroadcastMulOp(input, mask, out, 0));
            }

            @Override
            public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
                INDArray gradient = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, epsilon.dataType(),
                        epsilon.shape());
                Nd4j.getExecutioner().exec(new BroadcastMulOp(epsilon, mask, gradient, 0));
                return new Pair<>(null, new INDArray[] {gradient});
            }
        };
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) {
        return vertexInputs[0];
    }

    @Override
    public MemoryReport getMemoryReport(InputType... inputTypes) {
        return new ScaleVertex(survival).getMemoryReport(inputTypes);
    }
}
