package org.rtrain.experiments.store;

import java.util.Optional;

/**
 * Which runs a worker takes or a listing shows: any combination of scale, table and spec id; an
 * empty field matches everything.
 *
 * @param scale  only runs of this scale
 * @param table  only runs of this paper table
 * @param specId only runs of this spec (a table row)
 */
public record RunFilter(Optional<String> scale, Optional<Integer> table, Optional<String> specId) {

    /** Every run. */
    public static final RunFilter ALL = new RunFilter(Optional.empty(), Optional.empty(), Optional.empty());

    public RunFilter {
        scale = scale == null ? Optional.empty() : scale;
        table = table == null ? Optional.empty() : table;
        specId = specId == null ? Optional.empty() : specId;
    }

    /** Runs of one scale. */
    public static RunFilter scale(String scale) {
        return new RunFilter(Optional.of(scale), Optional.empty(), Optional.empty());
    }

    /** {@code all runs}, or the fields that are set, e.g. {@code scale smoke table 4}. */
    @Override
    public String toString() {
        if (this.equals(ALL)) {
            return "all runs";
        }
        StringBuilder text = new StringBuilder();
        scale.ifPresent(s -> text.append("scale ").append(s).append(' '));
        table.ifPresent(t -> text.append("table ").append(t).append(' '));
        specId.ifPresent(s -> text.append("spec ").append(s).append(' '));
        return text.toString().trim();
    }
}
