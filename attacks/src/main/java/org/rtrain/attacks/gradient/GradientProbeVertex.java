package org.rtrain.attacks.gradient;

import java.util.function.Consumer;

import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An identity vertex that hands the gradient flowing back through it to a consumer: how
 * {@link InputGradient} reads a ComputationGraph's input gradient, which DL4J clears at the end of
 * the backward pass. Used only inside the inference twin, never serialised.
 */
final class GradientProbeVertex extends ScaleVertex {

    private static final long serialVersionUID = 1L;

    private final transient Consumer<INDArray> sink;

    GradientProbeVertex(Consumer<INDArray> sink) {
        super(1.0);
        this.sink = sink;
    }

    @Override
    public GradientProbeVertex clone() {
        return new GradientProbeVertex(sink);
    }

    @Override
    public GraphVertex instantiate(ComputationGraph graph, String name, int idx, INDArray paramsView,
                                   boolean initializeParams, DataType networkDatatype) {
        return new org.deeplearning4j.nn.graph.vertex.impl.ScaleVertex(graph, name, idx, 1.0, networkDatatype) {
            @Override
            public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
                Pair<Gradient, INDArray[]> result = super.doBackward(tbptt, workspaceMgr);
                sink.accept(result.getSecond()[0].detach());
                return result;
            }
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GradientProbeVertex probe && probe.sink == sink;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(sink);
    }
}
