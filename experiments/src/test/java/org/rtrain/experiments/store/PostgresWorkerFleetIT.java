package org.rtrain.experiments.store;

/** The fleet test on a real PostgreSQL server ({@link PostgresTestDatabase}). */
class PostgresWorkerFleetIT extends WorkerFleetContract {

    @Override
    StoreUrl newStoreUrl() {
        return PostgresTestDatabase.freshSchema();
    }

    @Override
    void discard(StoreUrl url) {
        PostgresTestDatabase.drop(url);
    }
}
