package org.rtrain.perturb;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonValue;

/**
 * The placements an experiment names: the sign perturbation on the network input, on every hidden
 * activation a weighted layer reads, or on both. Written in JSON as its {@link #code()}, e.g.
 * {@code "input+hidden"}.
 */
public enum PerturbationScope {
    /** On the network input only. */
    INPUT("input", PerturbationPlacement.input()),
    /** On every hidden activation a weighted layer reads. */
    HIDDEN("hidden", PerturbationPlacement.allHidden()),
    /** On the input and on every hidden activation a weighted layer reads. */
    INPUT_AND_HIDDEN("input+hidden", PerturbationPlacement.inputAndAllHidden());

    private final String code;
    private final PerturbationPlacement placement;

    PerturbationScope(String code, PerturbationPlacement placement) {
        this.code = code;
        this.placement = placement;
    }

    /** The name specs and the command line use: {@code input}, {@code hidden} or {@code input+hidden}. */
    @JsonValue
    public String code() {
        return code;
    }

    /** The placement this scope stands for. */
    public PerturbationPlacement placement() {
        return placement;
    }

    /**
     * The scope named {@code code}, in any letter case.
     *
     * @throws IllegalArgumentException when no scope has that code (null included)
     */
    @JsonCreator
    public static PerturbationScope fromCode(String code) {
        String lowerCase = code == null ? "" : code.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(scope -> scope.code.equals(lowerCase)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown perturbation placement '" + code
                        + "': expected input, hidden or input+hidden"));
    }

    /** The scope that stands for {@code placement}; empty when it is none of the three (e.g. named layers). */
    public static Optional<PerturbationScope> of(PerturbationPlacement placement) {
        return Arrays.stream(values()).filter(scope -> scope.placement.equals(placement)).findFirst();
    }
}
