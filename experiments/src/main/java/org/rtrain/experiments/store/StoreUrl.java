package org.rtrain.experiments.store;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * Where the run store lives, as a JDBC URL: {@code jdbc:sqlite:<file>} for the embedded store, or
 * {@code jdbc:postgresql://<host>[:<port>]/<database>} for a PostgreSQL server. PostgreSQL
 * credentials go in the URL ({@code ?user=...&password=...}) or in the environment variables
 * {@code PGUSER} and {@code PGPASSWORD}; the URL's win.
 */
public final class StoreUrl {

    /** The environment variable that selects the store when no option does. */
    public static final String ENVIRONMENT_VARIABLE = "RTRAIN_STORE_URL";
    /** The embedded store's file under the output directory. */
    public static final String EMBEDDED_FILE = "runs.db";

    private final String url;
    private final Dialect dialect;
    private final Properties credentials;

    private StoreUrl(String url, Dialect dialect, Properties credentials) {
        this.url = url;
        this.dialect = dialect;
        this.credentials = credentials;
    }

    /**
     * The store named by {@code url}; PostgreSQL credentials missing from it are taken from
     * {@code environment}'s PGUSER and PGPASSWORD.
     */
    public static StoreUrl of(String url, Map<String, String> environment) {
        Objects.requireNonNull(url, "url");
        Dialect dialect = Dialect.forUrl(url).orElseThrow(() -> new IllegalArgumentException("Unknown run store URL '"
                + redact(url) + "': expected jdbc:postgresql://<host>[:<port>]/<database> or jdbc:sqlite:<file>"));
        if (dialect == Dialect.SQLITE) {
            String file = dialect.filePart(url);
            if (file.isBlank() || file.startsWith(":memory:") || file.startsWith("file:")) {
                throw new IllegalArgumentException("The embedded run store needs a file path, e.g. jdbc:sqlite:out/"
                        + EMBEDDED_FILE + ", got '" + url + "': workers share the store through that file");
            }
        }
        Properties credentials = new Properties();
        if (dialect == Dialect.POSTGRESQL) {
            Optional.ofNullable(environment.get("PGUSER")).ifPresent(u -> credentials.setProperty("user", u));
            Optional.ofNullable(environment.get("PGPASSWORD")).ifPresent(p -> credentials.setProperty("password", p));
        }
        return new StoreUrl(url, dialect, credentials);
    }

    /** The embedded store in {@code file}. */
    public static StoreUrl embedded(Path file) {
        return of("jdbc:sqlite:" + file, Map.of());
    }

    /**
     * The store selected by the {@code --store} option, else by {@value #ENVIRONMENT_VARIABLE}, else
     * the embedded store {@value #EMBEDDED_FILE} under {@code outDir}.
     */
    public static StoreUrl resolve(Optional<String> option, Map<String, String> environment, Path outDir) {
        Optional<String> chosen = option.or(() -> Optional.ofNullable(environment.get(ENVIRONMENT_VARIABLE))
                .filter(s -> !s.isBlank()));
        return chosen.map(u -> of(u, environment)).orElseGet(() -> embedded(outDir.resolve(EMBEDDED_FILE)));
    }

    /** The JDBC URL, password included. */
    public String url() {
        return url;
    }

    /** True for the embedded SQLite store. */
    public boolean isEmbedded() {
        return dialect == Dialect.SQLITE;
    }

    /** The embedded store's file; empty for a server. */
    public Optional<Path> embeddedFile() {
        return isEmbedded() ? Optional.of(Path.of(dialect.filePart(url))) : Optional.empty();
    }

    Dialect dialect() {
        return dialect;
    }

    /** The connection properties taken from the environment (a copy). */
    Properties credentials() {
        Properties copy = new Properties();
        copy.putAll(credentials);
        return copy;
    }

    /** The URL with its password masked, for messages and {@code status}. */
    @Override
    public String toString() {
        return redact(url);
    }

    private static String redact(String text) {
        return text.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }
}
