package org.rtrain.experiments.cli;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.rtrain.experiments.store.RunFilter;
import org.rtrain.reports.results.Scale;
import picocli.CommandLine.Option;

/** The options of {@code worker} and {@code status} that pick runs in the store: by scale, table and spec. */
public final class RunFilterOptions {

    @Option(names = "--scale", paramLabel = "smoke|quick|paper",
            completionCandidates = SelectionOptions.ScaleCodes.class, description = "only runs of this scale (default: every scale)")
    private Scale scale;

    @Option(names = "--table", paramLabel = "N", converter = PositiveIntegerConverter.class,
            description = "only runs of Table N")
    private Integer table;

    @Option(names = "--spec", paramLabel = "ID", description = "only runs of the spec with this id (repeatable)")
    private List<String> specIds;

    /** The runs these options pick. */
    public RunFilter filter() {
        return new RunFilter(Optional.ofNullable(scale).map(Scale::code), Optional.ofNullable(table),
                specIds == null ? Set.of() : Set.copyOf(specIds));
    }
}
