package org.rtrain.experiments.store;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a claim lasts without news from its worker, how often the worker renews it, and how many
 * times a run is claimed before the store gives up on it.
 *
 * <p>A run whose lease expires (its worker died, or lost the store for longer than the lease) is
 * claimed again by the next worker and resumes from its last checkpoint. After {@code maxAttempts}
 * claims whose leases all expired, the run is marked failed instead, so a run that kills its worker
 * every time (out of memory, a native crash) does not loop forever. An exception thrown by the run
 * itself fails it at once: it would fail the same way again.
 *
 * @param lease       how long a claim stays valid after its last renewal
 * @param renewEvery  how often the worker renews it; at most half the lease, so that one late
 *                    renewal does not lose the run
 * @param maxAttempts claims a run may have, counting the first
 */
public record LeasePolicy(Duration lease, Duration renewEvery, int maxAttempts) {

    /** Two minutes, renewed every 20 seconds, three attempts. */
    public static final LeasePolicy DEFAULT = new LeasePolicy(Duration.ofMinutes(2), Duration.ofSeconds(20), 3);

    public LeasePolicy {
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(renewEvery, "renewEvery");
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("lease must be positive, got " + lease);
        }
        if (renewEvery.isNegative() || renewEvery.isZero() || renewEvery.multipliedBy(2).compareTo(lease) > 0) {
            throw new IllegalArgumentException("renewEvery must be positive and at most half the lease (" + lease
                    + "), got " + renewEvery);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
        }
    }
}
