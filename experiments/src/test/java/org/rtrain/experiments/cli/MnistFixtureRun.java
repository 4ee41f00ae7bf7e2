package org.rtrain.experiments.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.rtrain.datasets.DataRoot;
import org.rtrain.datasets.fixtures.IdxFixtures;

/**
 * The set-up of the end-to-end tests: a synthetic MNIST-format fixture in a test's directory ({@code data/mnist}),
 * and the command line run on it with {@code --data-dir} and {@code --out} ({@code out}) there.
 */
final class MnistFixtureRun {

    /** What a command returned and printed. */
    record Outcome(int code, String out, String err) {
    }

    private final Path data;
    private final Path out;

    /** Writes the fixture under {@code dir}: as {@link IdxFixtures#writeMnistLike}, not gzipped. */
    MnistFixtureRun(Path dir, int trainCount, int testCount, long seed) throws IOException {
        this(dir, trainCount, testCount, seed, false);
    }

    /** Writes the fixture under {@code dir}: as {@link IdxFixtures#writeMnistLike}. */
    MnistFixtureRun(Path dir, int trainCount, int testCount, long seed, boolean gzip) throws IOException {
        this.data = dir.resolve("data");
        this.out = dir.resolve("out");
        IdxFixtures.writeMnistLike(data.resolve("mnist"), trainCount, testCount, seed, gzip);
    }

    /** The data directory, holding {@code mnist}. */
    Path data() {
        return data;
    }

    /** The data directory as a data root, for an {@code ExperimentRunner}. */
    DataRoot dataRoot() {
        return new DataRoot(data, "test");
    }

    /** The output directory the commands are given. */
    Path out() {
        return out;
    }

    /** Runs {@code rtrain <args> --data-dir <data> --out <out>}. */
    Outcome run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--data-dir", data.toString(), "--out", out.toString()));
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int code = Main.run(all.toArray(String[]::new), new PrintStream(stdout), new PrintStream(stderr));
        return new Outcome(code, stdout.toString(), stderr.toString());
    }
}
