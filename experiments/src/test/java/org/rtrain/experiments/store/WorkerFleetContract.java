package org.rtrain.experiments.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rtrain.experiments.spec.ExperimentSpec;
import org.rtrain.reports.results.RunResult;

/**
 * Four worker PROCESSES on one store, 40 smoke runs, one worker killed with {@code kill -9} in the
 * middle of a run: every run is completed exactly once, the killed worker's run is taken over after
 * its lease expires and resumed from its checkpoint in the shared directory, and the results equal
 * those of the same runs on one machine. Runs use {@link CheckpointingFakeExecutor}, so that 40 runs
 * take seconds; {@code StoreEndToEndIT} trains for real.
 */
abstract class WorkerFleetContract {

    static final int RUNS = 40;
    static final int WORKERS = 4;
    private static final Pattern DONE = Pattern.compile("^done (\\S+) in ");
    private static final Pattern CHECKPOINT = Pattern.compile("^checkpoint (\\S+) epoch (\\d+)$");

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    /** A URL of a new, empty store. */
    abstract StoreUrl newStoreUrl();

    /** Removes a store made by {@link #newStoreUrl()}. */
    void discard(StoreUrl url) {
    }

    @AfterEach
    void killLeftovers() {
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void fortyRunsOnFourWorkerProcessesOneKilledEachRunCompletedOnce() throws Exception {
        List<ExperimentSpec> specs = StoreFixtures.smokeSpecs(RUNS);
        StoreUrl url = newStoreUrl();
        try (RunStore store = RunStore.open(url)) {
            assertEquals(RUNS, store.enqueue(specs).added());
            Path shared = dir.resolve("shared");
            long begun = System.nanoTime();
            List<Path> logs = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                // Worker 0 is the victim: slow enough to be caught in the middle of its first run.
                long epochMillis = w == 0 ? 4_000 : 150;
                logs.add(dir.resolve("worker-" + w + ".log"));
                started.add(startWorker(url, shared, "worker-" + w, epochMillis, logs.get(w)));
            }

            RunKey victimRun = awaitCheckpointWithoutResult(logs.get(0), Duration.ofSeconds(120));
            Process victim = started.get(0);
            new ProcessBuilder("kill", "-9", Long.toString(victim.pid())).inheritIO().start().waitFor();
            assertTrue(victim.waitFor(30, TimeUnit.SECONDS), "the killed worker is gone");
            assertEquals(137, victim.exitValue(), "killed by SIGKILL");

            for (int w = 1; w < WORKERS; w++) {
                Process survivor = started.get(w);
                assertTrue(survivor.waitFor(180, TimeUnit.SECONDS), "worker-" + w + " finished; log:\n" + read(logs.get(w)));
                assertEquals(0, survivor.exitValue(), read(logs.get(w)));
            }
            double seconds = (System.nanoTime() - begun) / 1e9;

            Map<RunKey, List<String>> completions = new TreeMap<>(this::compare);
            for (int w = 0; w < WORKERS; w++) {
                for (String line : Files.readAllLines(logs.get(w))) {
                    Matcher m = DONE.matcher(line);
                    if (m.find()) {
                        completions.computeIfAbsent(parse(m.group(1)), k -> new ArrayList<>()).add("worker-" + w);
                    }
                }
            }
            int duplicates = completions.values().stream().mapToInt(list -> list.size() - 1).sum();
            assertEquals(RUNS, completions.size(), "runs completed: " + completions.keySet());
            assertEquals(0, duplicates, "runs completed more than once: " + completions);

            List<String> finishers = completions.get(victimRun);
            assertTrue(finishers != null && !finishers.contains("worker-0"), victimRun + " finished by " + finishers);
            RunRecord taken = store.runs(RunFilter.spec(victimRun.scale(), victimRun.specId())).stream()
                    .filter(r -> r.key().equals(victimRun)).findFirst()
                    .orElseThrow();
            assertEquals(2, taken.attempts(), "claimed by the victim, then by its successor");
            assertEquals(finishers.get(0), taken.worker().id());
            String successorLog = read(logs.get(Integer.parseInt(finishers.get(0).substring("worker-".length()))));
            assertTrue(successorLog.contains("resumed " + victimRun + " from epoch "), successorLog);

            Map<RunState, Integer> counts = store.counts(RunFilter.ALL);
            assertEquals(RUNS, counts.get(RunState.DONE), counts.toString());
            List<RunResult> fromFleet = store.results(Optional.empty());
            List<RunResult> fromOneMachine = oneMachine(specs);
            assertEquals(fromOneMachine, fromFleet);

            System.out.printf("run store fleet on %s: %d runs, %d worker processes, 1 killed (kill -9 in %s), "
                    + "taken over by %s, %d duplicate completions, %d results equal to one machine's, %.1f s%n",
                    url.isEmbedded() ? "embedded SQLite" : "PostgreSQL", RUNS, WORKERS, victimRun, finishers.get(0),
                    duplicates, fromFleet.size(), seconds);
        } finally {
            discard(url);
        }
    }

    /** The same runs, with the same executor, by one worker on a store of its own. */
    private List<RunResult> oneMachine(List<ExperimentSpec> specs) throws InterruptedException {
        Path alone = dir.resolve("one-machine");
        try (RunStore store = RunStore.open(StoreUrl.embedded(alone.resolve("runs.db")))) {
            store.enqueue(specs);
            PrintStream quiet = new PrintStream(PrintStream.nullOutputStream());
            new RunWorker(store, new CheckpointingFakeExecutor(alone, 0, quiet), WorkerOptions.defaults(), quiet).work();
            return store.results(Optional.empty());
        }
    }

    private static Process startWorker(StoreUrl url, Path shared, String id, long epochMillis, Path log)
            throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), FleetWorkerMain.class.getName(), url.url(), shared.toString(),
                id, Long.toString(epochMillis), "2000", "400", "100")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Waits until the log shows a checkpoint of a run that the worker has not finished: it is mid-run. */
    private static RunKey awaitCheckpointWithoutResult(Path log, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log)) {
                Map<String, Boolean> finished = new HashMap<>();
                String lastCheckpointed = null;
                for (String line : Files.readAllLines(log)) {
                    Matcher checkpoint = CHECKPOINT.matcher(line);
                    if (checkpoint.find()) {
                        lastCheckpointed = checkpoint.group(1);
                    }
                    Matcher done = DONE.matcher(line);
                    if (done.find()) {
                        finished.put(done.group(1), true);
                    }
                }
                if (lastCheckpointed != null && !finished.containsKey(lastCheckpointed)) {
                    return parse(lastCheckpointed);
                }
            }
            Thread.sleep(50);
        }
        return fail("the victim never got into a run; its log:\n" + read(log));
    }

    private static RunKey parse(String text) {
        String[] parts = text.split("/");
        return new RunKey(parts[0], parts[1], Integer.parseInt(parts[2].substring("seed-".length())));
    }

    private int compare(RunKey a, RunKey b) {
        return a.toString().compareTo(b.toString());
    }

    private static String read(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log) : "(no log)";
    }
}
