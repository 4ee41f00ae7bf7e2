package org.rtrain.experiments.store;

import java.util.Objects;

/**
 * A run a worker holds under a lease. Every later change the worker makes to the run (progress,
 * result, failure, release) names the claim's token, and is refused once another claim has
 * replaced it.
 *
 * @param id       the run's row in the store
 * @param key      scale, spec and seed
 * @param specJson the spec as enqueued
 * @param attempt  how many times the run has been claimed, this claim included
 * @param token    unique to this claim
 * @param worker   who holds it
 */
public record RunClaim(long id, RunKey key, String specJson, int attempt, String token, WorkerIdentity worker) {

    public RunClaim {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(specJson, "specJson of " + key);
        Objects.requireNonNull(token, "token of " + key);
        Objects.requireNonNull(worker, "worker of " + key);
    }
}
