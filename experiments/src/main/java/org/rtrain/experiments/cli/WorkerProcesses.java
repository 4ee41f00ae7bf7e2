package org.rtrain.experiments.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.rtrain.experiments.store.StoreUrl;
import org.rtrain.experiments.store.WorkerIdentity;

/**
 * Several {@code rtrain worker} processes on this machine, each with its share of the cores, taking runs from one
 * run store until none is left. On a small CPU this trains more runs an hour than one process using every core:
 * LeNet's layers are too small to keep two threads busy (measured on a 2-core AMD EPYC: two single-threaded
 * workers trained about 1,400 images/s each, one two-threaded process about 1,690). A run's numbers depend on its
 * native thread count (the order of floating-point sums), which its provenance records.
 */
final class WorkerProcesses {

    private WorkerProcesses() {
    }

    /**
     * Starts {@code count} workers of {@code store} for the runs of {@code specIds} at {@code scale}, their output in
     * {@code <out>/logs/worker-<k>.log}, and waits for them; returns how many exited unsuccessfully.
     */
    static int runAndWait(int count, StoreUrl storeUrl, String scale, List<String> specIds, Path dataDir, Path outDir,
                          Optional<Path> results, PrintStream log) throws InterruptedException {
        int cores = Runtime.getRuntime().availableProcessors();
        String threads = Integer.toString(Math.max(1, cores / count));
        Path logs = outDir.resolve("logs");
        List<Process> workers = new ArrayList<>();
        try {
            Files.createDirectories(logs);
            for (int k = 1; k <= count; k++) {
                List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                        .toString()));
                command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
                command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "worker",
                        "--scale", scale, "--data-dir", dataDir.toString(), "--out",
                        outDir.toString(), "--worker-id", WorkerIdentity.current().host() + ":worker-" + k));
                specIds.forEach(id -> command.addAll(List.of("--spec", id)));
                results.ifPresent(dir -> command.addAll(List.of("--results", dir.toString())));
                ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(logs.resolve("worker-" + k + ".log").toFile());
                // The store through the environment, so that no password shows on a command line.
                builder.environment().put(StoreUrl.ENVIRONMENT_VARIABLE, storeUrl.url());
                for (String variable : List.of("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")) {
                    builder.environment().put(variable, threads);
                }
                workers.add(builder.start());
            }
        } catch (IOException e) {
            workers.forEach(Process::destroy);
            throw new UncheckedIOException("Cannot start the worker processes: " + e.getMessage(), e);
        }
        log.printf(Locale.ROOT, "%d worker processes, %s native thread(s) each, on %s; their output: %s/worker-*.log%n",
                count, threads, storeUrl, logs);
        Thread stop = new Thread(() -> workers.forEach(Process::destroy), "stop worker processes");
        Runtime.getRuntime().addShutdownHook(stop);
        int failed = 0;
        try {
            for (Process worker : workers) {
                failed += worker.waitFor() == 0 ? 0 : 1;
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stop);
            } catch (IllegalStateException e) {
                // Already shutting down: the hook stops the workers.
            }
        }
        return failed;
    }
}
