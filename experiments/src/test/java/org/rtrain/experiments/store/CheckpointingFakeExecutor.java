package org.rtrain.experiments.store;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.rtrain.experiments.spec.ExperimentSpec;
import org.rtrain.perturb.io.AtomicFile;
import org.rtrain.reports.results.RunResult;

/**
 * Stands in for the runner where training would be too slow: "trains" a few epochs of sleeps,
 * reporting progress every step and writing a checkpoint (the last finished epoch) into a shared
 * directory after each epoch, and resumes from that checkpoint when a run is executed again. Its
 * result depends only on the spec and seed ({@link StoreFixtures#resultFor}).
 */
final class CheckpointingFakeExecutor implements RunExecutor {

    static final int EPOCHS = 3;
    static final int STEPS_PER_EPOCH = 4;

    private final Path sharedDirectory;
    private final long epochMillis;
    private final PrintStream log;

    CheckpointingFakeExecutor(Path sharedDirectory, long epochMillis, PrintStream log) {
        this.sharedDirectory = sharedDirectory;
        this.epochMillis = epochMillis;
        this.log = log;
    }

    @Override
    public RunResult execute(ExperimentSpec spec, int seedIndex, RunProgress progress) throws Exception {
        RunKey key = new RunKey(spec.scale().code(), spec.id(), seedIndex);
        Path checkpoint = sharedDirectory.resolve("checkpoints").resolve(key.scale()).resolve(key.specId())
                .resolve("seed-" + seedIndex);
        int finished = Files.exists(checkpoint) ? Integer.parseInt(Files.readString(checkpoint).trim()) : 0;
        if (finished > 0) {
            log.println("resumed " + key + " from epoch " + finished);
        }
        for (int epoch = finished + 1; epoch <= EPOCHS; epoch++) {
            for (int step = 1; step <= STEPS_PER_EPOCH; step++) {
                Thread.sleep(epochMillis / STEPS_PER_EPOCH);
                progress.update(epoch, (long) (epoch - 1) * STEPS_PER_EPOCH + step);
            }
            write(checkpoint, epoch);
            log.println("checkpoint " + key + " epoch " + epoch);
        }
        return StoreFixtures.resultFor(spec, seedIndex);
    }

    private static void write(Path checkpoint, int epoch) throws IOException {
        AtomicFile.write(checkpoint, Integer.toString(epoch));
    }
}
