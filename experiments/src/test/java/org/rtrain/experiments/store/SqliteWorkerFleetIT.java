package org.rtrain.experiments.store;

import java.util.UUID;

/**
 * The fleet test on the embedded store: four processes claim from one SQLite file, which is what
 * proves that the embedded store's claims are atomic across processes.
 */
class SqliteWorkerFleetIT extends WorkerFleetContract {

    @Override
    StoreUrl newStoreUrl() {
        return StoreUrl.embedded(dir.resolve(UUID.randomUUID() + "/runs.db"));
    }
}
