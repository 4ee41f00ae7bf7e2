package org.rtrain.experiments.store;

import java.time.Duration;
import java.util.Objects;

/**
 * How a worker takes runs from the store.
 *
 * @param identity     who the worker is, as the store records it
 * @param filter       which runs it takes
 * @param leasePolicy  lease length, renewal period and attempts per run
 * @param waitForWork  keep polling for new runs once everything is finished (a standing worker),
 *                     rather than exiting
 * @param pollEvery    how long to sleep between looks at the store when nothing can be claimed
 */
public record WorkerOptions(WorkerIdentity identity, RunFilter filter, LeasePolicy leasePolicy, boolean waitForWork,
                            Duration pollEvery) {

    /** Ten seconds between looks at the store when idle. */
    public static final Duration DEFAULT_POLL = Duration.ofSeconds(10);

    public WorkerOptions {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(leasePolicy, "leasePolicy");
        Objects.requireNonNull(pollEvery, "pollEvery");
        if (pollEvery.isNegative() || pollEvery.isZero()) {
            throw new IllegalArgumentException("pollEvery must be positive, got " + pollEvery);
        }
    }

    /** This process, every run, the default lease, exiting when everything is finished. */
    public static WorkerOptions defaults() {
        return new WorkerOptions(WorkerIdentity.current(), RunFilter.ALL, LeasePolicy.DEFAULT, false, DEFAULT_POLL);
    }
}
