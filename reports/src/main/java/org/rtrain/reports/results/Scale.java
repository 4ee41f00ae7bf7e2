package org.rtrain.reports.results;

import java.util.Locale;

/** How big a reproduction is. Every result records its scale. */
public enum Scale {
    /** Synthetic fixtures in the real file formats, a few steps: proves the machinery, run by the tests. */
    SMOKE,
    /** Real data present on the machine, reduced epochs: minutes on a 2-core CPU. */
    QUICK,
    /** The original hyperparameters of each model's own paper, on a GPU. */
    PAPER;

    /** Lower-case name, as in directory names and on the command line. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses smoke, quick or paper (any case). */
    public static Scale parse(String text) {
        for (Scale s : values()) {
            if (s.code().equalsIgnoreCase(text)) {
                return s;
            }
        }
        throw new IllegalArgumentException("Unknown scale '" + text + "': expected smoke, quick or paper");
    }
}
