package org.rtrain.experiments.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

import org.sqlite.SQLiteConfig;

/** What differs between the two databases the run store runs on. */
enum Dialect {

    /**
     * Embedded: one file, shared by the processes of one machine. SQLite serialises writers with
     * file locks that the operating system drops when a process dies, so a worker killed in the middle
     * of a claim leaves nothing locked. Every write transaction is {@code BEGIN IMMEDIATE}: it takes
     * the write lock before its first read, so a claim's select-then-update cannot interleave with
     * another process's; others wait for the lock (busy timeout) instead of failing. WAL journaling
     * lets {@code status} read while a worker writes.
     */
    SQLITE("jdbc:sqlite:", "CAST(unixepoch('subsec') * 1000 AS INTEGER)", "") {
        @Override
        Connection connect(StoreUrl url) throws SQLException {
            Path file = Path.of(filePart(url.url()));
            Path parent = file.toAbsolutePath().getParent();
            try {
                Files.createDirectories(parent);
            } catch (IOException e) {
                throw new SQLException("cannot create the directory " + parent + " of the embedded store: " + e, e);
            }
            SQLiteConfig config = new SQLiteConfig();
            config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
            return DriverManager.getConnection(url.url(), config.toProperties());
        }

        @Override
        void lockForMigration(Connection connection) {
            // The IMMEDIATE transaction the migration runs in already holds the database's write lock.
        }
    },

    /**
     * A server shared by workers on any number of machines. Claims lock the chosen row with
     * {@code FOR UPDATE SKIP LOCKED}, so concurrent claimers never wait on, or take, each other's row.
     * Times come from the server's clock ({@code clock_timestamp()}), so leases do not depend on the
     * workers' clocks agreeing.
     */
    POSTGRESQL("jdbc:postgresql:", "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)",
            " FOR UPDATE SKIP LOCKED") {
        @Override
        Connection connect(StoreUrl url) throws SQLException {
            Properties properties = url.credentials();
            properties.setProperty("ApplicationName", "rtrain");
            return DriverManager.getConnection(url.url(), properties);
        }

        @Override
        void lockForMigration(Connection connection) throws SQLException {
            // Workers started together all migrate: a transaction-scoped advisory lock makes them take turns,
            // so CREATE TABLE IF NOT EXISTS never races (PostgreSQL's IF NOT EXISTS is not concurrency-safe).
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
            }
        }
    };

    /** How long a SQLite writer waits for another process's write lock before giving up. */
    static final int BUSY_TIMEOUT_MILLIS = 60_000;
    private static final long MIGRATION_LOCK = 0x7274_7261_696EL; // "rtrain"

    private final String prefix;
    private final String nowMillis;
    private final String lockClause;

    Dialect(String prefix, String nowMillis, String lockClause) {
        this.prefix = prefix;
        this.nowMillis = nowMillis;
        this.lockClause = lockClause;
    }

    /** The dialect of a JDBC URL. */
    static Optional<Dialect> forUrl(String url) {
        for (Dialect d : values()) {
            if (url.startsWith(d.prefix) && url.length() > d.prefix.length()) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /** Opens a connection in auto-commit mode. */
    abstract Connection connect(StoreUrl url) throws SQLException;

    /** Serialises schema migrations among processes; called first in the migration's transaction. */
    abstract void lockForMigration(Connection connection) throws SQLException;

    /** SQL for the database's current time in milliseconds since the epoch. */
    String nowMillis() {
        return nowMillis;
    }

    /** What a claim's SELECT ends with to lock the row it picks. */
    String lockClause() {
        return lockClause;
    }

    /** The resource folder of this dialect's migrations. */
    String migrationFolder() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The part of the URL after the prefix, without parameters: the file of an embedded store. */
    String filePart(String url) {
        String rest = url.substring(prefix.length());
        int query = rest.indexOf('?');
        return query < 0 ? rest : rest.substring(0, query);
    }
}
