package org.rtrain.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rtrain.datasets.fixtures.IdxFixtures;
import org.rtrain.experiments.checkpoint.Checkpoints;
import org.rtrain.experiments.spec.ExperimentSpec;
import org.rtrain.experiments.spec.SeedSequence;
import org.rtrain.experiments.spec.SpecCatalog;
import org.rtrain.experiments.spec.SpecOverrides;
import org.rtrain.experiments.store.RunFilter;
import org.rtrain.experiments.store.RunRecord;
import org.rtrain.experiments.store.RunState;
import org.rtrain.experiments.store.RunStore;
import org.rtrain.experiments.store.StoreUrl;
import org.rtrain.perturb.io.FaultInjection;
import org.rtrain.reports.results.ResultStore;
import org.rtrain.reports.results.RunResult;
import org.rtrain.reports.results.Scale;

/**
 * Kill -9 at many points of one run, in a loop: a {@code worker} process trains a small smoke spec
 * (3 epochs) and is killed, another one takes the run over and is killed in turn, and so on; the last
 * one runs undisturbed. Kills come at random moments (SIGKILL) and, since a random moment almost never
 * falls between a temporary write, its fsync and its move, at every such point of the checkpoint, the
 * result file and the run store's result through {@link FaultInjection} ({@code -Drtrain.crashAt},
 * which halts the JVM as {@code kill -9} does). After every kill: no result file or stored result that
 * is not the final one, and a checkpoint that loads. At the end: the result, file and store alike,
 * equals that of an uninterrupted run in every field but the wall-clock ones, and no checkpoint is left.
 *
 * <p>One round is 12 kills. A longer loop: {@code mvn -o -pl experiments -am verify -Dit.test=CrashRecoveryIT
 * -Dsurefire.failIfNoSpecifiedTests=false -Drtrain.crashLoop.rounds=20 -Drtrain.crashLoop.seed=7}
 * (each round on a fresh output directory, random delays drawn from the seed and the round).
 */
class CrashRecoveryIT {

    private static final String SPEC = "t4-mnist-lenet-r";
    private static final String RANDOM = "random";
    /** One round: the points in the order a run reaches them, a random kill wherever two epochs remain. */
    private static final List<String> PLAN = List.of(RANDOM, "checkpoint-model-written", "checkpoint-model-synced",
            "checkpoint-state-written", "checkpoint-state-synced", "checkpoint-model-moved", "checkpoint-state-moved",
            RANDOM, "result-temp-written", "result-temp-synced", "result-moved", "store-result-written");
    private static final List<String> SETS = List.of("training.epochs=3", "data.trainLimit=1200", "data.testLimit=100");
    private static final int SIGKILL_EXIT = 128 + 9;

    @TempDir
    Path dir;

    private Path data;

    @Test
    void killedOverAndOverTheRunEndsAsAnUninterruptedOne() throws Exception {
        int rounds = Integer.getInteger("rtrain.crashLoop.rounds", 1);
        long seed = Long.getLong("rtrain.crashLoop.seed", 1L);
        data = dir.resolve("data");
        IdxFixtures.writeMnistLike(data.resolve("mnist"), 1200, 100, 23, false);

        Path referenceOut = dir.resolve("reference");
        enqueue(referenceOut);
        long started = System.nanoTime();
        Worker reference = Worker.start(this, referenceOut, null, dir.resolve("reference.log"));
        long claimedAfter = reference.awaitClaim() - started;
        assertEquals(0, reference.awaitExit(), reference.log());
        long runNanos = System.nanoTime() - started - claimedAfter;
        RunResult expected = single(new ResultStore(referenceOut.resolve("runs")).readAll());

        List<String> survived = new ArrayList<>();
        int leftoverTemporaries = 0;
        for (int round = 0; round < rounds; round++) {
            SplittableRandom random = new SplittableRandom(seed * 1_000_003L + round);
            Path out = dir.resolve("round-" + round);
            enqueue(out);
            for (int k = 0; k < PLAN.size(); k++) {
                String point = PLAN.get(k);
                Path log = dir.resolve("round-" + round + "-kill-" + k + ".log");
                Worker worker = Worker.start(this, out, point.equals(RANDOM) ? null : point, log);
                String what;
                if (point.equals(RANDOM)) {
                    worker.awaitClaim();
                    long delayMillis = random.nextLong(Math.max(1, (long) (0.4 * runNanos / 1e6)));
                    Thread.sleep(delayMillis);
                    assertTrue(worker.process.isAlive(), "the run finished before the random kill after "
                            + delayMillis + " ms; raise the data size\n" + worker.log());
                    worker.process.destroyForcibly();
                    assertEquals(SIGKILL_EXIT, worker.awaitExit(), worker.log());
                    what = "kill -9 after " + delayMillis + " ms";
                } else {
                    int exit = worker.awaitExit();
                    assertEquals(FaultInjection.CRASH_EXIT_CODE, exit, "expected a halt at " + point + " (exit 0: "
                            + "never reached; other: the resumed run failed)\n" + worker.log());
                    what = point;
                }
                assertNothingHalfWrittenIsRead(out, expected, what);
                survived.add(what);
            }
            Worker last = Worker.start(this, out, null, dir.resolve("round-" + round + "-final.log"));
            assertEquals(0, last.awaitExit(), last.log());
            RunResult resumed = single(new ResultStore(out.resolve("runs")).readAll());
            assertEquals(List.of(), ReproducibleFields.differences(expected, resumed), "result file, round " + round);
            try (RunStore store = RunStore.open(StoreUrl.embedded(out.resolve("runs.db")))) {
                RunResult stored = single(store.results(Optional.empty()));
                assertEquals(List.of(), ReproducibleFields.differences(expected, stored), "stored result");
                assertEquals(RunState.DONE, single(store.runs(RunFilter.ALL)).state());
            }
            assertFalse(Files.exists(out.resolve("checkpoints/smoke/" + SPEC + "/seed-0")),
                    "the checkpoints of a finished run are removed");
            leftoverTemporaries += temporaries(out);
        }
        System.out.printf("crash loop: %d kills survived in %d round(s) (%s); %d leftover temporary result "
                + "file(s), never read%n", survived.size(), rounds, String.join(", ", survived), leftoverTemporaries);
        assertEquals(rounds * PLAN.size(), survived.size());
    }

