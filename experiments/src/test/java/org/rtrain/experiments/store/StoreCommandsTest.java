package org.rtrain.experiments.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rtrain.experiments.cli.Main;

/** enqueue and status through the project's command line, on the default embedded store. */
class StoreCommandsTest {

    @TempDir
    Path dir;

    private record Outcome(int code, String out, String err) {
    }

    private Outcome main(String... args) {
        return run(null, args);
    }

    private Outcome run(Map<String, String> environment, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        int code = environment == null ? Main.run(args, o, e) : Main.run(args, environment, o, e);
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private String out() {
        return dir.resolve("out").toString();
    }

    @Test
    void enqueueIsIdempotentAndStatusCountsTheRuns() {
        Outcome first = main("enqueue", "--scale", "smoke", "--table", "4", "--spec", "t4-mnist-lenet-base", "--spec",
                "t4-mnist-lenet-fgsm", "--spec", "t4-mnist-lenet-r", "--out", out());
        assertEquals(0, first.code(), first.err());
        String store = "jdbc:sqlite:" + dir.resolve("out").resolve("runs.db");
        assertTrue(first.out().contains("enqueued 6 runs of 3 specs into " + store + " (0 were there already)"),
                first.out());
        assertTrue(Files.isRegularFile(dir.resolve("out/runs.db")));
        Outcome again = main("enqueue", "--scale", "smoke", "--table", "4", "--spec", "t4-mnist-lenet-base", "--spec",
                "t4-mnist-lenet-fgsm", "--spec", "t4-mnist-lenet-r", "--out", out());
        assertTrue(again.out().contains("enqueued 0 runs of 3 specs into " + store + " (6 were there already)"),
                again.out());
        Outcome status = main("status", "--out", out());
        assertEquals(0, status.code(), status.err());
        assertTrue(status.out().contains("run store " + store + " (schema " + SchemaMigrations.LATEST + "), all runs"),
                status.out());
        assertTrue(status.out().contains("pending 6   claimed 0   running 0   done 0   failed 0   (6 runs)"),
                status.out());
    }

    @Test
    void enqueueSelectsARowWithSeedsOrAnEpsSweep() {
        Outcome row = main("enqueue", "--scale", "smoke", "--spec", "t4-mnist-lenet-fgsm", "--seeds", "3",
                "--out", out());
        assertTrue(row.out().contains("enqueued 3 runs of 1 specs"), row.out());
        Outcome sweep = main("enqueue", "--scale", "smoke", "--spec", "t4-mnist-lenet-r", "--eps-sweep", "0,0.05", "--out",
                out());
        assertTrue(sweep.out().contains("enqueued 4 runs of 2 specs"), sweep.out());
        try (RunStore store = RunStore.open(StoreUrl.embedded(dir.resolve("out/runs.db")))) {
            assertEquals(7, store.runs(RunFilter.ALL).size());
            RunFilter point = new RunFilter(Optional.empty(), Optional.empty(), Set.of("t4-mnist-lenet-r-eps0.05"));
            assertEquals(2, store.runs(point).size());
            RunClaim claim = store.claim(WorkerIdentity.current(), point, LeasePolicy.DEFAULT).orElseThrow();
            assertEquals(0.05,
                    org.rtrain.experiments.spec.ExperimentSpec.fromJson(claim.specJson()).perturbation().epsilon());
        }
        Outcome status = main("status", "--spec", "t4-mnist-lenet-r-eps0", "--out", out());
        assertTrue(status.out().contains("(2 runs)"), status.out());
    }

    @Test
    void statusShowsRunsInFlightWithProgressAndFailuresWithTheirReason() throws Exception {
        main("enqueue", "--scale", "smoke", "--spec", "t4-mnist-lenet-base", "--spec", "t4-mnist-lenet-fgsm", "--spec",
                "t4-mnist-lenet-r", "--out", out());
        try (RunStore store = RunStore.open(StoreUrl.embedded(dir.resolve("out/runs.db")))) {
            WorkerIdentity gpu1 = new WorkerIdentity("gpu1:4242", "gpu1", 4242);
            RunClaim running = store.claim(gpu1, RunFilter.ALL, LeasePolicy.DEFAULT).orElseThrow();
            store.heartbeat(running, new RunStore.ProgressPoint(2, 40), Duration.ofMinutes(2));
            RunClaim failing = store.claim(gpu1, RunFilter.ALL, LeasePolicy.DEFAULT).orElseThrow();
            store.fail(failing, "java.lang.IllegalStateException: loss is NaN at epoch 3\n\tat org.rtrain.Somewhere");
            store.claim(new WorkerIdentity("gpu2:7", "gpu2", 7), RunFilter.ALL,
                    new LeasePolicy(Duration.ofMillis(100), Duration.ofMillis(50), 3)).orElseThrow();
            Thread.sleep(300);
        }
        Outcome status = main("status", "--out", out());
        assertTrue(status.out().contains("pending 3   claimed 1   running 1   done 0   failed 1   (6 runs)"),
                status.out());
        String running = status.out().lines().filter(l -> l.contains("smoke/t4-mnist-lenet-base/seed-0"))
                .findFirst().orElse("");
        assertTrue(running.contains("running") && running.contains("gpu1:4242") && running.contains("epoch 2 step 40")
                && running.matches(".* expires in \\d+ s"), status.out());
        // Claimed seed by seed across the specs: base 0 (running), FGSM- 0 (failed), R- 0 (lease expired).
        String expired = status.out().lines().filter(l -> l.contains("smoke/t4-mnist-lenet-r/seed-0"))
                .findFirst().orElse("");
        assertTrue(expired.contains("gpu2:7")
                && expired.matches(".* EXPIRED \\d+ s ago: the next worker takes it over"), status.out());
        String failed = status.out().lines().filter(l -> l.contains("smoke/t4-mnist-lenet-fgsm/seed-0"))
                .findFirst().orElse("");
        assertTrue(failed.endsWith("attempt 1 on gpu1:4242: java.lang.IllegalStateException: loss is NaN at epoch 3"),
                status.out());
        assertFalse(status.out().contains("Somewhere"), "only the first line of a failure is shown");
    }

    @Test
    void theStoreComesFromTheOptionElseTheEnvironmentElseTheOutputDirectory() {
        Path other = dir.resolve("elsewhere/store.db");
        Map<String, String> environment = Map.of(StoreUrl.ENVIRONMENT_VARIABLE, "jdbc:sqlite:" + other);
        Outcome fromEnvironment = run(environment, "enqueue", "--scale", "smoke", "--out", out());
        assertTrue(fromEnvironment.out().contains("into jdbc:sqlite:" + other), fromEnvironment.out());
        Path third = dir.resolve("third.db");
        Outcome fromOption = run(environment, "status", "--store", "jdbc:sqlite:" + third, "--out", out());
        assertTrue(fromOption.out().contains("run store jdbc:sqlite:" + third), fromOption.out());
        assertFalse(Files.exists(dir.resolve("out/runs.db")));

        StoreUrl postgres = StoreUrl.of("jdbc:postgresql://db.example:5432/rtrain?user=sweep&password=s3cret",
                Map.of("PGUSER", "ignored", "PGPASSWORD", "ignored-too"));
        assertEquals("jdbc:postgresql://db.example:5432/rtrain?user=sweep&password=***", postgres.toString());
        assertFalse(postgres.isEmbedded());
        StoreUrl fromPg = StoreUrl.of("jdbc:postgresql://db.example/rtrain", Map.of("PGUSER", "u", "PGPASSWORD", "p"));
        assertEquals("u", fromPg.credentials().getProperty("user"));
        assertEquals("p", fromPg.credentials().getProperty("password"));
    }

    @Test
    void badInputIsReportedWithWhatIsAllowed() throws Exception {
        assertError(main("worker", "--epochs", "3"), "Unknown options: '--epochs', '3'; options of rtrain worker: "
                + "--data-dir");
        assertError(main("status", "--store", "jdbc:mysql://db/rtrain?password=hunter2"),
                "Unknown run store URL 'jdbc:mysql://db/rtrain?password=***': expected jdbc:postgresql://");
        assertError(main("status", "--store", "jdbc:sqlite::memory:"), "The embedded run store needs a file path");
        assertError(main("enqueue", "--scale", "smoke", "--spec", "nope", "--out", out()),
                "No spec [nope] at scale smoke; 'rtrain list --scale smoke' shows the spec ids");
        assertError(main("enqueue", "--scale", "smoke", "--eps-sweep", "0,abc", "--out", out()),
                "--eps-sweep takes comma-separated epsilons >= 0");
        assertError(main("enqueue", "--scale", "smoke", "--variant", "base", "--eps-sweep", "0.1", "--out", out()),
                "--eps-sweep sweeps R- rows, and the selection has none");
        assertError(main("worker", "--renew-seconds", "90", "--out", out()), "at most half the lease");
        assertError(main("worker", "--max-attempts", "0", "--out", out()),
                "Invalid value for option '--max-attempts': must be a positive integer");

        Path file = dir.resolve("out/runs.db");
        try (RunStore store = RunStore.open(StoreUrl.embedded(file))) {
            assertEquals(SchemaMigrations.LATEST, store.schemaVersion());
        }
        StoreUrl url = StoreUrl.embedded(file);
        try (Connection c = url.dialect().connect(url); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO " + SchemaMigrations.HISTORY_TABLE + " VALUES (99, 'future', 0)");
        }
        assertError(main("status", "--out", out()), "has schema version 99, newer than this version of rtrain knows");
    }

    private static void assertError(Outcome outcome, String message) {
        assertEquals(2, outcome.code(), outcome.out() + outcome.err());
        assertTrue(outcome.err().startsWith("error: ") && outcome.err().contains(message), outcome.err());
    }
}
