package org.rtrain.experiments.store;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.rtrain.datasets.DataRoot;
import org.rtrain.datasets.DatasetException;
import org.rtrain.experiments.ExperimentRunner;
import org.rtrain.experiments.ExperimentSpec;
import org.rtrain.experiments.Scale;
import org.rtrain.experiments.SpecCatalog;
import org.rtrain.experiments.Variant;
import org.rtrain.reports.ResultStore;

/**
 * The command line of the run store: {@code enqueue} adds runs, {@code worker} executes them,
 * {@code status} shows where they are. The store is the embedded file {@code <out>/runs.db} unless
 * {@code --store <jdbc-url>} or {@value StoreUrl#ENVIRONMENT_VARIABLE} names another.
 */
public final class StoreCommands {

    /** The commands handled here. */
    public static final Set<String> COMMANDS = Set.of("enqueue", "worker", "status");

    /** Their part of the usage text. */
    public static final String USAGE = """
              enqueue    add runs to the run store: a scale, a table, a row or an eps sweep (idempotent)
              worker     take runs from the run store and execute them until none is left
              status     runs in the run store by state, and the running ones with their progress

            run store options:
              --store URL                 jdbc:postgresql://host[:port]/db (credentials in the URL or
                                          PGUSER/PGPASSWORD) or jdbc:sqlite:FILE
                                          (default: $RTRAIN_STORE_URL, else jdbc:sqlite:<out>/runs.db)
              --scale, --table N, --spec ID   which runs (enqueue: default scale quick; worker, status: all)
              --variant base|fgsm|r, --seeds N  (enqueue)
              --eps-sweep 0,0.05,0.1,0.2,0.3   (enqueue: R- rows once per epsilon)
              --retry-failed              (enqueue: failed runs of the selection become pending again)
              --lease-seconds N           (worker; default 120) a dead worker's run is taken over after this
              --renew-seconds N           (worker; default 20) at most half the lease
              --max-attempts N            (worker; default 3) claims per run before it is marked failed
              --poll-seconds N            (worker; default 10) wait between looks when nothing can be claimed
              --wait                      (worker) keep polling for new runs instead of exiting
              --worker-id NAME            (worker; default <host>:<pid>)
            """;

    private static final Set<String> FLAGS = Set.of("wait", "retry-failed");
    private static final Set<String> COMMON = Set.of("store", "out", "data-dir", "scale", "table", "spec");
    private static final Map<String, Set<String>> OPTIONS = Map.of(
            "enqueue", Set.of("variant", "seeds", "eps-sweep", "retry-failed"),
            "worker", Set.of("lease-seconds", "renew-seconds", "max-attempts", "poll-seconds", "wait", "worker-id"),
            "status", Set.of());
    private static final Set<String> NETWORK_FILESYSTEMS = Set.of("nfs", "nfs4", "cifs", "smb3", "smbfs",
            "fuse.sshfs", "ceph", "glusterfs", "fuse.glusterfs", "lustre", "9p");

    private StoreCommands() {
    }

    /** Whether {@code command} is one of {@link #COMMANDS}. */
    public static boolean handles(String command) {
        return COMMANDS.contains(command);
    }

    /** Runs a store command with this process's environment; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, System.getenv(), out, err);
    }

    /**
     * Runs a store command; returns the exit code: 0, 1 when a worker's run failed, 2 on bad input or
     * an unreachable store.
     */
    public static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        try {
            if (args.length == 0 || !handles(args[0])) {
                throw new IllegalArgumentException("expected one of the commands " + new TreeSet<>(COMMANDS));
            }
            Map<String, String> options = options(args);
            Path outDir = Path.of(options.getOrDefault("out", "out"));
            StoreUrl url = StoreUrl.resolve(Optional.ofNullable(options.get("store")), environment, outDir);
            warnIfShared(url, err);
            try (RunStore store = RunStore.open(url)) {
                return switch (args[0]) {
                    case "enqueue" -> enqueue(store, options, out);
                    case "worker" -> worker(store, options, outDir, out, err);
                    default -> status(store, filter(options), out);
                };
            }
        } catch (IllegalArgumentException | DatasetException | RunStoreException e) {
            err.println("error: " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("error: interrupted");
            return 2;
        }
    }

