package org.rtrain.experiments.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rtrain.experiments.spec.ExperimentSpec;
import org.rtrain.reports.results.RunResult;

/**
 * What every run store backend must do. Each backend's test class supplies a fresh, empty store;
 * the embedded one runs these as unit tests, PostgreSQL as integration tests against a real server.
 */
abstract class RunStoreContract {

    private static final WorkerIdentity ALICE = new WorkerIdentity("alice", "host-a", 11);
    private static final WorkerIdentity BOB = new WorkerIdentity("bob", "host-b", 22);
    private static final LeasePolicy LONG = new LeasePolicy(Duration.ofMinutes(5), Duration.ofMinutes(1), 3);

    private StoreUrl url;
    private RunStore store;

    /** A URL of a new, empty store. */
    abstract StoreUrl newStoreUrl();

    /** Removes a store made by {@link #newStoreUrl()}, once its connections are closed. */
    void discard(StoreUrl storeUrl) {
    }

    private final List<RunStore> opened = new ArrayList<>();
    private final List<StoreUrl> made = new ArrayList<>();

    @BeforeEach
    void openStore() {
        url = fresh();
        store = open(url);
    }

    @AfterEach
    void closeStores() {
        opened.forEach(RunStore::close);
        made.forEach(this::discard);
    }

    private StoreUrl fresh() {
        StoreUrl storeUrl = newStoreUrl();
        made.add(storeUrl);
        return storeUrl;
    }

    private RunStore open(StoreUrl storeUrl) {
        RunStore opening = RunStore.open(storeUrl);
        synchronized (opened) {
            opened.add(opening);
        }
        return opening;
    }

    @Test
    void enqueueIsIdempotentAndReportsChangedSpecs() {
        List<ExperimentSpec> specs = StoreFixtures.smokeSpecs();
        EnqueueReport first = store.enqueue(specs);
        assertEquals(6, first.added());
        assertEquals(0, first.alreadyPresent());
        EnqueueReport again = store.enqueue(specs);
        assertEquals(new EnqueueReport(0, 6, List.of()), again);
        assertEquals(6, store.counts(RunFilter.ALL).get(RunState.PENDING));
        assertEquals(6, store.runs(RunFilter.ALL).size());

        // A third seed adds one run per spec; the first two are the same runs and not "changed".
        List<ExperimentSpec> threeSeeds = specs.stream().map(s -> s.withSeeds(3)).toList();
        assertEquals(new EnqueueReport(3, 6, List.of()), store.enqueue(threeSeeds));

        ExperimentSpec base = specs.get(0);
        ExperimentSpec changed = new ExperimentSpec(base.id(), base.paperRow(), base.epsSweep(), base.table(),
                base.paperDataset(), base.model(), base.variant(), base.scale(), base.cited(), base.data(),
                base.architecture(), base.training(), base.perturbation(), base.adversarial(), base.evaluation(),
                base.seeds(), base.baseSeed() + 1, base.sources());
        EnqueueReport report = store.enqueue(List.of(changed));
        assertEquals(0, report.added());
        assertEquals(List.of(new RunKey("smoke", base.id(), 0), new RunKey("smoke", base.id(), 1)),
                report.changedSpecs());
        assertEquals(9, store.counts(RunFilter.ALL).get(RunState.PENDING));
    }

    @Test
    void runsAreClaimedSeedBySeedAcrossTheSpecs() {
        List<ExperimentSpec> specs = StoreFixtures.smokeSpecs();
        store.enqueue(List.of(specs.get(0).withSeeds(3), specs.get(1), specs.get(2).withSeeds(1)));
        List<RunKey> order = new java.util.ArrayList<>();
        for (Optional<RunClaim> claim = store.claim(ALICE, RunFilter.ALL, LONG); claim.isPresent();
             claim = store.claim(ALICE, RunFilter.ALL, LONG)) {
            order.add(claim.get().key());
        }
        String base = specs.get(0).id();
        String fgsm = specs.get(1).id();
        String r = specs.get(2).id();
        assertEquals(List.of(new RunKey("smoke", base, 0), new RunKey("smoke", fgsm, 0), new RunKey("smoke", r, 0),
                new RunKey("smoke", base, 1), new RunKey("smoke", fgsm, 1), new RunKey("smoke", base, 2)), order,
                "seed k of every spec before seed k + 1 of any: paired comparisons grow together");
    }

