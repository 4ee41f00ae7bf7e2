package org.rtrain.experiments.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.node.ObjectNode;
import org.nd4j.shade.jackson.databind.node.TextNode;

/**
 * Specs as data: reads specs from a JSON file and changes fields of a spec by path, e.g.
 * {@code training.epochs=3} or {@code perturbation.epsilon=0.2}, without recompiling. The result is
 * validated as any spec is.
 */
public final class SpecOverrides {

    private SpecOverrides() {
    }

    /**
     * {@code spec} with each {@code path=value} assignment applied in order. A value that parses as JSON
     * (a number, true/false, null, an object, an array or a quoted string) is taken as such, anything
     * else as a string.
     */
    public static ExperimentSpec apply(ExperimentSpec spec, List<String> assignments) {
        if (assignments.isEmpty()) {
            return spec;
        }
        ObjectNode root = ExperimentSpec.json().valueToTree(spec);
        for (String assignment : assignments) {
            int equals = assignment.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("--set expects path=value (e.g. training.epochs=3), got '"
                        + assignment + "'");
            }
            set(root, assignment.substring(0, equals).trim(), value(assignment.substring(equals + 1)), spec.id());
        }
        return ExperimentSpec.fromJson(root.toString());
    }

    /** The specs in {@code file}: one spec object or an array of them. */
    public static List<ExperimentSpec> readFile(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read spec file " + file + ": " + e.getMessage(), e);
        }
        JsonNode node;
        try {
            node = ExperimentSpec.json().readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Spec file " + file + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
        List<ExperimentSpec> specs = new ArrayList<>();
        for (JsonNode spec : node.isArray() ? node : List.of(node)) {
            try {
                specs.add(ExperimentSpec.fromJson(spec.toString()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Spec file " + file + ", spec " + (specs.size() + 1) + ": "
                        + e.getMessage(), e);
            }
        }
        return specs;
    }

    private static void set(ObjectNode root, String path, JsonNode value, String specId) {
        String[] parts = path.split("\\.");
        ObjectNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            if (child == null || !child.isObject()) {
                throw new IllegalArgumentException("--set " + path + ": spec " + specId + " has no object field '"
                        + String.join(".", java.util.Arrays.copyOf(parts, i + 1)) + "'");
            }
            node = (ObjectNode) child;
        }
        String field = parts[parts.length - 1];
        if (!node.has(field)) {
            throw new IllegalArgumentException("--set " + path + ": spec " + specId + " has no field '" + path
                    + "'; fields here: " + iterableToString(node.fieldNames()));
        }
        node.set(field, value);
    }

    private static JsonNode value(String text) {
        try {
            JsonNode parsed = ExperimentSpec.json().readTree(text);
            return parsed == null || parsed.isMissingNode() ? TextNode.valueOf(text) : parsed;
        } catch (JsonProcessingException e) {
            return TextNode.valueOf(text);
        }
    }

    private static String iterableToString(java.util.Iterator<String> names) {
        List<String> list = new ArrayList<>();
        names.forEachRemaining(list::add);
        return String.join(", ", list);
    }
}
