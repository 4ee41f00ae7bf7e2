package org.rtrain.perturb;

import java.util.Objects;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.BaseGraphVertex;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * A ComputationGraph vertex that replaces one activation {@code x} by {@code g(x)}: every vertex
 * that reads it sees the same perturbed value, from one draw per training forward pass.
 *
 * <p>DL4J's {@code IDropout} acts on a layer's input, so an activation that feeds several layers
 * gets an independent draw in each, and non-layer consumers (identity shortcuts, merges) see it
 * unperturbed. {@link PerturbationPlacement} therefore inserts this vertex after each activation it
 * names and rewires all of that activation's consumers to it. Where all those consumers applied the
 * same input preprocessor (the first layer's pixel normalisation, the flattening in front of a dense
 * layer), the vertex applies it first, so that the perturbation acts on what the layers read, as a
 * layer's {@code IDropout} does. At inference it is the identity (after the preprocessor). It has no
 * parameters; its {@link #inferenceForm()} is DL4J's own preprocessor or identity vertex.
 */
public final class PerturbationVertex extends GraphVertex implements StochasticVertex {

    private static final long serialVersionUID = 1L;

    @JsonProperty("perturbation")
    private final SignPerturbation perturbation;
    @JsonProperty("preProcessor")
    private final InputPreProcessor preProcessor;

    /**
     * @param perturbation the operator, cloned for each network built from this configuration
     * @param preProcessor applied to the input before the perturbation; null for none
     */
    @JsonCreator
    public PerturbationVertex(@JsonProperty("perturbation") SignPerturbation perturbation,
                              @JsonProperty("preProcessor") InputPreProcessor preProcessor) {
        this.perturbation = Objects.requireNonNull(perturbation, "perturbation");
        this.preProcessor = preProcessor;
    }

    public SignPerturbation perturbation() {
        return perturbation;
    }

    /** The preprocessor applied before the perturbation, or null. */
    public InputPreProcessor preProcessor() {
        return preProcessor;
    }

    @Override
    public GraphVertex inferenceForm() {
        return preProcessor == null ? new ScaleVertex(1.0) : new PreprocessorVertex(preProcessor.clone());
    }

    @Override
    public PerturbationVertex clone() {
        return new PerturbationVertex(perturbation.clone(), preProcessor == null ? null : preProcessor.clone());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PerturbationVertex v && perturbation.equals(v.perturbation)
                && Objects.equals(preProcessor, v.preProcessor);
    }

    @Override
    public int hashCode() {
        return Objects.hash(perturbation, preProcessor);
    }

    @Override
    public String toString() {
        return "PerturbationVertex(" + perturbation + (preProcessor == null ? "" : ", after " + preProcessor) + ")";
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
        perturbation.path().requireSafeOnCurrentBackend("PerturbationVertex '" + name + "'");
        return new Instance(graph, name, idx, networkDatatype, perturbation.clone(), preProcessor);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) {
        return preProcessor == null ? vertexInputs[0] : preProcessor.getOutputType(vertexInputs[0]);
    }

    @Override
    public MemoryReport getMemoryReport(InputType... inputTypes) {
        InputType output = getOutputType(-1, inputTypes);
        return new LayerMemoryReport.Builder(null, PerturbationVertex.class, inputTypes[0], output)
                .standardMemory(0, 0).workingMemory(0, 0, 0, 0).cacheMemory(0, 0).build();
    }

    /** The vertex in a network: its own copy of the operator, which keeps the seed of its last draw. */
    private static final class Instance extends BaseGraphVertex {

        private final SignPerturbation perturbation;
        private final InputPreProcessor preProcessor;

        Instance(ComputationGraph graph, String name, int index, DataType dataType, SignPerturbation perturbation,
                 InputPreProcessor preProcessor) {
            super(graph, name, index, null, null, dataType);
            this.perturbation = perturbation;
            this.preProcessor = preProcessor;
        }

        @Override
        public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
            if (!canDoForward()) {
                throw new IllegalStateException(this + ": input not set");
            }
            INDArray x = preProcessor == null ? inputs[0]
                    : preProcessor.preProcess(inputs[0], graph.batchSize(), workspaceMgr);
            if (!training) {
                // A copy, not x itself: DL4J may release the input's workspace before this output's consumers run.
                return workspaceMgr.dup(ArrayType.ACTIVATIONS, x);
            }
            INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, x.dataType(), x.shape(),
                    SignKernel.drawOrder(x));
            return perturbation.applyDropout(x, out, graph.getIterationCount(), graph.getEpochCount(), workspaceMgr);
        }

        @Override
        public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
            if (!canDoBackward()) {
                throw new IllegalStateException(this + ": gradient not set");
            }
            INDArray target = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, epsilon.dataType(),
                    epsilon.shape(), SignKernel.drawOrder(epsilon));
            INDArray gradient = perturbation.backprop(epsilon, target, graph.getIterationCount(),
                    graph.getEpochCount());
            if (preProcessor != null) {
                gradient = preProcessor.backprop(gradient, graph.batchSize(), workspaceMgr);
            }
            return new Pair<>(null, new INDArray[] {gradient});
        }

        @Override
        public void clear() {
            super.clear();
            perturbation.clear();
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

        @Override
        public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] maskArrays, MaskState currentMaskState,
                                                               int minibatchSize) {
            return maskArrays == null || maskArrays.length == 0 ? null : new Pair<>(maskArrays[0], currentMaskState);
        }

        @Override
        public String toString() {
            return "PerturbationVertex '" + vertexName + "'";
        }
    }
}
