package org.rtrain.models.layers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.rtrain.models.count.MultiplyAddCounted;
import org.rtrain.perturb.backend.LayerInstantiation;

/**
 * A fully connected capsule layer with dynamic routing: every input capsule predicts every output
 * capsule, and routing by agreement decides how much each prediction counts.
 *
 * <p>From Sabour, Frosst and Hinton, "Dynamic Routing Between Capsules" (NIPS 2017), procedure 1,
 * as the authors' code computes it (with a bias per output capsule value). Use it after primary
 * capsules ({@link CapsuleSquashVertex}); input {@code u} is {@code [batch, inputCapsules,
 * inputDimensions]}, output {@code v} is {@code [batch, capsules, capsuleDimensions]}. With
 * predictions {@code uhat[j|i] = W[i, j] u[i]} and logits {@code b[i, j] = 0}, each of
 * {@code routings} iterations computes {@code c[i, .] = softmax_j(b[i, .])},
 * {@code s[j] = sum_i c[i, j] uhat[j|i] + bias[j]}, {@code v[j] = squash(s[j])} and, except the
 * last, {@code b[i, j] += uhat[j|i] . v[j]}. The backward pass goes through every iteration.
 *
 * <p>It replaces DL4J's {@code CapsuleLayer}, which computes the same function but (measured on
 * MNIST at the paper's size, batch 32, 2 cores) spends about 3 s per forward pass tiling its input
 * over every output capsule and, like DL4J 1.0.0-M2.1's other SameDiff layers measured here
 * ({@code CapsuleStrengthLayer}, a {@code SameDiffLambdaLayer}), backpropagates twice the gradient
 * it receives. This layer computes the predictions as one batched matrix product and its gradient
 * by hand (checked against finite differences); it applies and backpropagates a DL4J
 * {@code IDropout} on its input. Parameters: {@code W} {@code [inputCapsules, inputDimensions,
 * capsules * capsuleDimensions]}, initialised with the layer's weight initialisation at fan-in
 * {@code inputCapsules * inputDimensions} and fan-out {@code capsules * capsuleDimensions} (as
 * DL4J's {@code CapsuleLayer}), and {@code b} {@code [capsules, capsuleDimensions]}.
 */
public final class CapsuleRoutingLayer extends BaseLayer implements MultiplyAddCounted {

    private static final long serialVersionUID = 1L;
    /** Key of the prediction weights. */
    public static final String WEIGHT_KEY = "W";
    /** Key of the biases. */
    public static final String BIAS_KEY = "b";

    @JsonProperty("capsules")
    private int capsules;
    @JsonProperty("capsuleDimensions")
    private int capsuleDimensions;
    @JsonProperty("routings")
    private int routings;
    @JsonProperty("inputCapsules")
    private long inputCapsules;
    @JsonProperty("inputDimensions")
    private long inputDimensions;

    /** For JSON. */
    private CapsuleRoutingLayer() {
    }

    private CapsuleRoutingLayer(Builder builder) {
        super(builder);
        if (builder.capsules < 1 || builder.capsuleDimensions < 1 || builder.routings < 1) {
            throw new IllegalArgumentException("CapsuleRoutingLayer capsules, capsuleDimensions and routings must be "
                    + ">= 1, got " + builder.capsules + ", " + builder.capsuleDimensions + ", " + builder.routings);
        }
        this.capsules = builder.capsules;
        this.capsuleDimensions = builder.capsuleDimensions;
        this.routings = builder.routings;
    }

    /** Output capsules. */
    public int capsules() {
        return capsules;
    }

    /** Values per output capsule. */
    public int capsuleDimensions() {
        return capsuleDimensions;
    }

    /** Routing iterations. */
    public int routings() {
        return routings;
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
                                                       Collection<TrainingListener> trainingListeners, int layerIndex,
                                                       INDArray layerParamsView, boolean initializeParams,
                                                       DataType networkDataType) {
        return LayerInstantiation.wire(new Routing(conf, networkDataType), conf, trainingListeners,
                layerIndex, layerParamsView, initializeParams, initializer());
    }

    @Override
    public ParamInitializer initializer() {
        return Parameters.INSTANCE;
    }

