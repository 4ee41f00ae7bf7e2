package org.rtrain.experiments.cli;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.node.ObjectNode;
import org.rtrain.reports.results.RunResult;

/**
 * A run result without its wall-clock fields (training seconds, images per second, each epoch's
 * seconds): what two runs of one spec and seed on one machine must agree on bit for bit. Doubles
 * are compared through their JSON form, which round-trips every double exactly.
 */
final class ReproducibleFields {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TIMINGS = Set.of("trainSeconds", "imagesPerSecond");

    private ReproducibleFields() {
    }

    /** {@code result} as JSON with its wall-clock fields removed. */
    static JsonNode of(RunResult result) {
        ObjectNode node = JSON.valueToTree(result);
        TIMINGS.forEach(node::remove);
        node.withArray("trainingCurve").forEach(epoch -> ((ObjectNode) epoch).remove("seconds"));
        return node;
    }

    /** Every field where {@code actual} differs from {@code expected}, as {@code path: expected != actual}. */
    static List<String> differences(RunResult expected, RunResult actual) {
        List<String> differences = new ArrayList<>();
        compare("", of(expected), of(actual), differences);
        return differences;
    }

    private static void compare(String path, JsonNode expected, JsonNode actual, List<String> differences) {
        if (expected.isObject() && actual.isObject()) {
            Set<String> names = new TreeSet<>();
            expected.fieldNames().forEachRemaining(names::add);
            actual.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode e = expected.get(name);
                JsonNode a = actual.get(name);
                if (e == null || a == null) {
                    differences.add(path + "/" + name + ": " + e + " != " + a);
                } else {
                    compare(path + "/" + name, e, a, differences);
                }
            }
        } else if (expected.isArray() && actual.isArray() && expected.size() == actual.size()) {
            for (int i = 0; i < expected.size(); i++) {
                compare(path + "/" + i, expected.get(i), actual.get(i), differences);
            }
        } else if (!expected.equals(actual)) {
            differences.add(path + ": " + expected + " != " + actual);
        }
    }

    /** Number of leaf values compared, for reports of what was checked. */
    static int leafCount(RunResult result) {
        return count(of(result));
    }

    private static int count(JsonNode node) {
        if (!node.isContainerNode()) {
            return 1;
        }
        int total = 0;
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            total += count(fields.next().getValue());
        }
        for (JsonNode element : node.isArray() ? node : List.<JsonNode>of()) {
            total += count(element);
        }
        return total;
    }
}