    /** After a kill: every result there is the final one, and the latest checkpoint, if any, loads. */
    private void assertNothingHalfWrittenIsRead(Path out, RunResult expected, String after) {
        for (RunResult result : new ResultStore(out.resolve("runs")).readAll()) {
            assertEquals(List.of(), ReproducibleFields.differences(expected, result), "result file after " + after);
        }
        try (RunStore store = RunStore.open(StoreUrl.embedded(out.resolve("runs.db")))) {
            for (RunResult result : store.results(Optional.empty())) {
                assertEquals(List.of(), ReproducibleFields.differences(expected, result),
                        "stored result after " + after);
            }
            RunRecord run = single(store.runs(RunFilter.ALL));
            assertTrue(run.state() != RunState.FAILED, "run failed after " + after + ": " + run.failure());
        }
        ExperimentSpec spec = spec();
        new Checkpoints(out.resolve("checkpoints/smoke/" + SPEC + "/seed-0"))
                .latest(spec, SeedSequence.seedFor(spec.baseSeed(), 0), false);
    }

    private static ExperimentSpec spec() {
        return SpecOverrides.apply(SpecCatalog.lenet(Scale.SMOKE).stream().filter(s -> s.id().equals(SPEC))
                .findFirst().orElseThrow(), SETS).withSeeds(1);
    }

    private void enqueue(Path out) {
        List<String> args = new ArrayList<>(List.of("enqueue", "--scale", "smoke", "--spec", SPEC, "--seeds", "1"));
        SETS.forEach(set -> args.addAll(List.of("--set", set)));
        args.addAll(List.of("--data-dir", data.toString(), "--out", out.toString()));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream quiet = new PrintStream(PrintStream.nullOutputStream());
        assertEquals(0, Main.run(args.toArray(String[]::new), quiet, new PrintStream(err)), err.toString());
    }

    private static int temporaries(Path out) throws IOException {
        try (Stream<Path> files = Files.walk(out)) {
            return (int) files.filter(f -> f.getFileName().toString().endsWith(".tmp")).count();
        }
    }

    private static <T> T single(List<T> list) {
        assertEquals(1, list.size(), list.toString());
        return list.get(0);
    }

    /** One {@code rtrain worker} process on {@code out}'s run store, halting at {@code crashAt} if not null. */
    private record Worker(Process process, Path logFile) {

        static Worker start(CrashRecoveryIT test, Path out, String crashAt, Path log) throws IOException {
            List<String> properties = crashAt == null ? List.of()
                    : List.of(FaultInjection.CRASH_PROPERTY + "=" + crashAt);
            return new Worker(ChildJvm.start(properties, List.of("worker", "--data-dir", test.data.toString(), "--out",
                    out.toString(), "--max-attempts", "1000", "--poll-seconds", "1"), log), log);
        }

        /** Waits until the worker has claimed the run; returns {@link System#nanoTime()} then. */
        long awaitClaim() throws Exception {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (System.nanoTime() < deadline) {
                if (log().contains("claimed smoke/" + SPEC)) {
                    return System.nanoTime();
                }
                if (!process.isAlive()) {
                    fail("the worker ended before claiming the run:\n" + log());
                }
                Thread.sleep(10);
            }
            return fail("the worker did not claim the run:\n" + log());
        }

        int awaitExit() throws Exception {
            if (!process.waitFor(3, TimeUnit.MINUTES)) {
                process.destroyForcibly().waitFor();
                fail("the worker did not finish:\n" + log());
            }
            return process.exitValue();
        }

        String log() throws IOException {
            return new String(Files.readAllBytes(logFile), StandardCharsets.UTF_8);
        }
    }
}
