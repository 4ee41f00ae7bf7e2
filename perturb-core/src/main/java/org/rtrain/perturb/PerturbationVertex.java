package org.rtrain.perturb;

import java.util.Objects;

import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
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
public final class PerturbationVertex extends ParameterFreeVertexConfiguration implements StochasticVertex {

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
    protected Object[] properties() {
        return new Object[] {perturbation, preProcessor};
    }

    @Override
    public String toString() {
        return "PerturbationVertex(" + perturbation + (preProcessor == null ? "" : ", after " + preProcessor) + ")";
    }

    @Override
    protected int inputCount() {
        return 1;
    }

    @Override
    protected ParameterFreeVertex instantiate(ComputationGraph graph, String name, int index, DataType dataType) {
        perturbation.path().requireSafeOnCurrentBackend("PerturbationVertex '" + name + "'");
        return new Instance(graph, name, index, dataType, perturbation.clone(), preProcessor);
    }

    @Override
    protected InputType outputType(InputType... inputs) {
        return preProcessor == null ? inputs[0] : preProcessor.getOutputType(inputs[0]);
    }

    /** The vertex in a network: its own copy of the operator, which keeps the seed of its last draw. */
    private static final class Instance extends ParameterFreeVertex {

        private final SignPerturbation perturbation;
        private final InputPreProcessor preProcessor;

        Instance(ComputationGraph graph, String name, int index, DataType dataType, SignPerturbation perturbation,
                 InputPreProcessor preProcessor) {
            super(graph, name, index, dataType);
            this.perturbation = perturbation;
            this.preProcessor = preProcessor;
        }

        @Override
        protected INDArray forward(boolean training, LayerWorkspaceMgr workspaceMgr) {
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
        protected INDArray[] backward(LayerWorkspaceMgr workspaceMgr) {
            INDArray target = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, epsilon.dataType(),
                    epsilon.shape(), SignKernel.drawOrder(epsilon));
            INDArray gradient = perturbation.backprop(epsilon, target, graph.getIterationCount(),
                    graph.getEpochCount());
            if (preProcessor != null) {
                gradient = preProcessor.backprop(gradient, graph.batchSize(), workspaceMgr);
            }
            return new INDArray[] {gradient};
        }

        @Override
        public void clear() {
            super.clear();
            perturbation.clear();
        }
    }
}
