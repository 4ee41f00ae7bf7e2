package org.rtrain.reports.results;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;
import org.rtrain.perturb.io.AtomicFile;
import org.rtrain.perturb.io.FaultInjection;

/**
 * Saved run results under a directory, one {@code result.json} per run at
 * {@code <root>/<scale>/<specId>/seed-<index>/result.json}. Files are written through an
 * {@link AtomicFile}, so a crash never leaves a half-written result; a crash may leave a
 * {@code result.json*.tmp} file, which nothing reads.
 */
public final class ResultStore {

    /** File name of a run's result. */
    public static final String RESULT_FILE = "result.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path root;

    /** A store rooted at {@code root} (typically {@code out/runs}). */
    public ResultStore(Path root) {
        this.root = root;
    }

    /** The directory the store reads and writes. */
    public Path root() {
        return root;
    }

    /** The directory of one run. */
    public Path runDirectory(Scale scale, String specId, int seedIndex) {
        return root.resolve(scale.code()).resolve(specId).resolve("seed-" + seedIndex);
    }

    /** The saved result of one run, if it finished. */
    public Optional<RunResult> find(Scale scale, String specId, int seedIndex) {
        Path file = runDirectory(scale, specId, seedIndex).resolve(RESULT_FILE);
        return Files.isRegularFile(file) ? Optional.of(read(file)) : Optional.empty();
    }

    /**
     * Saves {@code result} atomically: written to a temporary file, forced to disk, then moved into
     * place; on failure the temporary file is removed and any earlier result file is untouched. Returns
     * the file.
     *
     * <p>Its {@link FaultInjection} points, with the seed index as occurrence, in order:
     * {@code result-temp-written} (the temporary file written, not forced to disk), {@code result-temp-synced}
     * (forced, not moved), and, crash only, {@code result-moved} ({@code result.json} in place; the run's
     * checkpoints not yet cleared, the run store not yet told).
     */
    public Path write(RunResult result) {
        Path target = runDirectory(result.scale(), result.specId(), result.seedIndex()).resolve(RESULT_FILE);
        try (AtomicFile file = AtomicFile.create(target)) {
            JSON.writeValue(file.temporary().toFile(), result);
            FaultInjection.at("result-temp-written", result.seedIndex());
            file.sync();
            FaultInjection.at("result-temp-synced", result.seedIndex());
            file.commit();
            FaultInjection.crashAt("result-moved", result.seedIndex());
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write result " + target + ": " + e.getMessage(), e);
        }
    }

    /** Every saved result, in a stable order. */
    public List<RunResult> readAll() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<RunResult> results = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(f -> f.getFileName().toString().equals(RESULT_FILE)).sorted().forEach(f -> results.add(read(f)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list results under " + root + ": " + e.getMessage(), e);
        }
        results.sort(Comparator.comparing((RunResult r) -> r.scale().code()).thenComparing(RunResult::specId)
                .thenComparingInt(RunResult::seedIndex));
        return results;
    }

    private static RunResult read(Path file) {
        try {
            RunResult result = JSON.readValue(file.toFile(), RunResult.class);
            if (result == null) {
                throw new IOException("it holds JSON null");
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("Result file " + file + " is not a valid run result: " + e.getMessage(), e);
        }
    }
}
