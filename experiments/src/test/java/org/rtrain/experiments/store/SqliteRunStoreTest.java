package org.rtrain.experiments.store;

import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.io.TempDir;

/** The embedded (SQLite) store against the run store contract. */
class SqliteRunStoreTest extends RunStoreContract {

    @TempDir
    Path dir;

    @Override
    StoreUrl newStoreUrl() {
        return StoreUrl.embedded(dir.resolve(UUID.randomUUID() + "/runs.db"));
    }
}
