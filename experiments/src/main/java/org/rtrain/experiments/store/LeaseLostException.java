package org.rtrain.experiments.store;

/**
 * The worker no longer holds the run it was working on: its lease expired and another worker
 * claimed the run, or the run was released. Whatever it produced is discarded, so that each run is
 * completed exactly once.
 */
public final class LeaseLostException extends RuntimeException {

    /** @param key the run whose lease was lost */
    public LeaseLostException(RunKey key) {
        super("lost the lease on " + key + ": another worker holds it now");
    }
}
