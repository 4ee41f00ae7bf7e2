package org.rtrain.experiments.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rtrain.datasets.fixtures.IdxFixtures;
import org.rtrain.experiments.cli.Main;
import org.rtrain.reports.results.ResultStore;
import org.rtrain.reports.results.RunResult;

/**
 * Table 4's smoke runs trained for real by two {@code worker} processes sharing a PostgreSQL store
 * and an output directory, against the same runs trained by {@code run} on one machine: the reports'
 * inputs (every result, wall-clock times aside) are the same.
 */
class StoreEndToEndIT {

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();
    private StoreUrl url;

    @AfterEach
    void cleanUp() {
        started.forEach(Process::destroyForcibly);
        if (url != null) {
            PostgresTestDatabase.drop(url);
        }
    }

    @Test
    void twoWorkerProcessesOnPostgresGiveTheResultsOfOneMachine() throws Exception {
        Path data = dir.resolve("data");
        IdxFixtures.writeMnistLike(data.resolve("mnist"), 160, 80, 3, true);
        url = PostgresTestDatabase.freshSchema();
        Path shared = dir.resolve("shared-out");

        String enqueued = main("enqueue", "--scale", "smoke", "--table", "4", "--spec", "t4-mnist-lenet-base", "--spec",
                "t4-mnist-lenet-fgsm", "--spec", "t4-mnist-lenet-r", "--store", url.url(), "--out", shared.toString());
        assertTrue(enqueued.contains("enqueued 6 runs of 3 specs"), enqueued);

        List<Path> logs = List.of(dir.resolve("worker-a.log"), dir.resolve("worker-b.log"));
        for (Path log : logs) {
            started.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx2g", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "worker",
                    "--store", url.url(), "--data-dir", data.toString(), "--out", shared.toString(),
                    "--poll-seconds", "1", "--lease-seconds", "30", "--renew-seconds", "5")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start());
        }
        int[] done = new int[logs.size()];
        for (int w = 0; w < logs.size(); w++) {
            Process worker = started.get(w);
            assertTrue(worker.waitFor(300, TimeUnit.SECONDS), "worker still running; log:\n" + read(logs.get(w)));
            assertEquals(0, worker.exitValue(), read(logs.get(w)));
            done[w] = (int) read(logs.get(w)).lines().filter(l -> l.startsWith("done smoke/")).count();
        }
        assertEquals(6, done[0] + done[1], "each of the 6 runs done once");

        String status = main("status", "--store", url.url());
        assertTrue(status.contains("pending 0   claimed 0   running 0   done 6   failed 0   (6 runs)"), status);
        assertEquals(6, new ResultStore(shared.resolve("runs")).readAll().size(), "result files in the shared output");

        main("run", "--scale", "smoke", "--spec", "t4-mnist-lenet-base", "--spec", "t4-mnist-lenet-fgsm", "--spec",
                "t4-mnist-lenet-r", "--data-dir", data.toString(), "--out", dir.resolve("one-machine").toString());
        List<RunResult> oneMachine = new ResultStore(dir.resolve("one-machine/runs")).readAll();
        List<RunResult> fromStore;
        try (RunStore store = RunStore.open(url)) {
            fromStore = store.results(Optional.of("smoke"));
        }
        assertEquals(6, oneMachine.size());
        assertEquals(withoutWallClock(oneMachine), withoutWallClock(fromStore));
        System.out.printf("run store end to end on PostgreSQL: 6 LeNet smoke runs by 2 worker processes (%d + %d), "
                + "results equal to one machine's%n", done[0], done[1]);
    }

    /** The results with their timings zeroed: the only part of a result that differs between two machines. */
    private static List<RunResult> withoutWallClock(List<RunResult> results) {
        return results.stream().map(r -> new RunResult(r.specId(), r.paperRow(), r.epsSweep(), r.scale(),
                r.perturbationEpsilon(),
                r.datasetUsed(), r.datasetChecksum(), r.datasetVerified(), r.seedIndex(), r.seed(), r.status(),
                r.failure(), r.epochs(), r.trainExamples(), 0, 0, r.parameters(), r.multiplyAdds(), r.clean(),
                r.disturbances(), r.attacks(), r.trainingCurve().stream()
                        .map(e -> new org.rtrain.reports.results.EpochRecord(e.epoch(), e.trainLoss(),
                                e.testErrorPct(), 0))
                        .toList(), r.provenance())).toList();
    }

    private static String main(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, String.join(" ", args) + ": " + err.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String read(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log) : "(no log)";
    }
}
