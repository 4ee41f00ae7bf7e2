package org.rtrain.experiments.store;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.rtrain.experiments.spec.ExperimentSpec;
import org.rtrain.reports.results.RunResult;

/**
 * Every run of a reproduction, shared by any number of workers: pending, claimed under a lease,
 * running with progress, done with its result, or failed with its reason. Claims are atomic, so
 * each run is completed exactly once however many workers take from the store.
 *
 * <p>Two backends behind this interface: an embedded SQLite file (the default, for workers on one
 * machine) and PostgreSQL (for workers on several), chosen by {@link StoreUrl}.
 */
public interface RunStore extends AutoCloseable {

    /**
     * Opens the store at {@code url}, creating or migrating its schema.
     *
     * @throws RunStoreException when it cannot be reached, or its schema is newer than this code
     */
    static RunStore open(StoreUrl url) {
        return JdbcRunStore.open(url);
    }

    /** The store's URL, without its password. */
    String description();

    /** The version of the store's schema. */
    int schemaVersion();

    /** Milliseconds since the epoch on the store's clock, which leases are measured against. */
    long now();

    /**
     * Adds every seed of every spec as a pending run, leaving runs that are already present as they
     * are, in one transaction.
     */
    EnqueueReport enqueue(List<ExperimentSpec> specs);

    /**
     * Makes the failed runs that pass {@code filter} pending again, with their attempts reset.
     *
     * @return how many
     */
    int retryFailed(RunFilter filter);

    /**
     * Atomically takes the oldest run that passes {@code filter} and is pending or whose lease has
     * expired. A run whose lease has expired {@code policy.maxAttempts()} times is marked failed
     * instead of being claimed again.
     *
     * @return the claim, or empty when there is nothing to take
     */
    Optional<RunClaim> claim(WorkerIdentity worker, RunFilter filter, LeasePolicy policy);

    /**
     * Renews the claim's lease for {@code lease} from now, marks the run running and records its
     * progress.
     *
     * @param progress the latest epoch and step, or null when none has been reported
     * @return false when the claim is no longer the run's (the lease expired and the run was taken)
     */
    boolean heartbeat(RunClaim claim, ProgressPoint progress, Duration lease);

    /**
     * Stores the run's result and marks it done.
     *
     * @throws LeaseLostException when the claim is no longer the run's; the result is not stored
     * @throws IllegalArgumentException when {@code result} is not the claimed run's
     */
    void complete(RunClaim claim, RunResult result);

    /**
     * Marks the run failed with {@code reason}.
     *
     * @return false when the claim is no longer the run's (nothing is recorded)
     */
    boolean fail(RunClaim claim, String reason);

    /**
     * Gives the run back as pending, without counting the claim as an attempt (a worker that is
     * asked to stop).
     *
     * @return false when the claim is no longer the run's
     */
    boolean release(RunClaim claim);

    /**
     * Ends the lease of {@code key} now if {@code workerId} still holds it, so the next claim takes the
     * run over at once: for a worker known to be dead (its process is gone from this machine).
     *
     * @return false when the run is no longer held by that worker
     */
    boolean expireLease(RunKey key, String workerId);

    /** The runs that pass {@code filter}, oldest first. */
    List<RunRecord> runs(RunFilter filter);

    /** How many runs that pass {@code filter} are in each state (every state is a key). */
    Map<RunState, Integer> counts(RunFilter filter);

    /**
     * The results of the done runs, of one scale or all, ordered by scale, spec and seed as
     * {@link org.rtrain.reports.results.ResultStore#readAll()} orders them: what the reports read.
     */
    List<RunResult> results(Optional<String> scale);

    /** Closes the connections the store keeps open; it cannot be used afterwards. */
    @Override
    void close();

    /**
     * Where a run has got to.
     *
     * @param epoch the epoch being trained, from 1
     * @param step  steps done in the run so far
     */
    record ProgressPoint(int epoch, long step) {
    }
}
