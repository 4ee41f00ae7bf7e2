package org.rtrain.experiments.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.rtrain.datasets.DataRoot;
import org.rtrain.experiments.store.StoreUrl;

import picocli.CommandLine.Option;

/**
 * Where a command finds the datasets, the run store and the committed results, and where it writes: one mixin
 * per option, so that each command takes only those it uses. Each falls back on an environment variable or a
 * default, as its description says.
 */
public final class LocationOptions {

    /** The environment variable naming the directory of committed results. */
    public static final String RESULTS_VARIABLE = "RTRAIN_RESULTS_DIR";

    private LocationOptions() {
    }

    /** {@code --data-dir}: the datasets. */
    public static final class DataDirectory {

        @Option(names = "--data-dir", paramLabel = "DIR", description = "datasets (default: $RTRAIN_DATA_DIR, else "
                + "~/.cache/rtrain/datasets)")
        private Path directory;

        /** The data root: the option, else the environment's, else the one under the home directory. */
        public DataRoot root(Map<String, String> environment) {
            return DataRoot.resolve(Optional.ofNullable(directory), environment,
                    Path.of(System.getProperty("user.home")));
        }
    }

    /** {@code --out}: results, checkpoints and reports. */
    public static final class Output {

        @Option(names = "--out", paramLabel = "DIR", description = "results, checkpoints and reports (default: out)")
        private Path directory;

        /** The output directory, {@code out} unless given. */
        public Path directory() {
            return directory == null ? Path.of("out") : directory;
        }
    }

    /** {@code --store}: the run store. */
    public static final class Store {

        @Option(names = "--store", paramLabel = "URL", description = "the run store: "
                + "jdbc:postgresql://host[:port]/db (credentials in the URL or PGUSER/PGPASSWORD) or jdbc:sqlite:FILE "
                + "(default: $RTRAIN_STORE_URL, else jdbc:sqlite:<out>/runs.db)")
        private String url;

        /** The store's URL: the option, else the environment's, else the embedded file under {@code outDir}. */
        public StoreUrl url(Map<String, String> environment, Path outDir) {
            return StoreUrl.resolve(Optional.ofNullable(url), environment, outDir);
        }
    }

    /** {@code --results}: the committed results. */
    public static final class Results {

        @Option(names = "--results", paramLabel = "DIR", description = "the committed results (default: "
                + "$RTRAIN_RESULTS_DIR, which ./rtrain sets to the repository's results/): runs found there are never "
                + "trained again, paper-scale runs are saved there too, and reports include them")
        private Path directory;

        /**
         * The directory of the committed results: the option, else {@value LocationOptions#RESULTS_VARIABLE}, which the
         * {@code rtrain} script sets to the repository's {@code results/}; empty for none.
         */
        public Optional<Path> directory(Map<String, String> environment) {
            return Optional.ofNullable(directory).or(() -> Optional.ofNullable(environment.get(RESULTS_VARIABLE))
                    .filter(value -> !value.isBlank()).map(Path::of));
        }
    }
}
