package org.rtrain.experiments.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rtrain.experiments.spec.ExperimentSpec;

/** The worker loop on the embedded store, with fake executors that fail, stall or lose their lease. */
class RunWorkerTest {

    private static final LeasePolicy SHORT = new LeasePolicy(Duration.ofMillis(400), Duration.ofMillis(50), 3);

    @TempDir
    Path dir;

    private StoreUrl url;
    private RunStore store;
    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);

    @BeforeEach
    void openStore() {
        url = StoreUrl.embedded(dir.resolve("runs.db"));
        store = RunStore.open(url);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    private RunWorker worker(String id, RunExecutor executor, boolean waitForWork) {
        return new RunWorker(store, executor, new WorkerOptions(new WorkerIdentity(id, "test-host", 1), RunFilter.ALL,
                SHORT, waitForWork, Duration.ofMillis(50)), log);
    }

    private String log() {
        return logBytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void completesEveryRunAndStoresItsResult() throws Exception {
        List<ExperimentSpec> specs = StoreFixtures.smokeSpecs();
        store.enqueue(specs);
        RunWorker.Summary summary = worker("w", new CheckpointingFakeExecutor(dir, 0, log), false).work();
        assertEquals(new RunWorker.Summary(6, 0, 0), summary);
        assertEquals(StoreFixtures.resultsFor(specs), store.results(Optional.empty()));
        assertEquals(6, log().lines().filter(l -> l.startsWith("done smoke/")).count(), log());
        assertTrue(log().contains("w finished: 6 done, 0 failed, 0 abandoned"), log());
    }

    @Test
    void progressReachesTheStoreWithTheLeaseRenewals() throws Exception {
        store.enqueue(List.of(StoreFixtures.smokeSpecs().get(0).withSeeds(1)));
        AtomicReference<RunRecord> seen = new AtomicReference<>();
        RunExecutor reporting = (spec, seedIndex, progress) -> {
            progress.update(1, 5);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                RunRecord r = store.runs(RunFilter.ALL).get(0);
                if (r.epoch() != null && r.epoch() == 1) {
                    seen.set(r);
                    break;
                }
                Thread.sleep(20);
            }
            return StoreFixtures.resultFor(spec, seedIndex);
        };
        assertEquals(1, worker("w", reporting, false).work().completed());
        RunRecord running = seen.get();
        assertTrue(running != null, "progress never reached the store");
        assertEquals(RunState.RUNNING, running.state());
        assertEquals(5L, running.step());
        assertEquals("w", running.worker().id());
    }

    @Test
    void anExceptionFailsTheRunWithItsReasonAndTheWorkerGoesOn() throws Exception {
        store.enqueue(StoreFixtures.smokeSpecs());
        RunExecutor nanOnce = (spec, seedIndex, progress) -> {
            if (spec.id().endsWith("-base") && seedIndex == 0) {
                throw new IllegalStateException("loss is NaN at epoch 2");
            }
            return StoreFixtures.resultFor(spec, seedIndex);
        };
        assertEquals(new RunWorker.Summary(5, 1, 0), worker("w", nanOnce, false).work());
        RunRecord failed = store.runs(RunFilter.ALL).get(0);
        assertEquals(RunState.FAILED, failed.state());
        assertTrue(failed.failure().startsWith("java.lang.IllegalStateException: loss is NaN at epoch 2"),
                failed.failure());
        assertTrue(failed.failure().contains("\tat org.rtrain.experiments.store."), "stack trace kept");
        assertTrue(log().contains("failed smoke/t4-mnist-lenet-base/seed-0: java.lang.IllegalStateException"),
                log());
        assertEquals(5, store.results(Optional.empty()).size());
    }

    @Test
    void aSpecThisCodeCannotReadFailsTheRun() throws Exception {
        store.enqueue(List.of(StoreFixtures.smokeSpecs().get(0).withSeeds(1)));
        execute("UPDATE rtrain_run SET spec_json = '{\"id\": \"t4-mnist-lenet-base\", \"seeds\": 0}'");
        assertEquals(new RunWorker.Summary(0, 1, 0),
                worker("w", new CheckpointingFakeExecutor(dir, 0, log), false).work());
        assertTrue(store.runs(RunFilter.ALL).get(0).failure().contains("Not a valid experiment spec"),
                store.runs(RunFilter.ALL).get(0).failure());
    }

    @Test
    void aLostLeaseStopsTheRunAtItsNextProgressReportAndTheRunIsTakenOverLater() throws Exception {
        store.enqueue(List.of(StoreFixtures.smokeSpecs().get(0).withSeeds(1)));
        AtomicInteger calls = new AtomicInteger();
        RunExecutor losing = (spec, seedIndex, progress) -> {
            if (calls.incrementAndGet() == 1) {
                // Another worker takes the run over, as after a lease expiry this worker did not notice.
                execute("UPDATE rtrain_run SET claim_token = 'taken-by-another-worker'");
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (System.nanoTime() < deadline) {
                    progress.update(1, 1); // throws once a renewal finds the lease gone
                    Thread.sleep(10);
                }
                fail("progress reports went on after the lease was lost");
            }
            return StoreFixtures.resultFor(spec, seedIndex);
        };
        RunWorker.Summary summary = worker("w", losing, false).work();
        assertEquals(new RunWorker.Summary(1, 0, 1), summary);
        assertTrue(log().contains("abandoned smoke/t4-mnist-lenet-base/seed-0: lost the lease"), log());
        // The taken-over claim never renewed, so its lease expired and the run was claimed a second time.
        assertTrue(log().contains("claimed smoke/t4-mnist-lenet-base/seed-0 attempt 2 by w"), log());
        assertEquals(2, store.runs(RunFilter.ALL).get(0).attempts());
    }

    @Test
    void stopReleasesTheRunForAnotherWorkerAtOnce() throws Exception {
        store.enqueue(List.of(StoreFixtures.smokeSpecs().get(0).withSeeds(2)));
        AtomicReference<RunWorker> self = new AtomicReference<>();
        RunExecutor stopping = (spec, seedIndex, progress) -> {
            self.get().stop();
            progress.update(1, 1);
            return StoreFixtures.resultFor(spec, seedIndex);
        };
        self.set(worker("w", stopping, true));
        assertEquals(new RunWorker.Summary(0, 0, 1), self.get().work());
        assertTrue(log().contains("released smoke/t4-mnist-lenet-base/seed-0: back to pending"), log());
        RunRecord released = store.runs(RunFilter.ALL).get(0);
        assertEquals(RunState.PENDING, released.state());
        assertEquals(0, released.attempts());
        assertEquals(2, store.counts(RunFilter.ALL).get(RunState.PENDING));
    }

    @Test
    void aWorkerWaitsForAnotherWorkersRunAndTakesItOverWhenThatWorkerDies() throws Exception {
        store.enqueue(List.of(StoreFixtures.smokeSpecs().get(0).withSeeds(1)));
        WorkerIdentity dead = new WorkerIdentity("dead", "lost-host", 99);
        RunClaim abandoned = store.claim(dead, RunFilter.ALL, SHORT).orElseThrow();
        RunWorker.Summary summary = worker("w", new CheckpointingFakeExecutor(dir, 0, log), false).work();
        assertEquals(new RunWorker.Summary(1, 0, 0), summary);
        assertTrue(log().contains("w idle: 1 runs in flight under other workers"), log());
        RunRecord done = store.runs(RunFilter.ALL).get(0);
        assertEquals(RunState.DONE, done.state());
        assertEquals("w", done.worker().id());
        assertEquals(2, done.attempts());
        assertThrows(LeaseLostException.class, () -> store.complete(abandoned, StoreFixtures.resultFor(abandoned)));
    }

    @Test
    void aWaitingWorkerTakesRunsEnqueuedLaterUntilStopped() throws Exception {
        RunWorker waiting = worker("w", new CheckpointingFakeExecutor(dir, 0, log), true);
        AtomicReference<RunWorker.Summary> summary = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                summary.set(waiting.work());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        thread.start();
        Thread.sleep(200);
        assertTrue(thread.isAlive(), "a waiting worker does not exit when the store is empty");
        store.enqueue(StoreFixtures.smokeSpecs());
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (store.counts(RunFilter.ALL).get(RunState.DONE) < 6 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        waiting.stop();
        thread.join(10_000);
        assertFalse(thread.isAlive());
        assertEquals(new RunWorker.Summary(6, 0, 0), summary.get());
    }

    private void execute(String sql) throws Exception {
        try (Connection c = url.dialect().connect(url); PreparedStatement s = c.prepareStatement(sql)) {
            s.executeUpdate();
        }
    }
}
