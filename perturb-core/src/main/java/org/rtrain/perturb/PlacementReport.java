package org.rtrain.perturb;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;

/**
 * Where a configured network carries the sign perturbation: every activation that a layer or vertex
 * reads, whether it is perturbed, by what, and if not, why.
 *
 * <p>For a ComputationGraph the activations are the network inputs and the vertex outputs (the
 * perturbation vertices themselves are the perturbed values, not listed); one is perturbed when a
 * {@link PerturbationVertex} reads it, or, for each consumer separately, when a consumer layer carries
 * a {@link SignPerturbation} as its {@code IDropout}. For a MultiLayerNetwork they are the layer inputs,
 * perturbed by the layer's {@code IDropout}.
 *
 * @param activations every activation of the network, in graph order
 */
public record PlacementReport(List<Activation> activations) {

    public PlacementReport {
        activations = List.copyOf(activations);
    }

    /**
     * One activation.
     *
     * @param name               the network input, vertex or layer producing it (MultiLayerNetwork: "input of
     *                           layer i")
     * @param elementsPerExample its size per example
     * @param perturbedBy        what perturbs it (a vertex, or layers' IDropouts), or null
     * @param consumers          the vertices or layers reading it
     * @param reason             why it is not perturbed, or null when it is
     */
    public record Activation(String name, long elementsPerExample, String perturbedBy, List<String> consumers,
                             String reason) {

        public Activation {
            Objects.requireNonNull(name, "name");
            consumers = List.copyOf(consumers);
            if ((perturbedBy == null) == (reason == null)) {
                throw new IllegalArgumentException("activation " + name + ": exactly one of perturbedBy and reason");
            }
        }

        public boolean perturbed() {
            return perturbedBy != null;
        }
    }

    /** The report of a graph whose network inputs have {@code inputTypes}. */
    public static PlacementReport of(ComputationGraphConfiguration conf, InputType... inputTypes) {
        ComputationGraphConfiguration copy = conf.clone();
        Map<String, InputType> types = new LinkedHashMap<>();
        for (int i = 0; i < inputTypes.length; i++) {
            types.put(copy.getNetworkInputs().get(i), inputTypes[i]);
        }
        types.putAll(copy.getLayerActivationTypes(false, inputTypes));
        Map<String, List<String>> consumers = new LinkedHashMap<>();
        copy.getVertexInputs().forEach((vertex, inputs) -> inputs.forEach(
                input -> consumers.computeIfAbsent(input, k -> new ArrayList<>()).add(vertex)));
        List<String> names = new ArrayList<>(copy.getNetworkInputs());
        names.addAll(copy.getVertices().keySet());
        List<Activation> activations = new ArrayList<>();
        for (String name : names) {
            if (copy.getVertices().get(name) instanceof PerturbationVertex) {
                continue;
            }
            List<String> readers = consumers.getOrDefault(name, List.of());
            List<String> vertices = readers.stream()
                    .filter(reader -> copy.getVertices().get(reader) instanceof PerturbationVertex).toList();
            List<String> dropouts = readers.stream()
                    .filter(reader -> carriesSignPerturbation(copy.getVertices().get(reader))).toList();
            long elements = types.get(name).arrayElementsPerExample();
            if (!vertices.isEmpty()) {
                List<String> through = consumers.getOrDefault(vertices.get(0), List.of());
                activations.add(new Activation(name, elements, "vertex " + String.join(", ", vertices), through, null));
            } else if (!dropouts.isEmpty()) {
                activations.add(new Activation(name, elements, "IDropout of " + String.join(", ", dropouts)
                        + " (one draw per consumer)", readers, null));
            } else {
                activations.add(new Activation(name, elements, null, readers, reason(copy, name, readers)));
            }
        }
        return new PlacementReport(activations);
    }

    /** The report of a chain whose input has {@code inputType}. */
    public static PlacementReport of(MultiLayerConfiguration conf, InputType inputType) {
        List<InputType> outputs = conf.getLayerActivationTypes(inputType);
        List<Activation> activations = new ArrayList<>();
        for (int i = 0; i < conf.getConfs().size(); i++) {
            Layer layer = conf.getConf(i).getLayer();
            InputType in = i == 0 ? inputType : outputs.get(i - 1);
            InputPreProcessor preProcessor = conf.getInputPreProcess(i);
            if (preProcessor != null) {
                in = preProcessor.getOutputType(in);
            }
            String name = "input of layer " + i + (layer.getLayerName() == null ? "" : " '" + layer.getLayerName() + "'");
            String kind = layer.getClass().getSimpleName();
            List<String> reader = List.of(i + " (" + kind + ")");
            if (containsSignPerturbation(layer.getIDropout())) {
                activations.add(new Activation(name, in.arrayElementsPerExample(), "IDropout of layer " + i, reader,
                        null));
            } else {
                activations.add(new Activation(name, in.arrayElementsPerExample(), null, reader,
                        PerturbationPlacement.supports(layer) ? "not placed"
                                : kind + " ignores IDropout (perturbed where its output enters the next layer that can"
                                + " carry it)"));
            }
        }
        return new PlacementReport(activations);
    }

    private static String reason(ComputationGraphConfiguration conf, String name, List<String> readers) {
        if (readers.isEmpty()) {
            return "network output, read by no vertex";
        }
        if (readers.stream().noneMatch(reader -> PerturbationPlacement.readsWithWeights(conf.getVertices().get(reader)))) {
            return "read by no weighted layer (only by " + String.join(", ", readers) + ")";
        }
        return conf.getNetworkInputs().contains(name) ? "the placement leaves the network input alone"
                : "the placement leaves hidden activations alone";
    }

    private static boolean carriesSignPerturbation(GraphVertex vertex) {
        return vertex instanceof LayerVertex layer && containsSignPerturbation(layer.getLayerConf().getLayer()
                .getIDropout());
    }

    private static boolean containsSignPerturbation(IDropout dropout) {
        return dropout instanceof SignPerturbation
                || (dropout instanceof ChainedDropout chained && (containsSignPerturbation(chained.first())
                || containsSignPerturbation(chained.second())));
    }

    /** The perturbed activations. */
    public List<Activation> perturbed() {
        return activations.stream().filter(Activation::perturbed).toList();
    }

    /** The activations left unperturbed. */
    public List<Activation> unperturbed() {
        return activations.stream().filter(activation -> !activation.perturbed()).toList();
    }

    /** Elements per example that carry the perturbation. */
    public long perturbedElementsPerExample() {
        return perturbed().stream().mapToLong(Activation::elementsPerExample).sum();
    }

    /** One line: how many activations and elements per example carry the perturbation. */
    public String summary() {
        long all = activations.stream().mapToLong(Activation::elementsPerExample).sum();
        return String.format(Locale.ROOT, "%d of %d activations perturbed, %,d of %,d elements per example",
                perturbed().size(), activations.size(), perturbedElementsPerExample(), all);
    }

    /** The summary, then one line per activation. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(summary()).append('\n');
        for (Activation a : activations) {
            text.append(String.format(Locale.ROOT, "  %s %-28s %,12d  %s%n", a.perturbed() ? "+" : "-", a.name(),
                    a.elementsPerExample(), a.perturbed() ? "perturbed by " + a.perturbedBy() + ", read by "
                            + String.join(", ", a.consumers()) : a.reason()));
        }
        return text.toString();
    }
}