    private static int enqueue(RunStore store, Map<String, String> options, PrintStream out) {
        List<ExperimentSpec> specs = selection(options);
        EnqueueReport report = store.enqueue(specs);
        out.printf(Locale.ROOT, "enqueued %d runs of %d specs into %s (%d were there already)%n", report.added(),
                specs.size(), store.description(), report.alreadyPresent());
        for (RunKey changed : report.changedSpecs()) {
            out.printf(Locale.ROOT, "warning: %s is in the store with a different spec; kept the stored one%n",
                    changed);
        }
        if (options.containsKey("retry-failed")) {
            int retried = 0;
            for (ExperimentSpec spec : specs) {
                retried += store.retryFailed(new RunFilter(Optional.of(spec.scale().code()), Optional.empty(),
                        Optional.of(spec.id())));
            }
            out.printf(Locale.ROOT, "%d failed runs are pending again%n", retried);
        }
        return 0;
    }

    private static int worker(RunStore store, Map<String, String> options, Path outDir, PrintStream out,
                              PrintStream err) throws InterruptedException {
        LeasePolicy defaults = LeasePolicy.DEFAULT;
        LeasePolicy policy = new LeasePolicy(
                seconds(options, "lease-seconds", defaults.lease()),
                seconds(options, "renew-seconds", defaults.renewEvery()),
                Optional.ofNullable(options.get("max-attempts")).map(s -> positive(s, "--max-attempts"))
                        .orElse(defaults.maxAttempts()));
        WorkerIdentity identity = Optional.ofNullable(options.get("worker-id")).map(WorkerIdentity::current)
                .orElseGet(WorkerIdentity::current);
        WorkerOptions workerOptions = new WorkerOptions(identity, filter(options), policy,
                options.containsKey("wait"), seconds(options, "poll-seconds", WorkerOptions.DEFAULT_POLL));
        DataRoot root = DataRoot.resolve(Optional.ofNullable(options.get("data-dir")).map(Path::of));
        // Results and checkpoints go under the output directory, which workers on several machines share.
        ExperimentRunner runner = new ExperimentRunner(root, new ResultStore(outDir.resolve("runs")),
                outDir.resolve("checkpoints"), err);
        RunWorker worker = new RunWorker(store, (spec, seedIndex, progress) -> runner.run(spec, seedIndex),
                workerOptions, out);
        out.printf(Locale.ROOT, "worker %s on %s: %s, lease %d s renewed every %d s, %d attempts per run%n",
                identity.id(), store.description(), workerOptions.filter(), policy.lease().toSeconds(),
                policy.renewEvery().toSeconds(), policy.maxAttempts());
        Thread stopOnSignal = new Thread(worker::stop, "release claim on shutdown");
        Runtime.getRuntime().addShutdownHook(stopOnSignal);
        try {
            return worker.work().failed() > 0 ? 1 : 0;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnSignal);
            } catch (IllegalStateException e) {
                // Already shutting down: the hook is running.
            }
        }
    }

    private static int status(RunStore store, RunFilter filter, PrintStream out) {
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
        return 0;
    }

    /** The specs an enqueue selects: SpecCatalog's specs of a scale, narrowed by table, row and variant. */
    private static List<ExperimentSpec> selection(Map<String, String> options) {
        Scale scale = Scale.parse(options.getOrDefault("scale", "quick"));
        Optional<Integer> table = Optional.ofNullable(options.get("table")).map(s -> positive(s, "--table"));
        Optional<String> specId = Optional.ofNullable(options.get("spec"));
        Optional<Variant> variant = Optional.ofNullable(options.get("variant")).map(Variant::parse);
        Optional<Integer> seeds = Optional.ofNullable(options.get("seeds")).map(s -> positive(s, "--seeds"));
        List<ExperimentSpec> all = SpecCatalog.all(scale);
        List<ExperimentSpec> specs = new ArrayList<>();
        for (ExperimentSpec spec : all) {
            if (table.map(t -> t == spec.table()).orElse(true) && specId.map(spec.id()::equals).orElse(true)
                    && variant.map(v -> v == spec.variant()).orElse(true)) {
                specs.add(seeds.map(spec::withSeeds).orElse(spec));
            }
        }
        if (specs.isEmpty()) {
            TreeSet<String> ids = new TreeSet<>();
            all.forEach(s -> ids.add(s.id()));
            throw new IllegalArgumentException("No spec at scale " + scale.code() + " matches " + describe(options)
                    + ". Specs at that scale: " + String.join(", ", ids));
        }
        return options.containsKey("eps-sweep") ? epsSweep(specs, options.get("eps-sweep")) : specs;
    }

    /** The R- specs of {@code specs} once per epsilon, each with its epsilon in its id. */
    private static List<ExperimentSpec> epsSweep(List<ExperimentSpec> specs, String values) {
        List<Double> epsilons = new ArrayList<>();
        for (String text : values.split(",")) {
            try {
                double epsilon = Double.parseDouble(text.trim());
                if (epsilon >= 0 && Double.isFinite(epsilon)) {
                    epsilons.add(epsilon);
                    continue;
                }
            } catch (NumberFormatException e) {
                // Reported below with what is allowed.
            }
            throw new IllegalArgumentException("--eps-sweep takes comma-separated epsilons >= 0, e.g. "
                    + "0,0.05,0.1,0.2,0.3; got '" + text + "'");
        }
        List<ExperimentSpec> sweep = new ArrayList<>();
        for (ExperimentSpec s : specs) {
            if (s.variant() != Variant.R) {
                continue;
            }
            for (double epsilon : epsilons) {
                sweep.add(s.sweepPoint(epsilon));
            }
        }
        if (sweep.isEmpty()) {
            throw new IllegalArgumentException("--eps-sweep sweeps R- rows, and the selection has none");
        }
        return sweep;
    }

    private static RunFilter filter(Map<String, String> options) {
        return new RunFilter(Optional.ofNullable(options.get("scale")).map(s -> Scale.parse(s).code()),
                Optional.ofNullable(options.get("table")).map(s -> positive(s, "--table")),
                Optional.ofNullable(options.get("spec")));
    }

    private static String describe(Map<String, String> options) {
        StringBuilder text = new StringBuilder();
        for (String name : List.of("table", "spec", "variant")) {
            if (options.containsKey(name)) {
                text.append("--").append(name).append(' ').append(options.get(name)).append(' ');
            }
        }
        return text.toString().trim();
    }

    private static Duration seconds(Map<String, String> options, String name, Duration fallback) {
        return Optional.ofNullable(options.get(name)).map(s -> Duration.ofSeconds(positive(s, "--" + name)))
                .orElse(fallback);
    }

    private static int positive(String text, String option) {
        try {
            int value = Integer.parseInt(text);
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // Reported below with what is allowed.
        }
        throw new IllegalArgumentException(option + " must be a positive integer, got '" + text + "'");
    }

    private static Map<String, String> options(String[] args) {
        Set<String> known = new TreeSet<>(COMMON);
        known.addAll(OPTIONS.get(args[0]));
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : null;
            if (name == null || !known.contains(name)) {
                throw new IllegalArgumentException("Unknown option '" + args[i] + "' for " + args[0] + ". Options: --"
                        + String.join(", --", known));
            }
            if (FLAGS.contains(name)) {
                options.put(name, "true");
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("Option --" + name + " needs a value");
            }
            options.put(name, args[++i]);
        }
        return options;
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
