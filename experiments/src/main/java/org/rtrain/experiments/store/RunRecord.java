package org.rtrain.experiments.store;

import java.util.Objects;

/**
 * What the store knows about one run. Times are milliseconds since the epoch on the database's
 * clock, so workers on machines whose clocks disagree still agree on lease expiry.
 *
 * @param key            scale, spec and seed
 * @param table          the paper table of its spec
 * @param state          pending, claimed, running, done or failed
 * @param attempts       how many times it has been claimed
 * @param worker         who holds or last held it; null when never claimed
 * @param enqueuedAt     when it was added
 * @param claimedAt      when its current or last claim was made; null when never claimed
 * @param heartbeatAt    when its worker last renewed the lease; null when never claimed
 * @param leaseExpiresAt when the current lease runs out; null unless claimed or running
 * @param epoch          the epoch last reported by the runner; null when none was
 * @param step           the step last reported by the runner; null when none was
 * @param finishedAt     when it became done or failed; null otherwise
 * @param failure        why it failed; null unless failed
 */
public record RunRecord(RunKey key, int table, RunState state, int attempts, WorkerIdentity worker, long enqueuedAt,
                        Long claimedAt, Long heartbeatAt, Long leaseExpiresAt, Integer epoch, Long step,
                        Long finishedAt, String failure) {

    public RunRecord {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(state, "state of " + key);
    }
}
