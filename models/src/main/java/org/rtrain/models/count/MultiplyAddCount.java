package org.rtrain.models.count;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Multiply-adds of one forward pass of one example, in total and per layer.
 *
 * @param total   the sum over all layers and vertices
 * @param byLayer layer (vertex name, or index for a MultiLayerNetwork) to its multiply-adds, in
 *                forward order; layers without weights are left out
 */
public record MultiplyAddCount(long total, Map<String, Long> byLayer) {

    public MultiplyAddCount {
        byLayer = Collections.unmodifiableMap(new LinkedHashMap<>(byLayer));
        long sum = byLayer.values().stream().mapToLong(Long::longValue).sum();
        if (sum != total) {
            throw new IllegalArgumentException("total " + total + " differs from the sum of the layers, " + sum);
        }
    }

    /** The count from a per-layer map. */
    static MultiplyAddCount of(Map<String, Long> byLayer) {
        return new MultiplyAddCount(byLayer.values().stream().mapToLong(Long::longValue).sum(), byLayer);
    }
}