    @Test
    void claimsTakeRunsInEnqueueOrderOnceEachAndHonourTheFilter() {
        store.enqueue(StoreFixtures.smokeSpecs());
        RunFilter rOnly = new RunFilter(Optional.empty(), Optional.empty(), java.util.Set.of("t4-mnist-lenet-r"));
        RunClaim r0 = store.claim(ALICE, rOnly, LONG).orElseThrow();
        RunClaim r1 = store.claim(BOB, rOnly, LONG).orElseThrow();
        assertEquals(new RunKey("smoke", "t4-mnist-lenet-r", 0), r0.key());
        assertEquals(new RunKey("smoke", "t4-mnist-lenet-r", 1), r1.key());
        assertEquals(Optional.empty(), store.claim(ALICE, rOnly, LONG));
        assertEquals(1, r0.attempt());
        assertNotEquals(r0.token(), r1.token());
        assertEquals(ExperimentSpec.fromJson(r0.specJson()), StoreFixtures.smokeSpecs().get(2));

        assertEquals(Optional.empty(), store.claim(ALICE, RunFilter.scale("quick"), LONG));
        assertEquals(Optional.empty(), store.claim(ALICE,
                new RunFilter(Optional.empty(), Optional.of(5), java.util.Set.of()), LONG));
        RunClaim next = store.claim(ALICE, new RunFilter(Optional.of("smoke"), Optional.of(4), java.util.Set.of()),
                LONG).orElseThrow();
        assertEquals(new RunKey("smoke", "t4-mnist-lenet-base", 0), next.key());

        Map<RunState, Integer> counts = store.counts(RunFilter.ALL);
        assertEquals(3, counts.get(RunState.CLAIMED));
        assertEquals(3, counts.get(RunState.PENDING));
        RunRecord record = store.runs(rOnly).get(0);
        assertEquals(RunState.CLAIMED, record.state());
        assertEquals(ALICE, record.worker());
        assertEquals(4, record.table());
        assertTrue(record.leaseExpiresAt() > store.now() + Duration.ofMinutes(4).toMillis(), record.toString());
    }

    @Test
    void doneResultsReadBackEqualToWhatWasWritten() {
        List<ExperimentSpec> specs = StoreFixtures.smokeSpecs();
        store.enqueue(specs);
        Optional<RunClaim> claim;
        while ((claim = store.claim(ALICE, RunFilter.ALL, LONG)).isPresent()) {
            store.complete(claim.get(), StoreFixtures.resultFor(claim.get()));
        }
        List<RunResult> expected = StoreFixtures.resultsFor(specs);
        assertEquals(expected, store.results(Optional.empty()));
        assertEquals(expected, store.results(Optional.of("smoke")));
        assertEquals(List.of(), store.results(Optional.of("quick")));
        assertEquals(6, store.counts(RunFilter.ALL).get(RunState.DONE));
        RunRecord done = store.runs(RunFilter.ALL).get(0);
        assertNull(done.leaseExpiresAt());
        assertTrue(done.finishedAt() >= done.claimedAt());
    }

    @Test
    void aResultForAnotherRunIsRefused() {
        store.enqueue(StoreFixtures.smokeSpecs());
        RunClaim claim = store.claim(ALICE, RunFilter.ALL, LONG).orElseThrow();
        RunResult other = StoreFixtures.resultFor(StoreFixtures.smokeSpecs().get(1), 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> store.complete(claim, other));
        assertTrue(e.getMessage().contains("smoke/t4-mnist-lenet-fgsm/seed-0")
                && e.getMessage().contains("smoke/t4-mnist-lenet-base/seed-0"), e.getMessage());
        assertEquals(0, store.counts(RunFilter.ALL).get(RunState.DONE));
    }

