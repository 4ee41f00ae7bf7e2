package org.rtrain.reports.results;

/** How a model is trained: the paper's plain, FGSM- and R- variants. */
public enum Variant {
    /** Standard training. */
    BASE("base"),
    /** FGSM adversarial training (Goodfellow et al. 2014). */
    FGSM("fgsm"),
    /** Training with the sign perturbation on the input and hidden activations. */
    R("r");

    private final String code;

    Variant(String code) {
        this.code = code;
    }

    /** The spelling of the paper's table CSVs: base, fgsm, r. */
    public String code() {
        return code;
    }

    /** Parses base, fgsm or r (any case). */
    public static Variant parse(String text) {
        for (Variant v : values()) {
            if (v.code.equalsIgnoreCase(text)) {
                return v;
            }
        }
        throw new IllegalArgumentException("Unknown variant '" + text + "': expected base, fgsm or r");
    }
}
