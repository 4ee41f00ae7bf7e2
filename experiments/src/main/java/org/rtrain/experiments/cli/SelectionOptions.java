package org.rtrain.experiments.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.rtrain.reports.results.Scale;
import org.rtrain.reports.results.Variant;
import picocli.CommandLine.Option;

/**
 * The options that select specs, shared by {@code list}, {@code show}, {@code placement}, {@code run} and
 * {@code enqueue}; {@link Main#selected(SelectionOptions)} turns them into specs.
 */
public final class SelectionOptions {

    @Option(names = "--scale", paramLabel = "smoke|quick|paper", completionCandidates = ScaleCodes.class,
            description = "the specs of this scale (default: quick)")
    private Scale scale;

    @Option(names = "--table", paramLabel = "N", converter = PositiveIntegerConverter.class,
            description = "only rows of Table N (1-5)")
    private Integer table;

    @Option(names = "--spec", paramLabel = "ID", description = "only the spec with this id (repeatable)")
    private List<String> specIds;

    @Option(names = "--variant", paramLabel = "base|fgsm|r", completionCandidates = VariantCodes.class,
            description = "only this variant")
    private Variant variant;

    @Option(names = "--model", paramLabel = "NAME", description = "only rows of this model, e.g. LeNet (as list "
            + "spells it; any case)")
    private String model;

    @Option(names = "--eps-sweep", paramLabel = "E1,E2,...", description = "the R- specs once per perturbation "
            + "epsilon, e.g. 0,0.05,0.1,0.2,0.3")
    private String epsSweep;

    @Option(names = "--spec-file", paramLabel = "FILE", description = "specs from a JSON file (one spec or an array)"
            + " instead of the catalog")
    private Path specFile;

    @Option(names = "--set", paramLabel = "PATH=VALUE", description = "change a spec field, e.g. --set "
            + "training.epochs=3 (repeatable)")
    private List<String> assignments;

    @Option(names = "--seeds", paramLabel = "N", converter = PositiveIntegerConverter.class,
            description = "number of seeds of every selected spec")
    private Integer seeds;

    /** The scales as typed on the command line, for shell completion. */
    public static final class ScaleCodes extends ArrayList<String> {
        ScaleCodes() {
            super(Stream.of(Scale.values()).map(Scale::code).toList());
        }
    }

    /** The variants as typed on the command line, for shell completion. */
    public static final class VariantCodes extends ArrayList<String> {
        VariantCodes() {
            super(Stream.of(Variant.values()).map(Variant::code).toList());
        }
    }

    /** The scale, quick unless given. */
    public Scale scale() {
        return scale == null ? Scale.QUICK : scale;
    }

    /** The table number as given, not yet checked against the tables there are. */
    public Optional<Integer> table() {
        return Optional.ofNullable(table);
    }

    /** The spec ids asked for, empty for all. */
    public List<String> specIds() {
        return specIds == null ? List.of() : List.copyOf(specIds);
    }

    /** The variant asked for. */
    public Optional<Variant> variant() {
        return Optional.ofNullable(variant);
    }

    /** The model asked for, in any case. */
    public Optional<String> model() {
        return Optional.ofNullable(model);
    }

    /** The epsilons of the sweep as typed, comma-separated. */
    public Optional<String> epsSweep() {
        return Optional.ofNullable(epsSweep);
    }

    /** The JSON file to read specs from instead of the catalog. */
    public Optional<Path> specFile() {
        return Optional.ofNullable(specFile);
    }

    /** The {@code PATH=VALUE} field changes, in order. */
    public List<String> assignments() {
        return assignments == null ? List.of() : List.copyOf(assignments);
    }

    /** The number of seeds asked for. */
    public Optional<Integer> seeds() {
        return Optional.ofNullable(seeds);
    }
}