    @Test
    void heartbeatsMarkTheRunRunningAndRecordProgress() {
        store.enqueue(StoreFixtures.smokeSpecs());
        RunClaim claim = store.claim(ALICE, RunFilter.ALL, LONG).orElseThrow();
        assertTrue(store.heartbeat(claim, null, Duration.ofMinutes(5)));
        RunRecord started = store.runs(RunFilter.ALL).get(0);
        assertEquals(RunState.RUNNING, started.state());
        assertNull(started.epoch());
        assertTrue(store.heartbeat(claim, new RunStore.ProgressPoint(2, 340), Duration.ofMinutes(7)));
        RunRecord running = store.runs(RunFilter.ALL).get(0);
        assertEquals(2, running.epoch());
        assertEquals(340L, running.step());
        assertTrue(running.heartbeatAt() >= running.claimedAt());
        assertTrue(running.leaseExpiresAt() > store.now() + Duration.ofMinutes(6).toMillis(), running.toString());
        // A renewal without news keeps the last progress.
        assertTrue(store.heartbeat(claim, null, Duration.ofMinutes(5)));
        assertEquals(2, store.runs(RunFilter.ALL).get(0).epoch());
    }

    @Test
    void anExpiredLeaseIsClaimedAgainAndLocksTheOldHolderOut() throws Exception {
        store.enqueue(List.of(StoreFixtures.smokeSpecs().get(0).withSeeds(1)));
        LeasePolicy brief = new LeasePolicy(Duration.ofMillis(300), Duration.ofMillis(100), 3);
        RunClaim alice = store.claim(ALICE, RunFilter.ALL, brief).orElseThrow();
        assertEquals(Optional.empty(), store.claim(BOB, RunFilter.ALL, brief), "the lease is still valid");
        Thread.sleep(450);
        RunClaim bob = store.claim(BOB, RunFilter.ALL, brief).orElseThrow();
        assertEquals(alice.key(), bob.key());
        assertEquals(2, bob.attempt());

        assertFalse(store.heartbeat(alice, new RunStore.ProgressPoint(1, 1), Duration.ofMinutes(1)));
        assertThrows(LeaseLostException.class, () -> store.complete(alice, StoreFixtures.resultFor(alice)));
        assertFalse(store.fail(alice, "late failure"));
        assertFalse(store.release(alice));
        RunRecord record = store.runs(RunFilter.ALL).get(0);
        assertEquals(BOB, record.worker());
        assertEquals(RunState.CLAIMED, record.state());

        store.complete(bob, StoreFixtures.resultFor(bob));
        assertEquals(1, store.results(Optional.empty()).size());
        assertEquals(2, store.runs(RunFilter.ALL).get(0).attempts());
    }

    @Test
    void aRunWhoseLeaseKeepsExpiringFailsAfterMaxAttempts() throws Exception {
        store.enqueue(List.of(StoreFixtures.smokeSpecs().get(0).withSeeds(1)));
        LeasePolicy twoAttempts = new LeasePolicy(Duration.ofMillis(200), Duration.ofMillis(100), 2);
        assertEquals(1, store.claim(ALICE, RunFilter.ALL, twoAttempts).orElseThrow().attempt());
        Thread.sleep(300);
        assertEquals(2, store.claim(BOB, RunFilter.ALL, twoAttempts).orElseThrow().attempt());
        Thread.sleep(300);
        assertEquals(Optional.empty(), store.claim(ALICE, RunFilter.ALL, twoAttempts));
        RunRecord failed = store.runs(RunFilter.ALL).get(0);
        assertEquals(RunState.FAILED, failed.state());
        assertTrue(failed.failure().contains("lease expired on all 2 attempts (last worker bob)"), failed.failure());
        assertNull(failed.leaseExpiresAt());

        assertEquals(1, store.retryFailed(RunFilter.ALL));
        RunClaim again = store.claim(ALICE, RunFilter.ALL, twoAttempts).orElseThrow();
        assertEquals(1, again.attempt());
        assertNull(store.runs(RunFilter.ALL).get(0).failure());
    }

