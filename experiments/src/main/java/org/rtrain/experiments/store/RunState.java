package org.rtrain.experiments.store;

import java.util.Locale;

/** Where a run is in its life: pending, claimed, running, then done or failed. */
public enum RunState {
    /** Waiting for a worker. */
    PENDING,
    /** Taken by a worker under a lease, not started yet. */
    CLAIMED,
    /** Training under a lease that its worker renews; progress is recorded with each renewal. */
    RUNNING,
    /** Finished with a result. */
    DONE,
    /** Stopped with a reason; not claimed again until re-enqueued with retry. */
    FAILED;

    /** Lower-case name, as stored in the database. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The state stored as {@code code}. */
    public static RunState parse(String code) {
        for (RunState s : values()) {
            if (s.code().equals(code)) {
                return s;
            }
        }
        throw new IllegalArgumentException("Unknown run state '" + code + "' in the run store: expected one of "
                + "pending, claimed, running, done, failed");
    }
}
