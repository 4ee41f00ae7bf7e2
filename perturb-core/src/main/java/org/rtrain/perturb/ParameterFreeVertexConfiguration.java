package org.rtrain.perturb;

import java.util.Arrays;

import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The configuration side of a graph vertex without parameters, whose runtime is a
 * {@link ParameterFreeVertex}: a fixed number of inputs, no parameters, no memory beyond its output, and
 * equality over the {@link #properties()} that configure it. Subclasses still write {@link #clone()}, which
 * DL4J's {@code GraphVertex} redeclares abstract. This class has no fields, so it adds nothing to a
 * subclass's JSON.
 */
public abstract class ParameterFreeVertexConfiguration extends GraphVertex {

    private static final long serialVersionUID = 1L;

    /** How many inputs the vertex reads. */
    protected abstract int inputCount();

    /** The output type for {@code inputs}, of which there are {@link #inputCount()}. */
    protected abstract InputType outputType(InputType... inputs) throws InvalidInputTypeException;

    /** The vertex in a network. */
    protected abstract ParameterFreeVertex instantiate(ComputationGraph graph, String name, int index,
                                                       DataType dataType);

    /** The values that configure the vertex, in a fixed order (arrays compared by content); none by default. */
    protected Object[] properties() {
        return new Object[0];
    }

    @Override
    public final long numParams(boolean backprop) {
        return 0;
    }

    @Override
    public final int minVertexInputs() {
        return inputCount();
    }

    @Override
    public final int maxVertexInputs() {
        return inputCount();
    }

    @Override
    public final org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name,
                                                                            int idx, INDArray paramsView,
                                                                            boolean initializeParams,
                                                                            DataType networkDatatype) {
        return instantiate(graph, name, idx, networkDatatype);
    }

    @Override
    public final InputType getOutputType(int layerIndex, InputType... vertexInputs) throws InvalidInputTypeException {
        if (vertexInputs.length != inputCount()) {
            throw new InvalidInputTypeException(getClass().getSimpleName() + " takes " + inputCount() + " input"
                    + (inputCount() == 1 ? "" : "s") + ", got " + Arrays.toString(vertexInputs));
        }
        return outputType(vertexInputs);
    }

    @Override
    public MemoryReport getMemoryReport(InputType... inputTypes) {
        return new LayerMemoryReport.Builder(null, getClass(), inputTypes[0], getOutputType(-1, inputTypes))
                .standardMemory(0, 0).workingMemory(0, 0, 0, 0).cacheMemory(0, 0).build();
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass()
                && Arrays.deepEquals(properties(), ((ParameterFreeVertexConfiguration) o).properties());
    }

    @Override
    public int hashCode() {
        return 31 * getClass().getName().hashCode() + Arrays.deepHashCode(properties());
    }

    /** The class name and the {@link #properties()}, e.g. {@code ChannelSelectVertex([0, 2])}. */
    @Override
    public String toString() {
        String properties = Arrays.deepToString(properties());
        return getClass().getSimpleName() + "(" + properties.substring(1, properties.length() - 1) + ")";
    }
}