    @Test
    void aFailureIsRecordedWithItsReasonAndNotClaimedAgain() {
        store.enqueue(List.of(StoreFixtures.smokeSpecs().get(0).withSeeds(1)));
        RunClaim claim = store.claim(ALICE, RunFilter.ALL, LONG).orElseThrow();
        assertTrue(store.fail(claim, "java.lang.IllegalStateException: loss is NaN at epoch 3\n\tat somewhere"));
        assertEquals(Optional.empty(), store.claim(BOB, RunFilter.ALL, LONG));
        RunRecord record = store.runs(RunFilter.ALL).get(0);
        assertEquals(RunState.FAILED, record.state());
        assertTrue(record.failure().startsWith("java.lang.IllegalStateException: loss is NaN"), record.failure());
        assertEquals(1, record.attempts());
        assertThrows(LeaseLostException.class, () -> store.complete(claim, StoreFixtures.resultFor(claim)));

        assertEquals(0, store.retryFailed(RunFilter.scale("quick")));
        assertEquals(1, store.retryFailed(RunFilter.scale("smoke")));
        assertEquals(RunState.PENDING, store.runs(RunFilter.ALL).get(0).state());
    }

    @Test
    void releaseGivesTheRunBackWithoutCountingAnAttempt() {
        store.enqueue(List.of(StoreFixtures.smokeSpecs().get(0).withSeeds(1)));
        RunClaim claim = store.claim(ALICE, RunFilter.ALL, LONG).orElseThrow();
        assertTrue(store.release(claim));
        RunRecord record = store.runs(RunFilter.ALL).get(0);
        assertEquals(RunState.PENDING, record.state());
        assertEquals(0, record.attempts());
        RunClaim bob = store.claim(BOB, RunFilter.ALL, LONG).orElseThrow();
        assertEquals(1, bob.attempt());
        assertFalse(store.heartbeat(claim, null, Duration.ofMinutes(1)));
    }

    @Test
    void concurrentClaimersFromSeparateConnectionsTakeEachRunOnce() throws Exception {
        store.enqueue(StoreFixtures.smokeSpecs(60));
        int threads = 6;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<RunKey> claimed = Collections.synchronizedList(new ArrayList<>());
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            WorkerIdentity worker = new WorkerIdentity("thread-" + t, "host", t);
            futures.add(pool.submit(() -> {
                RunStore own = open(url);
                start.await();
                Optional<RunClaim> claim;
                while ((claim = own.claim(worker, RunFilter.ALL, LONG)).isPresent()) {
                    claimed.add(claim.get().key());
                    own.complete(claim.get(), StoreFixtures.resultFor(claim.get()));
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertEquals(60, claimed.size(), "claims");
        assertEquals(60, new HashSet<>(claimed).size(), "distinct runs claimed");
        assertEquals(60, store.counts(RunFilter.ALL).get(RunState.DONE));
        assertEquals(StoreFixtures.resultsFor(StoreFixtures.smokeSpecs(60)), store.results(Optional.empty()));
    }

    @Test
    void processesOpeningAFreshStoreTogetherMigrateItOnce() throws Exception {
        StoreUrl fresh = fresh();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<RunStore>> opened = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            opened.add(pool.submit(() -> {
                start.await();
                return open(fresh);
            }));
        }
        start.countDown();
        for (Future<RunStore> f : opened) {
            assertEquals(SchemaMigrations.LATEST, f.get(60, TimeUnit.SECONDS).schemaVersion());
        }
        pool.shutdown();
        try (Connection c = fresh.dialect().connect(fresh); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT COUNT(*) FROM " + SchemaMigrations.HISTORY_TABLE)) {
            rs.next();
            assertEquals(SchemaMigrations.LATEST, rs.getInt(1));
        }
    }

    @Test
    void aSchemaNewerThanTheCodeIsRefused() throws Exception {
        try (Connection c = url.dialect().connect(url); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO " + SchemaMigrations.HISTORY_TABLE + " (version, description, applied_at) "
                    + "VALUES (" + (SchemaMigrations.LATEST + 1) + ", 'from a newer rtrain', 0)");
        }
        RunStoreException e = assertThrows(RunStoreException.class, () -> RunStore.open(url));
        assertTrue(e.getMessage().contains("has schema version " + (SchemaMigrations.LATEST + 1)
                + ", newer than this version of rtrain knows (" + SchemaMigrations.LATEST + ")"), e.getMessage());
        assertTrue(e.getMessage().contains("git pull"), e.getMessage());
    }
}
