package org.rtrain.experiments.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.rtrain.datasets.DataRoot;
import org.rtrain.experiments.run.ExperimentRunner;
import org.rtrain.experiments.spec.ExperimentSpec;
import org.rtrain.experiments.spec.SpecCatalog;
import org.rtrain.experiments.store.EnqueueReport;
import org.rtrain.experiments.store.LeasePolicy;
import org.rtrain.experiments.store.RunFilter;
import org.rtrain.experiments.store.RunKey;
import org.rtrain.experiments.store.RunRecord;
import org.rtrain.experiments.store.RunState;
import org.rtrain.experiments.store.RunStore;
import org.rtrain.experiments.store.RunWorker;
import org.rtrain.experiments.store.StoreUrl;
import org.rtrain.experiments.store.WorkerIdentity;
import org.rtrain.experiments.store.WorkerOptions;
import org.rtrain.reports.results.ResultStore;
import org.rtrain.reports.results.Scale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The run store's side of the command line: {@code enqueue} adds runs, {@code worker} executes them,
 * {@code status} shows where they are, and {@code run} executes a selection on this machine through
 * the store. The store is the embedded file {@code <out>/runs.db} unless {@code --store <jdbc-url>}
 * or {@value StoreUrl#ENVIRONMENT_VARIABLE} names another.
 */
public final class StoreCommands {

    private static final Set<String> NETWORK_FILESYSTEMS = Set.of("nfs", "nfs4", "cifs", "smb3", "smbfs",
            "fuse.sshfs", "ceph", "glusterfs", "fuse.glusterfs", "lustre", "9p");

    private StoreCommands() {
    }

    /** Opens the store at {@code url}, warning when an embedded store is on a network filesystem. */
    public static RunStore open(StoreUrl url, PrintStream err) {
        warnIfShared(url, err);
        return RunStore.open(url);
    }

    /** {@code rtrain enqueue}. */
    @Command(name = "enqueue", description = "add the selected runs to the run store (idempotent), for workers on any "
            + "machine")
    public static final class Enqueue extends Subcommand {
        @Mixin
        private SelectionOptions selection;
        // --data-dir too, so that enqueue, worker and status take the same locations; enqueue reads no data.
        @Mixin
        private LocationOptions.DataAndStore locations;
        @Option(names = "--retry-failed", description = "failed runs of the selection become pending again")
        private boolean retryFailed;

        @Override
        public Integer call() {
            Main.Invocation invocation = invocation();
            try (RunStore runStore = locations.openStore(invocation)) {
                return enqueue(runStore, Main.selected(selection), retryFailed, invocation.out());
            }
        }
    }

    /** {@code rtrain worker}. */
    @Command(name = "worker", description = "take runs from the run store and execute them until none is left")
    public static final class Worker extends Subcommand {
        @Mixin
        private RunFilterOptions runs;
        @Mixin
        private LocationOptions.DataAndStore locations;
        @Mixin
        private LocationOptions.Results results;
        @Option(names = "--lease-seconds", paramLabel = "N", converter = PositiveIntegerConverter.class,
                description = "a dead worker's run is taken over after this (default: 120)")
        private Integer leaseSeconds;
        @Option(names = "--renew-seconds", paramLabel = "N", converter = PositiveIntegerConverter.class,
                description = "lease renewal, at most half the lease (default: 20)")
        private Integer renewSeconds;
        @Option(names = "--max-attempts", paramLabel = "N", converter = PositiveIntegerConverter.class,
                description = "claims per run before it is marked failed (default: 3)")
        private Integer maxAttempts;
        @Option(names = "--poll-seconds", paramLabel = "N", converter = PositiveIntegerConverter.class,
                description = "wait between looks when nothing can be claimed (default: 10)")
        private Integer pollSeconds;
        @Option(names = "--wait", description = "keep polling for new runs instead of exiting")
        private boolean waitForRuns;
        @Option(names = "--worker-id", paramLabel = "NAME", description = "this worker's name in the store (default: "
                + "<host>:<pid>)")
        private String workerId;

        @Override
        public Integer call() throws InterruptedException {
            Main.Invocation invocation = invocation();
            Map<String, String> environment = invocation.environment();
            LeasePolicy defaults = LeasePolicy.DEFAULT;
            LeasePolicy policy = new LeasePolicy(seconds(leaseSeconds, defaults.lease()),
                    seconds(renewSeconds, defaults.renewEvery()),
                    maxAttempts == null ? defaults.maxAttempts() : maxAttempts);
            WorkerIdentity identity = workerId == null ? WorkerIdentity.current() : WorkerIdentity.current(workerId);
            WorkerOptions options = new WorkerOptions(identity, runs.filter(), policy, waitForRuns,
                    seconds(pollSeconds, WorkerOptions.DEFAULT_POLL));
            try (RunStore runStore = locations.openStore(invocation)) {
                PrintStream out = invocation.out();
                out.printf(Locale.ROOT, "worker %s on %s: %s, lease %d s renewed every %d s, %d attempts per run%n",
                        identity.id(), runStore.description(), options.filter(), policy.lease().toSeconds(),
                        policy.renewEvery().toSeconds(), policy.maxAttempts());
                return work(runStore, options, locations.dataRoot(environment), locations.outputDirectory(),
                        results.directory(environment), out)
                        .failed() > 0 ? 1 : 0;
            }
        }

        private static Duration seconds(Integer seconds, Duration fallback) {
            return seconds == null ? fallback : Duration.ofSeconds(seconds);
        }
    }

    /** {@code rtrain status}. */
    @Command(name = "status", description = "runs in the run store by state, the running ones with their progress, "
            + "and data missing")
    public static final class Status extends Subcommand {
        @Mixin
        private RunFilterOptions runs;
        @Mixin
        private LocationOptions.DataAndStore locations;

        @Override
        public Integer call() {
            Main.Invocation invocation = invocation();
            try (RunStore runStore = locations.openStore(invocation)) {
                return status(runStore, runs.filter(), locations.dataRoot(invocation.environment()), invocation.out());
            }
        }
    }

    /**
     * Executes {@code specs} on this machine through {@code store}: enqueues them, then works as one
     * worker until none of their runs is pending or in flight. Returns how many of their runs are
     * failed in the store, by this worker or earlier (a run whose workers were killed on every attempt
     * is not claimed again, and must not pass unnoticed).
     */
    public static int runOnThisMachine(RunStore store, List<ExperimentSpec> specs, DataRoot root, Path outDir,
                                       Optional<Path> evidence, PrintStream out, PrintStream err)
            throws InterruptedException {
        return runOnThisMachine(store, null, 1, specs, root, outDir, evidence, out, err);
    }

    /**
     * As {@link #runOnThisMachine(RunStore, List, DataRoot, Path, Optional, PrintStream, PrintStream)}, with
     * {@code workers} worker processes sharing the cores when it is more than one ({@code url}: the store's).
     */
    public static int runOnThisMachine(RunStore store, StoreUrl url, int workers, List<ExperimentSpec> specs,
                                       DataRoot root, Path outDir, Optional<Path> evidence, PrintStream out,
                                       PrintStream err) throws InterruptedException {
        enqueue(store, specs, false, err);
        Set<String> ids = new TreeSet<>();
        Set<String> scales = new TreeSet<>();
        specs.forEach(s -> {
            ids.add(s.id());
            scales.add(s.scale().code());
        });
        RunFilter filter = new RunFilter(scales.size() == 1 ? Optional.of(scales.iterator().next()) : Optional.empty(),
                Optional.empty(), ids);
        if (workers > 1) {
            if (scales.size() != 1) {
                throw new IllegalArgumentException("--workers runs one scale at a time, got " + scales);
            }
            WorkerProcesses.runAndWait(workers, url, scales.iterator().next(), List.copyOf(ids), root.path(), outDir,
                    evidence, err);
            return store.counts(filter).get(RunState.FAILED);
        }
        WorkerOptions options = new WorkerOptions(WorkerIdentity.current(), filter, LeasePolicy.DEFAULT, false,
                WorkerOptions.DEFAULT_POLL);
        work(store, options, root, outDir, evidence, err);
        return store.counts(filter).get(RunState.FAILED);
    }

    private static int enqueue(RunStore store, List<ExperimentSpec> selection, boolean retryFailed, PrintStream out) {
        List<ExperimentSpec> specs = selection.stream().filter(s -> !s.cited()).toList();
        EnqueueReport report = store.enqueue(specs);
        out.printf(Locale.ROOT, "enqueued %d runs of %d specs into %s (%d were there already)%n", report.added(),
                specs.size(), store.description(), report.alreadyPresent());
        for (RunKey changed : report.changedSpecs()) {
            out.printf(Locale.ROOT, "warning: %s is in the store with a different spec; kept the stored one%n",
                    changed);
        }
        if (retryFailed) {
            int retried = 0;
            for (ExperimentSpec spec : specs) {
                retried += store.retryFailed(RunFilter.spec(spec.scale().code(), spec.id()));
            }
            out.printf(Locale.ROOT, "%d failed runs are pending again%n", retried);
        }
        return 0;
    }

    /** One worker on this machine until its runs are done; SIGTERM or Ctrl-C gives its run back. */
    private static RunWorker.Summary work(RunStore store, WorkerOptions options, DataRoot root, Path outDir,
                                          Optional<Path> evidence, PrintStream log) throws InterruptedException {
        // Results and checkpoints go under the output directory, which workers on several machines share.
        ExperimentRunner runner = new ExperimentRunner(root, new ResultStore(outDir.resolve("runs")),
                evidence.map(ResultStore::new).orElse(null), outDir.resolve("checkpoints"), log,
                ExperimentRunner.deviceCount());
        RunWorker worker = new RunWorker(store, runner::run, options, log);
        Thread stopOnSignal = new Thread(worker::stop, "release claim on shutdown");
        Runtime.getRuntime().addShutdownHook(stopOnSignal);
        try {
            return worker.work();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnSignal);
            } catch (IllegalStateException e) {
                // Already shutting down: the hook is running.
            }
        }
    }

    private static int status(RunStore store, RunFilter filter, DataRoot root, PrintStream out) {
        Map<RunState, Integer> counts = store.counts(filter);
        List<RunRecord> runs = store.runs(filter);
        long now = store.now();
        out.printf(Locale.ROOT, "run store %s (schema %d), %s%n", store.description(), store.schemaVersion(), filter);
        StringBuilder line = new StringBuilder();
        int total = 0;
        for (RunState state : RunState.values()) {
            line.append(String.format(Locale.ROOT, "%s %d   ", state.code(), counts.get(state)));
            total += counts.get(state);
        }
        out.println(line.append("(").append(total).append(" runs)"));
        List<RunRecord> active = runs.stream()
                .filter(r -> r.state() == RunState.CLAIMED || r.state() == RunState.RUNNING).toList();
        if (!active.isEmpty()) {
            out.printf(Locale.ROOT, "%nin flight:%n  %-44s %-8s %-24s %-7s %-22s %-10s %s%n", "run", "state", "worker",
                    "attempt", "progress", "heartbeat", "lease");
            for (RunRecord r : active) {
                String progress = r.epoch() == null ? "-"
                        : String.format(Locale.ROOT, "epoch %d step %d", r.epoch(), r.step());
                long heartbeatAge = now - r.heartbeatAt();
                long leaseLeft = r.leaseExpiresAt() - now;
                String lease = leaseLeft >= 0 ? String.format(Locale.ROOT, "expires in %d s", leaseLeft / 1000)
                        : String.format(Locale.ROOT, "EXPIRED %d s ago: the next worker takes it over", -leaseLeft / 1000);
                out.printf(Locale.ROOT, "  %-44s %-8s %-24s %-7d %-22s %-10s %s%n", r.key(), r.state().code(),
                        r.worker().id(), r.attempts(), progress, (heartbeatAge / 1000) + " s ago", lease);
            }
        }
        List<RunRecord> failed = runs.stream().filter(r -> r.state() == RunState.FAILED).toList();
        if (!failed.isEmpty()) {
            out.printf(Locale.ROOT, "%nfailed (enqueue the same selection with --retry-failed to run them again):%n");
            for (RunRecord r : failed) {
                String reason = r.failure() == null ? "" : r.failure().lines().findFirst().orElse("");
                out.printf(Locale.ROOT, "  %-44s attempt %d on %s: %s%n", r.key(), r.attempts(),
                        r.worker() == null ? "-" : r.worker().id(), reason);
            }
        }
        filter.scale().ifPresent(scale -> {
            Map<String, List<String>> specsByDataset = new TreeMap<>();
            Map<String, String> messages = new TreeMap<>();
            for (ExperimentSpec spec : SpecCatalog.all(Scale.parse(scale))) {
                boolean selected = !spec.cited() && filter.table().map(t -> t == spec.table()).orElse(true)
                        && (filter.specIds().isEmpty() || filter.specIds().contains(spec.id()));
                String data = selected ? Main.dataStatus(spec, root) : "";
                if (data.startsWith(Main.MISSING)) {
                    specsByDataset.computeIfAbsent(spec.data().dataset(), k -> new ArrayList<>()).add(spec.id());
                    messages.put(spec.data().dataset(), data.substring(Main.MISSING.length()));
                }
            }
            if (!specsByDataset.isEmpty()) {
                out.printf(Locale.ROOT, "%ndata missing on this machine (%s scale):%n", scale);
                specsByDataset.forEach((dataset, ids) -> out.printf(Locale.ROOT, "  %s, for %s: %s%n", dataset,
                        String.join(", ", ids), messages.get(dataset)));
            }
        });
        return 0;
    }

    /**
     * SQLite's file locks do not work across machines on a network filesystem: say so before workers
     * on several machines share such a file and claim the same runs.
     */
    private static void warnIfShared(StoreUrl url, PrintStream err) {
        Optional<Path> file = url.embeddedFile();
        if (file.isEmpty()) {
            return;
        }
        Path existing = file.get().toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return;
        }
        try {
            String type = Files.getFileStore(existing).type();
            if (NETWORK_FILESYSTEMS.contains(type)) {
                err.printf(Locale.ROOT, "warning: the embedded run store %s is on a network filesystem (%s). SQLite's "
                        + "locks are not reliable there: workers on several machines could take the same run. Share "
                        + "a store between machines with PostgreSQL (--store jdbc:postgresql://...).%n", file.get(),
                        type);
            }
        } catch (IOException e) {
            // Cannot tell; the store works the same either way on one machine.
        }
    }
}