    /**
     * The prediction vectors {@code u_hat = W u}: {@code inputCapsules * capsules * capsuleDimensions *
     * inputDimensions} multiply-adds; routing by agreement (a few weighted sums per iteration) is not
     * counted, as for DL4J's capsule layers.
     */
    @Override
    public long multiplyAdds(InputType[] inputs, InputType output) {
        return inputCapsules * capsules * capsuleDimensions * inputDimensions;
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        requireCapsules(inputType);
        return InputType.recurrent(capsules, capsuleDimensions);
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        InputType.InputTypeRecurrent input = requireCapsules(inputType);
        if (override || inputCapsules <= 0) {
            inputCapsules = input.getSize();
            inputDimensions = input.getTimeSeriesLength();
        }
    }

    private InputType.InputTypeRecurrent requireCapsules(InputType inputType) {
        if (!(inputType instanceof InputType.InputTypeRecurrent input) || input.getTimeSeriesLength() <= 0) {
            throw new IllegalStateException("CapsuleRoutingLayer '" + getLayerName() + "' expects capsules "
                    + "[batch, capsules, dimensions] (a recurrent input type with known length), got " + inputType);
        }
        return input;
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;
    }

    @Override
    public boolean isPretrainParam(String paramName) {
        return false;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        long parameters = initializer().numParams(this);
        return new LayerMemoryReport.Builder(getLayerName(), CapsuleRoutingLayer.class, inputType,
                getOutputType(-1, inputType))
                .standardMemory(parameters, getIUpdater() == null ? 0 : getIUpdater().stateSize(parameters))
                .workingMemory(0, 0, 0, 0)
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS).build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CapsuleRoutingLayer c && super.equals(o) && c.capsules == capsules
                && c.capsuleDimensions == capsuleDimensions && c.routings == routings
                && c.inputCapsules == inputCapsules && c.inputDimensions == inputDimensions;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new long[] {super.hashCode(), capsules, capsuleDimensions, routings, inputCapsules,
                inputDimensions});
    }

    @Override
    public String toString() {
        return "CapsuleRoutingLayer(name=" + getLayerName() + ", " + inputCapsules + "x" + inputDimensions + " -> "
                + capsules + "x" + capsuleDimensions + ", routings=" + routings + ")";
    }

    /** Builds a {@link CapsuleRoutingLayer}; weight initialisation, updater and L2 follow the network's defaults. */
    public static final class Builder extends BaseLayer.Builder<Builder> {

        private final int capsules;
        private final int capsuleDimensions;
        private final int routings;

        /**
         * @param capsules          output capsules (one per class for class capsules)
         * @param capsuleDimensions values per output capsule
         * @param routings          routing iterations (3 in the paper)
         */
        public Builder(int capsules, int capsuleDimensions, int routings) {
            this.capsules = capsules;
            this.capsuleDimensions = capsuleDimensions;
            this.routings = routings;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <E extends Layer> E build() {
            return (E) new CapsuleRoutingLayer(this);
        }
    }

    /** Lays out {@code W} then {@code b} in the layer's parameter view. */
    private static final class Parameters implements ParamInitializer {

        static final Parameters INSTANCE = new Parameters();

        private static long[] weightShape(CapsuleRoutingLayer layer) {
            return new long[] {layer.inputCapsules, layer.inputDimensions,
                    (long) layer.capsules * layer.capsuleDimensions};
        }

        private static long[] biasShape(CapsuleRoutingLayer layer) {
            return new long[] {layer.capsules, layer.capsuleDimensions};
        }

        private static long weights(CapsuleRoutingLayer layer) {
            return layer.inputCapsules * layer.inputDimensions * layer.capsules * layer.capsuleDimensions;
        }

        @Override
        public long numParams(NeuralNetConfiguration conf) {
            return numParams(conf.getLayer());
        }

        @Override
        public long numParams(Layer layer) {
            CapsuleRoutingLayer routing = (CapsuleRoutingLayer) layer;
            return weights(routing) + (long) routing.capsules * routing.capsuleDimensions;
        }

        @Override
        public List<String> paramKeys(Layer layer) {
            return List.of(WEIGHT_KEY, BIAS_KEY);
        }

        @Override
        public List<String> weightKeys(Layer layer) {
            return List.of(WEIGHT_KEY);
        }

        @Override
        public List<String> biasKeys(Layer layer) {
            return List.of(BIAS_KEY);
        }

        @Override
        public boolean isWeightParam(Layer layer, String key) {
            return WEIGHT_KEY.equals(key);
        }

        @Override
        public boolean isBiasParam(Layer layer, String key) {
            return BIAS_KEY.equals(key);
        }

        @Override
        public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
            CapsuleRoutingLayer layer = (CapsuleRoutingLayer) conf.getLayer();
            if (paramsView.length() != numParams(layer)) {
                throw new IllegalStateException("CapsuleRoutingLayer '" + layer.getLayerName() + "': expected "
                        + numParams(layer) + " parameters, got a view of " + paramsView.length());
            }
            long weights = weights(layer);
            INDArray weightView = slice(paramsView, 0, weights);
            INDArray biasView = slice(paramsView, weights, paramsView.length());
            if (initializeParams) {
                layer.getWeightInitFn().init((double) layer.inputCapsules * layer.inputDimensions,
                        (double) layer.capsules * layer.capsuleDimensions, weightShape(layer), 'c', weightView);
                biasView.assign(layer.getBiasInit());
            }
            Map<String, INDArray> params = new LinkedHashMap<>();
            params.put(WEIGHT_KEY, weightView.reshape('c', weightShape(layer)));
            params.put(BIAS_KEY, biasView.reshape('c', biasShape(layer)));
            conf.addVariable(WEIGHT_KEY);
            conf.addVariable(BIAS_KEY);
            return params;
        }

        @Override
        public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
            CapsuleRoutingLayer layer = (CapsuleRoutingLayer) conf.getLayer();
            long weights = weights(layer);
            Map<String, INDArray> gradients = new LinkedHashMap<>();
            gradients.put(WEIGHT_KEY, slice(gradientView, 0, weights).reshape('c', weightShape(layer)));
            gradients.put(BIAS_KEY, slice(gradientView, weights, gradientView.length()).reshape('c', biasShape(layer)));
            return gradients;
        }

        /** Elements {@code [from, to)} of a flat (row-vector) view, as a view. */
        private static INDArray slice(INDArray flat, long from, long to) {
            return flat.rank() == 1 ? flat.get(NDArrayIndex.interval(from, to))
                    : flat.get(NDArrayIndex.interval(0, 0, true), NDArrayIndex.interval(from, to));
        }
    }

    /** The layer in a network. */
    private static final class Routing extends org.deeplearning4j.nn.layers.BaseLayer<CapsuleRoutingLayer> {

        Routing(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        /** The forward pass, keeping what the backward pass needs. */
        private final class Pass {
            final INDArray inputByCapsule;
            final INDArray predictions;
            final List<INDArray> couplings = new ArrayList<>();
            final List<INDArray> totals = new ArrayList<>();
            final List<INDArray> outputs = new ArrayList<>();

            Pass(INDArray u) {
                CapsuleRoutingLayer conf = layerConf();
                long batch = u.size(0);
                if (u.rank() != 3 || u.size(1) != conf.inputCapsules || u.size(2) != conf.inputDimensions) {
                    throw new IllegalArgumentException("CapsuleRoutingLayer '" + conf.getLayerName() + "': expected "
                            + "input [batch, " + conf.inputCapsules + ", " + conf.inputDimensions + "], got "
                            + Arrays.toString(u.shape()));
                }
                inputByCapsule = u.permute(1, 0, 2).dup('c');
                // uhat[b, i, j, :] = u[b, i, :] W[i, :, j]: one [batch x in] x [in x out] product per input capsule.
                predictions = Nd4j.matmul(inputByCapsule, getParam(WEIGHT_KEY))
                        .reshape('c', conf.inputCapsules, batch, conf.capsules, conf.capsuleDimensions)
                        .permute(1, 0, 2, 3).dup('c');
                INDArray bias = getParam(BIAS_KEY).reshape(1, conf.capsules, conf.capsuleDimensions);
                INDArray logits = Nd4j.zeros(u.dataType(), batch, conf.inputCapsules, conf.capsules);
                for (int iteration = 0; iteration < conf.routings; iteration++) {
                    INDArray coupling = Nd4j.nn().softmax(logits, 2);
                    INDArray total = predictions.mul(coupling.reshape(batch, conf.inputCapsules, conf.capsules, 1))
                            .sum(1).addi(bias);
                    INDArray output = Squash.forward(total);
                    couplings.add(coupling);
                    totals.add(total);
                    outputs.add(output);
                    if (iteration < conf.routings - 1) {
                        logits = logits.add(agreement(output));
                    }
                }
            }

            /** {@code uhat[b, i, j, :] . v[b, j, :]}, {@code [batch, inputCapsules, capsules]}. */
            INDArray agreement(INDArray v) {
                return predictions.mul(expandInputAxis(v)).sum(3);
            }

            /** {@code [batch, capsules, dims]} as {@code [batch, 1, capsules, dims]}, to broadcast over input capsules. */
            INDArray expandInputAxis(INDArray perOutput) {
                return perOutput.reshape(perOutput.size(0), 1, perOutput.size(1), perOutput.size(2));
            }
        }

        @Override
        public Type type() {
            return Type.FEED_FORWARD;
        }

        @Override
        public boolean isPretrainLayer() {
            return false;
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
            assertInputSet(false);
            applyDropOutIfNecessary(training, workspaceMgr);
            Pass pass = new Pass(input);
            return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, pass.outputs.get(pass.outputs.size() - 1));
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
            assertInputSet(true);
            CapsuleRoutingLayer conf = layerConf();
            Pass pass = new Pass(input);
            long batch = input.size(0);
            INDArray predictionGradient = Nd4j.zeros(input.dataType(), pass.predictions.shape());
            INDArray biasGradient = Nd4j.zeros(input.dataType(), conf.capsules, conf.capsuleDimensions);
            // Gradient with respect to the logits of the iteration after the current one.
            INDArray laterLogitGradient = Nd4j.zeros(input.dataType(), batch, conf.inputCapsules, conf.capsules);
            for (int iteration = conf.routings - 1; iteration >= 0; iteration--) {
                INDArray output = pass.outputs.get(iteration);
                INDArray outputGradient;
                if (iteration == conf.routings - 1) {
                    outputGradient = epsilon.castTo(input.dataType());
                } else {
                    // b[t + 1] = b[t] + uhat . v[t]
                    INDArray perAgreement = laterLogitGradient.reshape(batch, conf.inputCapsules, conf.capsules, 1);
                    predictionGradient.addi(perAgreement.mul(pass.expandInputAxis(output)));
                    outputGradient = pass.predictions.mul(perAgreement).sum(1);
                }
                INDArray totalGradient = Squash.backward(pass.totals.get(iteration), outputGradient);
                biasGradient.addi(totalGradient.sum(0));
                // s = sum_i c uhat + bias
                INDArray coupling = pass.couplings.get(iteration);
                INDArray expandedTotalGradient = pass.expandInputAxis(totalGradient);
                predictionGradient.addi(expandedTotalGradient.mul(
                        coupling.reshape(batch, conf.inputCapsules, conf.capsules, 1)));
                INDArray couplingGradient = pass.predictions.mul(expandedTotalGradient).sum(3);
                // c = softmax_j(b): db = c * (dc - sum_j c dc); b[t] also feeds b[t + 1] unchanged.
                INDArray weighted = coupling.mul(couplingGradient).sum(true, 2);
                laterLogitGradient = coupling.mul(couplingGradient.sub(weighted)).addi(laterLogitGradient);
            }
            INDArray predictionGradientByCapsule = predictionGradient.permute(1, 0, 2, 3).dup('c')
                    .reshape('c', conf.inputCapsules, batch, (long) conf.capsules * conf.capsuleDimensions);
            gradientViews.get(WEIGHT_KEY).assign(Nd4j.matmul(pass.inputByCapsule, predictionGradientByCapsule,
                    true, false, false));
            gradientViews.get(BIAS_KEY).assign(biasGradient);
            INDArray inputGradient = Nd4j.matmul(predictionGradientByCapsule, getParam(WEIGHT_KEY), false, true, false)
                    .permute(1, 0, 2).dup('c');
            Gradient gradient = new DefaultGradient();
            gradient.setGradientFor(WEIGHT_KEY, gradientViews.get(WEIGHT_KEY));
            gradient.setGradientFor(BIAS_KEY, gradientViews.get(BIAS_KEY));
            INDArray result = backpropDropOutIfPresent(workspaceMgr.leverageTo(ArrayType.ACTIVATION_GRAD, inputGradient));
            return new Pair<>(gradient, result);
        }
    }
}
