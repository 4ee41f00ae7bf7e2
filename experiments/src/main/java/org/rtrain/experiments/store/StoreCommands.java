package org.rtrain.experiments.store;

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
import org.rtrain.experiments.CommandOptions;
import org.rtrain.experiments.ExperimentRunner;
import org.rtrain.experiments.ExperimentSpec;
import org.rtrain.experiments.Main;
import org.rtrain.experiments.Scale;
import org.rtrain.experiments.SpecCatalog;
import org.rtrain.reports.ResultStore;

/**
 * The run store's side of the command line: {@code enqueue} adds runs, {@code worker} executes them,
 * {@code status} shows where they are, and {@code run} executes a selection on this machine through
 * the store. The store is the embedded file {@code <out>/runs.db} unless {@code --store <jdbc-url>}
 * or {@value StoreUrl#ENVIRONMENT_VARIABLE} names another.
 */
public final class StoreCommands {

    /** The environment variable naming the directory of committed results. */
    public static final String RESULTS_VARIABLE = "RTRAIN_RESULTS_DIR";

    private static final Set<String> NETWORK_FILESYSTEMS = Set.of("nfs", "nfs4", "cifs", "smb3", "smbfs",
            "fuse.sshfs", "ceph", "glusterfs", "fuse.glusterfs", "lustre", "9p");

    private StoreCommands() {
    }

    /** Opens the store the options (or the environment, or the output directory) name, warning about NFS. */
    public static RunStore open(CommandOptions options, Path outDir, Map<String, String> environment,
                                PrintStream err) {
        StoreUrl url = StoreUrl.resolve(options.get("store"), environment, outDir);
        warnIfShared(url, err);
        return RunStore.open(url);
    }

    /**
     * Runs {@code enqueue}, {@code worker} or {@code status}; returns the exit code: 0, 1 when a
     * worker's run failed.
     */
    public static int run(CommandOptions options, DataRoot root, Path outDir, Map<String, String> environment,
                          PrintStream out, PrintStream err) throws InterruptedException {
        try (RunStore store = open(options, outDir, environment, err)) {
            return switch (options.command()) {
                case "enqueue" -> enqueue(store, Main.selected(options), options.has("retry-failed"), out);
                case "worker" -> worker(store, options, root, outDir, environment, out, err);
                case "status" -> status(store, filter(options), root, out);
                default -> throw new IllegalArgumentException("not a run store command: " + options.command());
            };
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

    private static int worker(RunStore store, CommandOptions options, DataRoot root, Path outDir,
                              Map<String, String> environment, PrintStream out, PrintStream err)
            throws InterruptedException {
        LeasePolicy defaults = LeasePolicy.DEFAULT;
        LeasePolicy policy = new LeasePolicy(
                seconds(options, "lease-seconds", defaults.lease()),
                seconds(options, "renew-seconds", defaults.renewEvery()),
                options.positive("max-attempts", defaults.maxAttempts()));
        WorkerIdentity identity = options.get("worker-id").map(WorkerIdentity::current)
                .orElseGet(WorkerIdentity::current);
        WorkerOptions workerOptions = new WorkerOptions(identity, filter(options), policy, options.has("wait"),
                seconds(options, "poll-seconds", WorkerOptions.DEFAULT_POLL));
        out.printf(Locale.ROOT, "worker %s on %s: %s, lease %d s renewed every %d s, %d attempts per run%n",
                identity.id(), store.description(), workerOptions.filter(), policy.lease().toSeconds(),
                policy.renewEvery().toSeconds(), policy.maxAttempts());
        return work(store, workerOptions, root, outDir, resultsDirectory(options, environment), out).failed() > 0
                ? 1 : 0;
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
                if (data.startsWith("MISSING: ")) {
                    specsByDataset.computeIfAbsent(spec.data().dataset(), k -> new ArrayList<>()).add(spec.id());
                    messages.put(spec.data().dataset(), data.substring("MISSING: ".length()));
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
     * The directory of the committed results ({@code --results}, else {@value #RESULTS_VARIABLE}, which the
     * {@code rtrain} script sets to the repository's {@code results/}); empty for none.
     */
    public static Optional<Path> resultsDirectory(CommandOptions options, Map<String, String> environment) {
        return options.get("results").or(() -> Optional.ofNullable(environment.get(RESULTS_VARIABLE))
                .filter(value -> !value.isBlank())).map(Path::of);
    }

    private static RunFilter filter(CommandOptions options) {
        return new RunFilter(options.get("scale").map(s -> Scale.parse(s).code()),
                options.get("table").map(s -> CommandOptions.positive(s, "--table")), Set.copyOf(options.all("spec")));
    }

    private static Duration seconds(CommandOptions options, String name, Duration fallback) {
        return options.get(name).map(s -> Duration.ofSeconds(CommandOptions.positive(s, "--" + name)))
                .orElse(fallback);
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
