package org.rtrain.perturb;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.rtrain.perturb.backend.LeanConvolution;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a network gets the sign perturbation: on its input, on hidden activations, or both.
 *
 * <p>"Input and hidden" means the activations that the network's weighted layers read: the paper
 * replaces such a vector {@code x} by {@code g(x)}, so each is perturbed once and every consumer of
 * it sees the same perturbed value. How that is placed depends on the kind of network:
 *
 * <ul>
 *   <li>ComputationGraph: a {@link PerturbationVertex} after each such activation, read by all of
 *       its consumers (weighted layers, identity shortcuts, pooling branches, merges alike). A weighted
 *       layer is any layer with parameters but batch normalisation ({@link #readsWithWeights}), so
 *       custom layers (learned group convolutions, capsule routing) are covered. The network input
 *       counts as an activation when a weighted layer reads it.</li>
 *   <li>MultiLayerNetwork (a chain, where each activation has one consumer): an {@code IDropout} on
 *       each weighted layer, which DL4J applies to that layer's input. In DL4J 1.0.0-M2.1 only dense,
 *       output and 2D (also depthwise and separable) convolution layers apply {@code IDropout} in the
 *       forward pass <em>and</em> backpropagate through it; pooling, batch normalisation and
 *       activation layers ignore it (the activations entering a pooling layer are perturbed where the
 *       pooled result enters the next supported layer), and naming an unsupported layer is an error.
 *       A layer that already has a dropout keeps it: the perturbation is chained in front of it
 *       ({@link ChainedDropout}).</li>
 * </ul>
 *
 * <p>{@link PerturbationGranularity#CHANNEL} assumes NCHW and is refused, naming the layer, on
 * channels-last activations. {@code docs/placement.md} lists, per zoo network, what this perturbs.
 *
 * @param onInput        perturb the network input (read by a weighted layer)
 * @param onAllHidden    perturb every hidden activation a weighted layer reads
 * @param hiddenLayers   perturb the inputs of these layers (MultiLayerNetwork: the layer index as a
 *                       string, or its name; ComputationGraph: the vertex name, whose every input
 *                       activation is perturbed); ignored when onAllHidden
 */
public record PerturbationPlacement(boolean onInput, boolean onAllHidden, Set<String> hiddenLayers) {

    /** Suffix of the name of the {@link PerturbationVertex} that perturbs an activation. */
    public static final String VERTEX_SUFFIX = "_perturbed";

    private static final Logger log = LoggerFactory.getLogger(PerturbationPlacement.class);

    public PerturbationPlacement {
        hiddenLayers = Set.copyOf(hiddenLayers == null ? Set.of() : hiddenLayers);
    }

    /** No perturbation: plain training. */
    public static PerturbationPlacement none() {
        return new PerturbationPlacement(false, false, Set.of());
    }

    /** On the network input only. */
    public static PerturbationPlacement input() {
        return new PerturbationPlacement(true, false, Set.of());
    }

    /** On every supported hidden activation. */
    public static PerturbationPlacement allHidden() {
        return new PerturbationPlacement(false, true, Set.of());
    }

    /** On the input and on every supported hidden activation. */
    public static PerturbationPlacement inputAndAllHidden() {
        return new PerturbationPlacement(true, true, Set.of());
    }

    /** On the inputs of the named hidden layers. */
    public static PerturbationPlacement hidden(String... layers) {
        return new PerturbationPlacement(false, false, new LinkedHashSet<>(List.of(layers)));
    }

    /** True when this placement perturbs nothing. */
    public boolean isNone() {
        return !onInput && !onAllHidden && hiddenLayers.isEmpty();
    }

    /** True when DL4J M2.1 applies and backpropagates an {@code IDropout} on this kind of layer. */
    public static boolean supports(Layer layer) {
        Class<?> type = layer.getClass();
        return type == DenseLayer.class || type == OutputLayer.class || type == ConvolutionLayer.class
                || type == LeanConvolution.class || type == DepthwiseConvolution2D.class
                || type == SeparableConvolution2D.class;
    }

    /**
     * A copy of {@code conf} with a clone of {@code perturbation} on each placed layer.
     *
     * @throws IllegalArgumentException when a named layer does not exist or ignores IDropout
     * @throws IllegalStateException    when the perturbation's path could run the fused kernel on
     *                                  device memory ({@link PerturbationPath#requireSafeOnCurrentBackend})
     */
    public MultiLayerConfiguration applyTo(MultiLayerConfiguration conf, SignPerturbation perturbation) {
        perturbation.path().requireSafeOnCurrentBackend("PerturbationPlacement");
        MultiLayerConfiguration copy = conf.clone();
        List<NeuralNetConfiguration> layers = copy.getConfs();
        Set<String> unmatched = new LinkedHashSet<>(hiddenLayers);
        List<String> placed = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i).getLayer();
            String index = Integer.toString(i);
            boolean named = unmatched.remove(index);
            named |= layer.getLayerName() != null && unmatched.remove(layer.getLayerName());
            if (i == 0) {
                if (named) {
                    throw new IllegalArgumentException("Layer 0 is fed by the network input, not by a hidden "
                            + "activation: use onInput to perturb it");
                }
                placeIfWanted(layer, describe(index, layer), onInput, onInput, perturbation, placed);
            } else {
                placeIfWanted(layer, describe(index, layer), onAllHidden || named, named, perturbation, placed);
            }
        }
        checkAllMatched(unmatched);
        log.info("Sign perturbation placed on: {}", placed);
        return copy;
    }

    /**
     * A copy of {@code conf} in which each activation this placement names is replaced by its
     * perturbation: a {@link PerturbationVertex} named {@code <activation>}{@value #VERTEX_SUFFIX}
     * is inserted after it and every vertex that read the activation reads the vertex instead, so all
     * consumers share one draw per forward pass.
     *
     * <p>The activations named: with {@code onInput}, each network input read by a
     * {@linkplain #readsWithWeights weighted layer}; with {@code onAllHidden}, each vertex output read
     * by a weighted layer; and every input of each vertex in {@code hiddenLayers}. Where every consumer
     * of a named activation is a layer with the same input preprocessor, the preprocessor moves into the
     * perturbation vertex, so that the perturbation acts on what the layers read.
     *
     * @throws IllegalArgumentException when a named vertex does not exist, when a vertex name is taken,
     *                                  or for {@link PerturbationGranularity#CHANNEL} on channels-last
     *                                  activations
     * @throws IllegalStateException    when the perturbation's path could run the fused kernel on
     *                                  device memory ({@link PerturbationPath#requireSafeOnCurrentBackend})
     */
    public ComputationGraphConfiguration applyTo(ComputationGraphConfiguration conf,
                                                 SignPerturbation perturbation) {
        perturbation.path().requireSafeOnCurrentBackend("PerturbationPlacement");
        ComputationGraphConfiguration copy = conf.clone();
        Map<String, GraphVertex> vertices = copy.getVertices();
        Map<String, List<String>> consumers = consumers(copy);
        Set<String> unmatched = new LinkedHashSet<>(hiddenLayers);
        Set<String> named = new LinkedHashSet<>();
        for (String vertex : hiddenLayers) {
            if (vertices.containsKey(vertex)) {
                unmatched.remove(vertex);
                named.addAll(copy.getVertexInputs().get(vertex));
            }
        }
        checkAllMatched(unmatched);
        List<String> activations = new ArrayList<>(copy.getNetworkInputs());
        activations.addAll(vertices.keySet());
        List<String> placed = new ArrayList<>();
        for (String activation : activations) {
            List<String> readers = consumers.getOrDefault(activation, List.of());
            boolean weighted = readers.stream().anyMatch(reader -> readsWithWeights(vertices.get(reader)));
            boolean isInput = copy.getNetworkInputs().contains(activation);
            if (named.contains(activation) || (weighted && (isInput ? onInput : onAllHidden))) {
                insertVertex(copy, activation, readers, perturbation);
                placed.add(activation);
            }
        }
        log.info("Sign perturbation placed on the activations: {}", placed);
        return copy;
    }

    /**
     * True when {@code vertex} is a layer with weights, the kind whose input activations the
     * placement perturbs: dense, output, convolution of any kind (learned group convolutions included),
     * capsule and any other layer with parameters, but not batch normalisation, whose scale and shift
     * are no weights on its input. Decided by the parameter count, not the class, so that a new layer
     * type is covered without being listed.
     */
    public static boolean readsWithWeights(GraphVertex vertex) {
        if (!(vertex instanceof LayerVertex layerVertex)) {
            return false;
        }
        Layer layer = layerVertex.getLayerConf().getLayer();
        return !(layer instanceof BatchNormalization) && layer.initializer().numParams(layer) > 0;
    }

    /**
     * A copy of {@code conf} without the {@link PerturbationVertex}es this class inserted: consumers
     * read the original activations again and get their preprocessors back. The result is the network
     * the placement was applied to.
     */
    public static ComputationGraphConfiguration removeFrom(ComputationGraphConfiguration conf) {
        ComputationGraphConfiguration copy = conf.clone();
        List<String> perturbationVertices = copy.getVertices().entrySet().stream()
                .filter(entry -> entry.getValue() instanceof PerturbationVertex).map(Map.Entry::getKey).toList();
        for (String name : perturbationVertices) {
            PerturbationVertex vertex = (PerturbationVertex) copy.getVertices().remove(name);
            String activation = copy.getVertexInputs().remove(name).get(0);
            for (Map.Entry<String, List<String>> entry : copy.getVertexInputs().entrySet()) {
                if (entry.getValue().contains(name)) {
                    entry.getValue().replaceAll(input -> input.equals(name) ? activation : input);
                    if (vertex.preProcessor() != null) {
                        ((LayerVertex) copy.getVertices().get(entry.getKey())).setPreProcessor(vertex.preProcessor());
                    }
                }
            }
        }
        return copy;
    }

    /** For each activation (network input or vertex), the vertices reading it, in vertex order. */
    private static Map<String, List<String>> consumers(ComputationGraphConfiguration conf) {
        Map<String, List<String>> consumers = new LinkedHashMap<>();
        conf.getVertexInputs().forEach((vertex, inputs) -> inputs.forEach(
                input -> consumers.computeIfAbsent(input, k -> new ArrayList<>()).add(vertex)));
        return consumers;
    }

    private static void insertVertex(ComputationGraphConfiguration conf, String activation, List<String> readers,
                                     SignPerturbation perturbation) {
        String name = activation + VERTEX_SUFFIX;
        if (conf.getVertices().containsKey(name) || conf.getNetworkInputs().contains(name)) {
            throw new IllegalArgumentException("Cannot perturb activation '" + activation + "': the vertex name '"
                    + name + "' is taken");
        }
        InputPreProcessor shared = sharedPreProcessor(conf, readers);
        for (String reader : readers) {
            GraphVertex vertex = conf.getVertices().get(reader);
            requireChannelsFirstIfPerChannel(perturbation, vertex, "activation '" + activation + "' read by vertex '"
                    + reader + "'");
            if (shared != null) {
                ((LayerVertex) vertex).setPreProcessor(null);
            }
            conf.getVertexInputs().get(reader).replaceAll(input -> input.equals(activation) ? name : input);
        }
        conf.getVertices().put(name, new PerturbationVertex(perturbation.clone(), shared));
        conf.getVertexInputs().put(name, new ArrayList<>(List.of(activation)));
    }

    /** The preprocessor every reader applies, when all are layers with equal ones; else null. */
    private static InputPreProcessor sharedPreProcessor(ComputationGraphConfiguration conf, List<String> readers) {
        InputPreProcessor shared = null;
        for (String reader : readers) {
            if (!(conf.getVertices().get(reader) instanceof LayerVertex layer) || layer.getPreProcessor() == null
                    || (shared != null && !shared.equals(layer.getPreProcessor()))) {
                return null;
            }
            shared = layer.getPreProcessor();
        }
        return shared;
    }

    /**
     * Refuses {@link PerturbationGranularity#CHANNEL} where the activation is channels-last: the
     * multipliers are drawn per {@code [batch, channel]} of an NCHW array, and an NHWC array would
     * take them per {@code [batch, row]}.
     */
    private static void requireChannelsFirstIfPerChannel(SignPerturbation perturbation, GraphVertex vertex,
                                                         String description) {
        if (perturbation.granularity() == PerturbationGranularity.CHANNEL && vertex instanceof LayerVertex layer
                && channelsLast(layer.getLayerConf().getLayer())) {
            throw new IllegalArgumentException("Cannot perturb " + description + " per CHANNEL: it is channels-last "
                    + "(NHWC), and CHANNEL granularity draws per [batch, channel] of NCHW activations; use NCHW "
                    + "or ELEMENT/SAMPLE granularity");
        }
    }

    /** True for a 2D convolution, pooling or batch-norm layer configured for NHWC activations. */
    private static boolean channelsLast(Layer layer) {
        CNN2DFormat format = null;
        if (layer instanceof ConvolutionLayer convolution) {
            format = convolution.getCnn2dDataFormat();
        } else if (layer instanceof SubsamplingLayer pooling) {
            format = pooling.getCnn2dDataFormat();
        } else if (layer instanceof BatchNormalization batchNorm) {
            format = batchNorm.getCnn2DFormat();
        }
        return format == CNN2DFormat.NHWC;
    }

    private static void placeIfWanted(Layer layer, String description, boolean wanted, boolean required,
                                      SignPerturbation perturbation, List<String> placed) {
        if (!wanted) {
            return;
        }
        if (!supports(layer)) {
            if (required) {
                throw new IllegalArgumentException("Cannot perturb the input of " + description + ": DL4J "
                        + "1.0.0-M2.1 does not apply (or does not backpropagate) IDropout on "
                        + layer.getClass().getSimpleName() + "; perturb the next dense or convolution layer");
            }
            return;
        }
        if (perturbation.granularity() == PerturbationGranularity.CHANNEL && channelsLast(layer)) {
            throw new IllegalArgumentException("Cannot perturb the input of " + description + " per CHANNEL: it is "
                    + "channels-last (NHWC), and CHANNEL granularity draws per [batch, channel] of NCHW activations; "
                    + "use NCHW or ELEMENT/SAMPLE granularity");
        }
        IDropout existing = layer.getIDropout();
        IDropout own = perturbation.clone();
        layer.setIDropout(existing == null ? own : new ChainedDropout(own, existing));
        placed.add(description);
    }

    private static String describe(String id, Layer layer) {
        String name = layer.getLayerName();
        return "layer " + id + (name != null && !name.equals(id) ? " '" + name + "'" : "")
                + " (" + layer.getClass().getSimpleName() + ")";
    }

    private static void checkAllMatched(Set<String> unmatched) {
        if (!unmatched.isEmpty()) {
            throw new IllegalArgumentException("No such layer(s) to perturb: " + unmatched);
        }
    }
}
