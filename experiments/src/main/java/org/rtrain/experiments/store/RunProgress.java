package org.rtrain.experiments.store;

/**
 * Where a run has got to, reported by the runner as it trains. The store shows the latest report
 * with each lease renewal; a worker that has lost its lease answers the next report with a
 * {@link LeaseLostException}, which stops the run so that its new holder alone finishes it.
 */
@FunctionalInterface
public interface RunProgress {

    /** Ignores every report (a run outside any store). */
    RunProgress NONE = (epoch, step) -> {
    };

    /**
     * Reports progress; cheap enough to call after every step.
     *
     * @param epoch the epoch being trained, from 1 (0 before the first)
     * @param step  training steps done in the run so far
     * @throws LeaseLostException when the run now belongs to another worker
     */
    void update(int epoch, long step);
}
