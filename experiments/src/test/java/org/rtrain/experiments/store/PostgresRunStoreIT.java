package org.rtrain.experiments.store;

/** The PostgreSQL store against the run store contract, on a real server ({@link PostgresTestDatabase}). */
class PostgresRunStoreIT extends RunStoreContract {

    @Override
    StoreUrl newStoreUrl() {
        return PostgresTestDatabase.freshSchema();
    }

    @Override
    void discard(StoreUrl storeUrl) {
        PostgresTestDatabase.drop(storeUrl);
    }
}
