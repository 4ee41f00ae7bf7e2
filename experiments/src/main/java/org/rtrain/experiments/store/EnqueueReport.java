package org.rtrain.experiments.store;

import java.util.List;

/**
 * What an enqueue did. Enqueueing is idempotent: a run already in the store is left as it is, even
 * when its spec has changed since (those are listed, so the change is not silently ignored).
 *
 * @param added          runs added as pending
 * @param alreadyPresent runs that were in the store already
 * @param changedSpecs   runs already present whose stored spec differs from the one given
 */
public record EnqueueReport(int added, int alreadyPresent, List<RunKey> changedSpecs) {

    public EnqueueReport {
        changedSpecs = List.copyOf(changedSpecs);
    }
}
