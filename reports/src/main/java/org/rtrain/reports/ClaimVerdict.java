package org.rtrain.reports;

import java.util.Locale;

/** What the seeds say about one of the paper's claims (see {@link ClaimsReport#RULE}). */
public enum ClaimVerdict {
    /** The difference has the claimed sign and Welch's test finds it significant. */
    SUPPORTED,
    /** The difference has the opposite sign and Welch's test finds it significant. */
    CONTRADICTED,
    /** Too few seeds, no variance, or no significant difference. */
    INCONCLUSIVE;

    /** The verdict in lower case, as tables print it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
