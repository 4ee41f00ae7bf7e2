package org.rtrain.perturb;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a network gets the sign perturbation: on its input, on hidden activations, or both.
 *
 * <p>DL4J applies a layer's {@code IDropout} to that layer's input, so "on the network input"
 * means on the layers fed by a network input, and "on a hidden activation" means on a layer fed
 * by another layer. A layer that already has a dropout keeps it: the perturbation is chained in
 * front of it ({@link ChainedDropout}).
 *
 * <p>In DL4J 1.0.0-M2.1 only some layer implementations apply {@code IDropout} in the forward
 * pass <em>and</em> backpropagate through it: dense, output, and 2D (also depthwise and separable)
 * convolution layers. Pooling, batch normalisation and activation layers ignore it, and
 * deconvolution applies it without backpropagating through it. {@link #allHidden()} therefore
 * perturbs every supported layer fed by another layer (the activations entering a pooling layer are
 * perturbed where the pooled result enters the next supported layer); naming an unsupported layer
 * is an error.
 *
 * @param onInput        perturb the layers fed by a network input
 * @param onAllHidden    perturb every supported layer fed by another layer
 * @param hiddenLayers   perturb these layers (MultiLayerNetwork: the layer index as a string, or
 *                       its name; ComputationGraph: the vertex name); ignored when onAllHidden
 */
public record PerturbationPlacement(boolean onInput, boolean onAllHidden, Set<String> hiddenLayers) {

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
                || type == DepthwiseConvolution2D.class || type == SeparableConvolution2D.class;
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
     * A copy of {@code conf} with a clone of {@code perturbation} on each placed layer vertex.
     *
     * @throws IllegalArgumentException when a named vertex does not exist, is not a layer or ignores
     *                                  IDropout
     */
    public ComputationGraphConfiguration applyTo(ComputationGraphConfiguration conf,
                                                 SignPerturbation perturbation) {
        ComputationGraphConfiguration copy = conf.clone();
        Set<String> networkInputs = Set.copyOf(copy.getNetworkInputs());
        Set<String> unmatched = new LinkedHashSet<>(hiddenLayers);
        List<String> placed = new ArrayList<>();
        for (Map.Entry<String, GraphVertex> entry : copy.getVertices().entrySet()) {
            String name = entry.getKey();
            boolean named = unmatched.remove(name);
            if (!(entry.getValue() instanceof LayerVertex vertex)) {
                if (named) {
                    throw new IllegalArgumentException("Vertex '" + name + "' is a "
                            + entry.getValue().getClass().getSimpleName() + ", not a layer: it cannot carry "
                            + "the perturbation");
                }
                continue;
            }
            Layer layer = vertex.getLayerConf().getLayer();
            boolean fedByInput = copy.getVertexInputs().get(name).stream().anyMatch(networkInputs::contains);
            boolean wanted = fedByInput ? onInput || named : onAllHidden || named;
            placeIfWanted(layer, describe(name, layer), wanted, named || (fedByInput && onInput), perturbation, placed);
        }
        checkAllMatched(unmatched);
        log.info("Sign perturbation placed on: {}", placed);
        return copy;
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
