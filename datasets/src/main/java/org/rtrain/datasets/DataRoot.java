package org.rtrain.datasets;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where datasets are looked for and downloaded to: the command-line option if given, else the
 * environment variable {@value #ENVIRONMENT_VARIABLE}, else {@code ~/.cache/rtrain/datasets}.
 *
 * @param path   the directory
 * @param origin how it was chosen, for messages
 */
public record DataRoot(Path path, String origin) {

    /** Environment variable naming the data root. */
    public static final String ENVIRONMENT_VARIABLE = "RTRAIN_DATA_DIR";

    /** Resolves the root from an optional explicit directory and the process environment. */
    public static DataRoot resolve(Optional<Path> explicit) {
        return resolve(explicit, System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /** Resolves the root from an optional explicit directory, an environment and a home directory. */
    public static DataRoot resolve(Optional<Path> explicit, Map<String, String> environment, Path home) {
        if (explicit.isPresent()) {
            return new DataRoot(explicit.get(), "--data-dir");
        }
        String fromEnvironment = environment.get(ENVIRONMENT_VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return new DataRoot(Path.of(fromEnvironment), "$" + ENVIRONMENT_VARIABLE);
        }
        return new DataRoot(home.resolve(".cache").resolve("rtrain").resolve("datasets"), "default");
    }

    /** The user's home directory, where DL4J and DataVec keep their download caches. */
    static Path userHome() {
        return Path.of(System.getProperty("user.home"));
    }
}
