package org.rtrain.experiments.store;

import org.rtrain.experiments.spec.ExperimentSpec;
import org.rtrain.reports.results.RunResult;

/**
 * Trains and evaluates one run of a spec: what a worker does with each run it claims. A run claimed
 * again after its worker died is executed again with the same spec and seed, so an executor that
 * checkpoints into a directory the workers share resumes it from its last checkpoint.
 */
@FunctionalInterface
public interface RunExecutor {

    /**
     * Runs seed {@code seedIndex} of {@code spec}.
     *
     * @param spec      the spec as enqueued
     * @param seedIndex which of its seeds
     * @param progress  where to report epoch and step as training goes
     * @return the result, with its provenance
     * @throws Exception when the run cannot be completed; the worker records it as the run's failure
     */
    RunResult execute(ExperimentSpec spec, int seedIndex, RunProgress progress) throws Exception;
}
