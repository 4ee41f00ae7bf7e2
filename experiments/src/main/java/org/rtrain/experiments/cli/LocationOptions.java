package org.rtrain.experiments.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.rtrain.datasets.DataRoot;
import org.rtrain.experiments.store.RunStore;
import org.rtrain.experiments.store.StoreUrl;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where a command finds the datasets, the run store and the committed results, and where it writes: mixins, so
 * that each command takes only those it uses and each option is declared once. Each falls back on an environment
 * variable or a default, as its description says.
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

    /**
     * {@code --out} and {@code --store}: where results, checkpoints and reports go, and the run store, which is the
     * embedded file there unless named.
     */
    public static final class OutputAndStore {

        @Option(names = "--out", paramLabel = "DIR", description = "results, checkpoints and reports (default: out)")
        private Path outputDirectory;

        @Option(names = "--store", paramLabel = "URL", description = "the run store: "
                + "jdbc:postgresql://host[:port]/db (credentials in the URL or PGUSER/PGPASSWORD) or jdbc:sqlite:FILE "
                + "(default: $RTRAIN_STORE_URL, else jdbc:sqlite:<out>/runs.db)")
        private String storeUrl;

        /** The output directory, {@code out} unless given. */
        public Path outputDirectory() {
            return outputDirectory == null ? Path.of("out") : outputDirectory;
        }

        /** The store's URL: the option, else the environment's, else the embedded file in the output directory. */
        public StoreUrl storeUrl(Map<String, String> environment) {
            return StoreUrl.resolve(Optional.ofNullable(storeUrl), environment, outputDirectory());
        }
    }

    /**
     * {@code --data-dir}, {@code --out} and {@code --store}: the datasets of the runs a command executes or looks at,
     * and the run store they are in; {@code run} and the store commands take them all.
     */
    public static final class DataAndStore {

        @Mixin
        private DataDirectory data;

        @Mixin
        private OutputAndStore store;

        /** The data root, as {@link DataDirectory#root(Map)}. */
        public DataRoot dataRoot(Map<String, String> environment) {
            return data.root(environment);
        }

        /** The output directory, {@code out} unless given. */
        public Path outputDirectory() {
            return store.outputDirectory();
        }

        /** The store's URL, as {@link OutputAndStore#storeUrl(Map)}. */
        public StoreUrl storeUrl(Map<String, String> environment) {
            return store.storeUrl(environment);
        }

        /** Opens the run store, warning on {@code invocation}'s error stream as {@link StoreCommands#open} does. */
        public RunStore openStore(Main.Invocation invocation) {
            return StoreCommands.open(storeUrl(invocation.environment()), invocation.err());
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
