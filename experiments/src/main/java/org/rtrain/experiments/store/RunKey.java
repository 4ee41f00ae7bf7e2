package org.rtrain.experiments.store;

import java.util.Objects;

/**
 * Identifies one run: a spec at a scale and one of its seeds. The store holds at most one record
 * per key, which is what makes enqueueing idempotent.
 *
 * @param scale     smoke, quick or paper
 * @param specId    the spec's id
 * @param seedIndex index of the seed among the spec's seeds, from 0
 */
public record RunKey(String scale, String specId, int seedIndex) {

    public RunKey {
        Objects.requireNonNull(scale, "scale");
        Objects.requireNonNull(specId, "specId");
        if (seedIndex < 0) {
            throw new IllegalArgumentException("seedIndex of " + specId + " must be >= 0, got " + seedIndex);
        }
    }

    /** {@code <scale>/<specId>/seed-<index>}, the same layout as the result directories. */
    @Override
    public String toString() {
        return scale + "/" + specId + "/seed-" + seedIndex;
    }
}
