package org.rtrain.experiments.store;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * The real PostgreSQL server the store's PostgreSQL tests run against, never a mock: the server
 * named by {@value #URL_VARIABLE} (CI: installed and started by {@code .ci/run}), else one that
 * Testcontainers starts where a Docker engine is available. With neither, the tests FAIL, saying how
 * to provide one; a developer who cannot must opt out explicitly with
 * {@code -D}{@value #SKIP_PROPERTY}{@code =skip}, and the tests then abort with a banner.
 *
 * <p>Each test gets a schema of its own ({@code currentSchema} in the URL), dropped afterwards.
 */
final class PostgresTestDatabase {

    /** The environment variable (or system property of the same name in lower case) with the server's URL. */
    static final String URL_VARIABLE = "RTRAIN_TEST_POSTGRES_URL";
    /** The system property that, set to {@code skip}, aborts the PostgreSQL tests instead of failing them. */
    static final String SKIP_PROPERTY = "rtrain.test.postgres";
    /** The image Testcontainers runs: the PostgreSQL version Debian 12 installs. */
    static final String IMAGE = "postgres:15-alpine";

    private static String serverUrl;
    private static PostgreSQLContainer<?> container;

    private PostgresTestDatabase() {
    }

    /** A store URL on a new, empty schema. */
    static StoreUrl freshSchema() {
        String server = server();
        String schema = "rtrain_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute(server, "CREATE SCHEMA " + schema);
        return StoreUrl.of(server + (server.contains("?") ? "&" : "?") + "currentSchema=" + schema, System.getenv());
    }

    /** Drops the schema of a store made by {@link #freshSchema()}. */
    static void drop(StoreUrl store) {
        String url = store.url();
        String schema = url.substring(url.indexOf("currentSchema=") + "currentSchema=".length());
        execute(serverUrl, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    /** What the server is, for the tests' output. */
    static String describe() {
        String server = server();
        return (container != null ? "Testcontainers " + IMAGE + " at " : URL_VARIABLE + " = ")
                + StoreUrl.of(server, System.getenv());
    }

    private static void execute(String url, String sql) {
        try (Connection c = Dialect.POSTGRESQL.connect(StoreUrl.of(url, System.getenv()));
             Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL test server " + StoreUrl.of(url, System.getenv()) + ": " + sql
                    + ": " + e.getMessage(), e);
        }
    }

    private static synchronized String server() {
        if (serverUrl != null) {
            return serverUrl;
        }
        String configured = System.getenv(URL_VARIABLE);
        if (configured == null || configured.isBlank()) {
            configured = System.getProperty(URL_VARIABLE.toLowerCase(Locale.ROOT).replace('_', '.'));
        }
        if (configured != null && !configured.isBlank()) {
            serverUrl = configured;
            return serverUrl;
        }
        if (DockerClientFactory.instance().isDockerAvailable()) {
            container = new PostgreSQLContainer<>(IMAGE);
            container.start();
            serverUrl = container.getJdbcUrl() + (container.getJdbcUrl().contains("?") ? "&" : "?") + "user="
                    + container.getUsername() + "&password=" + container.getPassword();
            return serverUrl;
        }
        String how = "No PostgreSQL server for the run store's PostgreSQL tests: no " + URL_VARIABLE
                + " and no Docker engine for Testcontainers. Start Docker, or install and start PostgreSQL "
                + "(Debian: apt-get install -y postgresql; see .ci/run, which creates the role and database) and "
                + "export " + URL_VARIABLE + "='jdbc:postgresql://127.0.0.1:5432/rtrain_test?user=rtrain&password="
                + "rtrain'. To build without these tests, pass -D" + SKIP_PROPERTY + "=skip (CI never does).";
        if ("skip".equals(System.getProperty(SKIP_PROPERTY))) {
            System.err.println("\n*** SKIPPING THE POSTGRESQL RUN STORE TESTS (-D" + SKIP_PROPERTY + "=skip): the "
                    + "PostgreSQL store is NOT tested in this build. ***\n");
            Assumptions.abort("PostgreSQL tests skipped on request (-D" + SKIP_PROPERTY + "=skip)");
        }
        return fail(how);
    }
}
