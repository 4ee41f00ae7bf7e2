package org.rtrain.reports.claims;

import java.util.Locale;

/** What the seeds say about one of the paper's claims (see {@link ClaimsReport#RULE}). */
public enum ClaimVerdict {
    /** The 95% confidence interval of the difference lies entirely on the claimed side of 0. */
    SUPPORTED,
    /** The 95% confidence interval lies entirely on the other side of 0. */
    CONTRADICTED,
    /** The 95% confidence interval contains 0: no difference detected at this precision. */
    NO_EFFECT_DETECTED,
    /** Fewer than 2 seeds on a side, or no variance across seeds: nothing to test. */
    NOT_TESTED;

    /** The verdict in words, as tables print it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
