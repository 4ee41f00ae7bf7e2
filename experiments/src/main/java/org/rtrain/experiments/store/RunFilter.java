package org.rtrain.experiments.store;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which runs a worker takes or a listing shows: any combination of scale, table and spec id; an
 * empty field matches everything.
 *
 * @param scale  only runs of this scale
 * @param table  only runs of this paper table
 * @param specIds only runs of these specs (table rows); empty for every spec
 */
public record RunFilter(Optional<String> scale, Optional<Integer> table, Set<String> specIds) {

    /** Every run. */
    public static final RunFilter ALL = new RunFilter(Optional.empty(), Optional.empty(), Set.of());

    public RunFilter {
        scale = scale == null ? Optional.empty() : scale;
        table = table == null ? Optional.empty() : table;
        specIds = specIds == null ? Set.of() : Set.copyOf(new TreeSet<>(specIds));
    }

    /** Runs of one scale. */
    public static RunFilter scale(String scale) {
        return new RunFilter(Optional.of(scale), Optional.empty(), Set.of());
    }

    /** Runs of one spec at one scale. */
    public static RunFilter spec(String scale, String specId) {
        return new RunFilter(Optional.of(scale), Optional.empty(), Set.of(specId));
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
        if (!specIds.isEmpty()) {
            text.append(specIds.size() == 1 ? "spec " : "specs ").append(String.join(", ", new TreeSet<>(specIds)))
                    .append(' ');
        }
        return text.toString().trim();
    }
}
