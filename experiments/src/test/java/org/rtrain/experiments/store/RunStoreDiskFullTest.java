package org.rtrain.experiments.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.io.TempDir;
import org.rtrain.experiments.spec.ExperimentSpec;
import org.rtrain.reports.results.RunResult;

/**
 * The run store's result write on a full disk. SQLite reports a full disk and a database at its size
 * limit alike ("database or disk is full", SQLITE_FULL); the limit ({@code max_page_count}, a
 * connection parameter of the store URL) makes the condition real without root. The write is rolled
 * back whole: the run stays in flight, with no result, and the worker keeps trying, saying why, until
 * the result is stored.
 */
class RunStoreDiskFullTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aFullStoreStoresNothingAndTheWorkerStoresTheResultOnceThereIsRoom() throws Exception {
        Path file = dir.resolve("runs.db");
        ExperimentSpec spec = StoreFixtures.smokeSpecs().get(0).withSeeds(1);
        try (RunStore roomy = RunStore.open(StoreUrl.embedded(file))) {
            roomy.enqueue(List.of(spec));
            StoreUrl limited = StoreUrl.of("jdbc:sqlite:" + file + "?max_page_count=" + pageCount(file), Map.of());
            try (RunStore full = RunStore.open(limited)) {
                RunClaim claim = roomy.claim(new WorkerIdentity("probe", "test-host", 1), RunFilter.ALL,
                        LeasePolicy.DEFAULT).orElseThrow();
                RunStoreException e = assertThrows(RunStoreException.class,
                        () -> full.complete(claim, large(StoreFixtures.resultFor(claim))));
                assertTrue(e.getMessage().contains("cannot store the result of " + claim.key())
                        && e.getMessage().contains("database or disk is full"), e.getMessage());
                assertEquals(RunState.CLAIMED, roomy.runs(RunFilter.ALL).get(0).state());
                assertEquals(List.of(), roomy.results(Optional.empty()), "a half-stored result");
                assertTrue(roomy.release(claim));

                AtomicInteger refused = new AtomicInteger();
                RunStore fullForTwoWrites = new ForwardingRunStore(roomy) {
                    @Override
                    public void complete(RunClaim c, RunResult result) {
                        if (refused.getAndIncrement() < 2) {
                            full.complete(c, result);
                        }
                        roomy.complete(c, result);
                    }
                };
                ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
                RunWorker worker = new RunWorker(fullForTwoWrites, (s, seedIndex, progress) ->
                        large(StoreFixtures.resultFor(s, seedIndex)), new WorkerOptions(new WorkerIdentity("w", "test-host",
                        1), RunFilter.ALL, LeasePolicy.DEFAULT, false, Duration.ofMillis(20)),
                        new PrintStream(logBytes, true, StandardCharsets.UTF_8));
                assertEquals(new RunWorker.Summary(1, 0, 0), worker.work());
                String log = logBytes.toString(StandardCharsets.UTF_8);
                assertEquals(2, log.lines().filter(l -> l.startsWith("could not store the result of " + claim.key())
                        && l.contains("database or disk is full") && l.endsWith("trying again in 0 s")).count(), log);
                assertEquals(List.of(large(StoreFixtures.resultFor(spec, 0))), roomy.results(Optional.empty()));
                assertEquals(RunState.DONE, roomy.runs(RunFilter.ALL).get(0).state());
            }
        }
    }

    /** {@code result} with 64 KB more provenance (a longer spec): more than the free space of the store's pages. */
    private static RunResult large(RunResult result) {
        ObjectNode json = JSON.valueToTree(result);
        ObjectNode provenance = (ObjectNode) json.get("provenance");
        provenance.put("spec", provenance.get("spec").asText() + " ".repeat(65_536));
        return JSON.convertValue(json, RunResult.class);
    }

    private static long pageCount(Path file) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA page_count")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** A store that passes every call on; tests override the calls they fail. */
    private static class ForwardingRunStore implements RunStore {

        private final RunStore delegate;

        ForwardingRunStore(RunStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public String description() {
            return delegate.description();
        }

        @Override
        public int schemaVersion() {
            return delegate.schemaVersion();
        }

        @Override
        public long now() {
            return delegate.now();
        }

        @Override
        public EnqueueReport enqueue(List<ExperimentSpec> specs) {
            return delegate.enqueue(specs);
        }

        @Override
        public int retryFailed(RunFilter filter) {
            return delegate.retryFailed(filter);
        }

        @Override
        public Optional<RunClaim> claim(WorkerIdentity worker, RunFilter filter, LeasePolicy policy) {
            return delegate.claim(worker, filter, policy);
        }

        @Override
        public boolean heartbeat(RunClaim claim, ProgressPoint progress, Duration lease) {
            return delegate.heartbeat(claim, progress, lease);
        }

        @Override
        public void complete(RunClaim claim, RunResult result) {
            delegate.complete(claim, result);
        }

        @Override
        public boolean fail(RunClaim claim, String reason) {
            return delegate.fail(claim, reason);
        }

        @Override
        public boolean release(RunClaim claim) {
            return delegate.release(claim);
        }

        @Override
        public boolean expireLease(RunKey key, String workerId) {
            return delegate.expireLease(key, workerId);
        }

        @Override
        public List<RunRecord> runs(RunFilter filter) {
            return delegate.runs(filter);
        }

        @Override
        public Map<RunState, Integer> counts(RunFilter filter) {
            return delegate.counts(filter);
        }

        @Override
        public List<RunResult> results(Optional<String> scale) {
            return delegate.results(scale);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
