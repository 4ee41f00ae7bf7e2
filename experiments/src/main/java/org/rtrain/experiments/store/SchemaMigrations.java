package org.rtrain.experiments.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates and upgrades the run store's schema, versioned in the table {@value #HISTORY_TABLE}: one
 * row per applied migration. Migration {@code n} is the resource {@code <dialect>/V<n>.sql} beside
 * this class. Every process that opens the store runs this; the migrations run in one transaction
 * under a lock ({@link Dialect#lockForMigration}), so workers started together apply each migration
 * once. A store whose schema is newer than this code is refused, never written to.
 *
 * <p>Why not Flyway: the store needs a handful of migrations in two dialects; this keeps the lock,
 * the refusal of a newer schema (Flyway ignores "future" migrations unless told otherwise) and the
 * transaction under one page of code, with no new dependencies beside DL4J's.
 */
final class SchemaMigrations {

    /** The table that records the applied migrations. */
    static final String HISTORY_TABLE = "rtrain_schema_version";

    /** What each migration does, by version (index 0 is version 1). */
    private static final List<String> DESCRIPTIONS = List.of(
            "run records: pending, claimed under a lease, running with progress, done with a result, failed");

    /** The newest schema this code knows. */
    static final int LATEST = DESCRIPTIONS.size();

    private SchemaMigrations() {
    }

    /**
     * Brings the schema up to {@link #LATEST}.
     *
     * @param connection a connection in auto-commit mode, left in manual-commit mode
     * @param store      the store's name, for messages
     * @return the schema version
     * @throws RunStoreException when the schema is newer than this code knows
     */
    static int migrate(Connection connection, Dialect dialect, String store) throws SQLException {
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            dialect.lockForMigration(connection);
            statement.execute("CREATE TABLE IF NOT EXISTS " + HISTORY_TABLE + " (version INTEGER PRIMARY KEY, "
                    + "description TEXT NOT NULL, applied_at BIGINT NOT NULL)");
            int current;
            try (ResultSet rs = statement.executeQuery("SELECT COALESCE(MAX(version), 0) FROM " + HISTORY_TABLE)) {
                rs.next();
                current = rs.getInt(1);
            }
            if (current > LATEST) {
                throw new RunStoreException("The run store " + store + " has schema version " + current
                        + ", newer than this version of rtrain knows (" + LATEST + "): another machine runs a newer "
                        + "rtrain. Update this checkout (git pull) and rebuild before using this store.");
            }
            for (int version = current + 1; version <= LATEST; version++) {
                for (String sql : statements(dialect, version)) {
                    statement.execute(sql);
                }
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + HISTORY_TABLE
                        + " (version, description, applied_at) VALUES (?, ?, " + dialect.nowMillis() + ")")) {
                    insert.setInt(1, version);
                    insert.setString(2, DESCRIPTIONS.get(version - 1));
                    insert.executeUpdate();
                }
            }
            connection.commit();
            return LATEST;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        }
    }

    /** The statements of one migration, without comments. */
    static List<String> statements(Dialect dialect, int version) {
        String resource = dialect.migrationFolder() + "/V" + version + ".sql";
        String text;
        try (InputStream in = SchemaMigrations.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Migration " + resource + " is missing from the rtrain jar");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read migration " + resource + ": " + e.getMessage(), e);
        }
        StringBuilder withoutComments = new StringBuilder();
        text.lines().filter(line -> !line.strip().startsWith("--")).forEach(line -> withoutComments.append(line)
                .append('\n'));
        List<String> statements = new ArrayList<>();
        for (String sql : withoutComments.toString().split(";")) {
            if (!sql.isBlank()) {
                statements.add(sql.strip());
            }
        }
        return statements;
    }
}
