package org.rtrain.experiments;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.rtrain.datasets.DataRoot;
import org.rtrain.datasets.DatasetCatalog;
import org.rtrain.datasets.DatasetException;
import org.rtrain.datasets.DatasetSplit;
import org.rtrain.datasets.DownloadableDataset;
import org.rtrain.datasets.FileDownloader;
import org.rtrain.datasets.ImageDataset;
import org.rtrain.datasets.SvhnDataset;
import org.rtrain.datasets.Verification;
import org.rtrain.experiments.store.RunStore;
import org.rtrain.experiments.store.RunStoreException;
import org.rtrain.experiments.store.StoreCommands;
import org.rtrain.experiments.store.StoreUrl;
import org.rtrain.reports.ErrorTableReport;
import org.rtrain.reports.ReportWriter;
import org.rtrain.reports.ResultStore;
import org.rtrain.reports.RunResult;
import org.rtrain.reports.ScaleReport;
import org.rtrain.reports.TableReport;
import org.rtrain.reports.WrittenReport;

/** The command line: list, show, run, report, bench and download, and the run store's enqueue, worker and status. */
public final class Main {

    private static final String USAGE = """
            usage: rtrain <command> [options]

            commands:
              list       the specs of a scale, whether they are trained or cited, their work in multiply-adds with
                         its estimated time on this machine's cores, and whether their data is here
              show       the JSON of the selected specs (edit it and pass it back with --spec-file)
              placement  where the selected specs' networks carry the sign perturbation: activations and
                         elements per example perturbed, and why the others are not
              run        train and evaluate the selected specs on this machine (through the run store: resuming
                         interrupted runs, skipping finished ones), then write the reports; specs whose data is
                         missing are listed with how to get it, not run
              report     write the tables, claims and HTML page from the results in the run store
              bench      the performance targets as ratios measured side by side, with the machine: R-/base and
                         FGSM/base step time (LeNet, WRN-16-4), DL4J/PyTorch 2.x images/s (LeNet training, PGD-40
                         on LeNet, WRN-16-4 training), project/stock
              download   fetch a dataset into the data directory (needs a network)
              enqueue    add the selected runs to the run store (idempotent), for workers on any machine
              worker     take runs from the run store and execute them until none is left
              status     runs in the run store by state, the running ones with their progress, and data missing

            selection (list, show, placement, run, enqueue):
              --scale smoke|quick|paper   (default quick)
              --table N                   only rows of Table N (1-5)
              --spec ID                   only the spec with this id (repeatable; worker, status too)
              --variant base|fgsm|r       only this variant
              --model NAME                only rows of this model, e.g. LeNet (as list spells it; any case)
              --eps-sweep E1,E2,...       the R- specs once per perturbation epsilon, e.g. 0,0.05,0.1,0.2,0.3
              --spec-file FILE            specs from a JSON file (one spec or an array) instead of the catalog
              --set PATH=VALUE            change a spec field, e.g. --set training.epochs=3 (repeatable)
              --seeds N                   number of seeds of every selected spec

            where:
              --data-dir DIR              datasets (default: $RTRAIN_DATA_DIR, else ~/.cache/rtrain/datasets)
              --out DIR                   results, checkpoints and reports (default: out)
              --results DIR               the committed results (default: $RTRAIN_RESULTS_DIR, which ./rtrain sets
                                          to the repository's results/): runs found there are never trained again,
                                          paper-scale runs are saved there too, and reports include them
              --store URL                 the run store: jdbc:postgresql://host[:port]/db (credentials in the URL or
                                          PGUSER/PGPASSWORD) or jdbc:sqlite:FILE
                                          (default: $RTRAIN_STORE_URL, else jdbc:sqlite:<out>/runs.db)

            other options:
              --workers N                 (run; default 1) worker processes sharing the cores, each with its share
                                          of the native threads (faster for small networks such as LeNet)
              --retry-failed              (enqueue) failed runs of the selection become pending again
              --lease-seconds N           (worker; default 120) a dead worker's run is taken over after this
              --renew-seconds N           (worker; default 20) at most half the lease
              --max-attempts N            (worker; default 3) claims per run before it is marked failed
              --poll-seconds N            (worker; default 10) wait between looks when nothing can be claimed
              --wait                      (worker) keep polling for new runs instead of exiting
              --worker-id NAME            (worker; default <host>:<pid>)
              --iterations N              (bench; default 200) timed LeNet steps per set-up (WRN-16-4: 1/20,
                                          PGD-40 batches: 1/80)
              --blocks N                  (bench; default 5) alternating blocks the steps are split into
              --python CMD                (bench) PyTorch through this interpreter instead of DJL's PyTorch
                                          engine (the default, from Maven Central; works offline once fetched)
              --dataset NAME              (download; default mnist): mnist, fashion-mnist, cifar-10, cifar-100, svhn
            """;

    private static final String MISSING = "MISSING: ";
    private static final Set<String> SELECTION = Set.of("scale", "table", "spec", "variant", "model", "eps-sweep",
            "spec-file", "set", "seeds");
    private static final Set<String> FILTER = Set.of("scale", "table", "spec");
    private static final Set<String> FLAGS = Set.of("retry-failed", "wait");
    private static final Set<String> REPEATABLE = Set.of("spec", "set");
    private static final Map<String, Set<String>> COMMANDS = Map.of(
            "list", union(SELECTION, Set.of("data-dir", "results")),
            "show", SELECTION,
            "placement", SELECTION,
            "run", union(SELECTION, Set.of("data-dir", "out", "store", "results", "workers")),
            "report", Set.of("out", "store", "results"),
            "bench", Set.of("data-dir", "iterations", "blocks", "python"),
            "download", Set.of("data-dir", "dataset"),
            "enqueue", union(SELECTION, Set.of("data-dir", "out", "store", "retry-failed")),
            "worker", union(FILTER, Set.of("data-dir", "out", "store", "results", "lease-seconds", "renew-seconds",
                    "max-attempts", "poll-seconds", "wait", "worker-id")),
            "status", union(FILTER, Set.of("data-dir", "out", "store")));

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs a command; returns the process exit code: 0, 1 when a run failed, 2 on bad input. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, System.getenv(), out, err);
    }

    /** Runs a command with {@code environment} as the process environment; returns the exit code. */
    public static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        if (args.length == 0 || Set.of("help", "-h", "--help").contains(args[0])) {
            out.print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        try {
            Set<String> allowed = COMMANDS.get(args[0]);
            if (allowed == null) {
                throw new IllegalArgumentException("Unknown command '" + args[0] + "': expected one of "
                        + String.join(", ", new TreeSet<>(COMMANDS.keySet())));
            }
            CommandOptions options = CommandOptions.parse(args, allowed, FLAGS, REPEATABLE);
            DataRoot root = DataRoot.resolve(options.get("data-dir").map(Path::of), environment,
                    Path.of(System.getProperty("user.home")));
            Path outDir = Path.of(options.get("out").orElse("out"));
            Optional<Path> results = StoreCommands.resultsDirectory(options, environment);
            return switch (args[0]) {
                case "list" -> list(selected(options), root, results, out);
                case "show" -> {
                    selected(options).forEach(spec -> out.println(spec.toJson()));
                    yield 0;
                }
                case "placement" -> PlacementCommand.run(selected(options), out);
                case "run" -> runHere(selected(options), root, outDir, results, options, environment, out, err);
                case "report" -> {
                    StoreUrl url = StoreUrl.resolve(options.get("store"), environment, outDir);
                    if (url.embeddedFile().filter(file -> !Files.exists(file)).isPresent()) {
                        report(List.of(), results, outDir, out);
                        yield 0;
                    }
                    try (RunStore store = StoreCommands.open(options, outDir, environment, err)) {
                        report(store.results(Optional.empty()), results, outDir, out);
                    }
                    yield 0;
                }
                case "bench" -> {
                    PerformanceBench.run(new PerformanceBench.Options(options.positive("iterations", 200),
                            options.positive("blocks", 5), options.get("python").map(List::of)
                            .orElse(List.of())), root, out);
                    yield 0;
                }
                case "download" -> download(options.get("dataset").orElse("mnist"), root, out);
                default -> StoreCommands.run(options, root, outDir, environment, out, err);
            };
        } catch (IllegalArgumentException | DatasetException | RunStoreException | Checkpoints.CheckpointException
                 | TrustedModelFile.UntrustedModelException e) {
            err.println("error: " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("error: interrupted");
            return 2;
        }
    }

    /** The specs the selection options pick, with overrides applied. */
    public static List<ExperimentSpec> selected(CommandOptions options) {
        Scale scale = Scale.parse(options.get("scale").orElse("quick"));
        Optional<Integer> table = options.get("table").map(t -> {
            int n = CommandOptions.positive(t, "--table");
            if (n > 5) {
                throw new IllegalArgumentException("--table must be 1 to 5, got " + n);
            }
            return n;
        });
        Optional<Variant> variant = options.get("variant").map(Variant::parse);
        Optional<String> model = options.get("model");
        Optional<Integer> seeds = options.get("seeds").map(s -> CommandOptions.positive(s, "--seeds"));
        List<String> ids = options.all("spec");
        List<ExperimentSpec> candidates = options.get("spec-file").map(f -> SpecOverrides.readFile(Path.of(f)))
                .orElseGet(() -> SpecCatalog.all(scale));
        Set<String> unmatched = new TreeSet<>(ids);
        // Table 1's rows are reproduced by the Table 3 runs, whose evaluation includes its disturbances.
        Set<String> table1 = new HashSet<>();
        SpecCatalog.rows(scale).stream().filter(row -> row.paperRow().startsWith("1/"))
                .forEach(row -> table1.add(row.spec().id()));
        List<ExperimentSpec> specs = new ArrayList<>();
        for (ExperimentSpec spec : candidates) {
            boolean idMatches = ids.isEmpty() || ids.stream().anyMatch(id -> id.equalsIgnoreCase(spec.id()));
            if (idMatches && table.map(t -> t == spec.table() || t == 1 && table1.contains(spec.id())).orElse(true)
                    && variant.map(v -> v == spec.variant()).orElse(true)
                    && model.map(m -> m.equalsIgnoreCase(spec.model())).orElse(true)) {
                unmatched.removeIf(id -> id.equalsIgnoreCase(spec.id()));
                ExperimentSpec chosen = SpecOverrides.apply(spec, options.all("set"));
                specs.add(seeds.map(chosen::withSeeds).orElse(chosen));
            }
        }
        if (!unmatched.isEmpty()) {
            throw new IllegalArgumentException("No spec " + unmatched + " at scale " + scale.code()
                    + "; 'rtrain list --scale " + scale.code() + "' shows the spec ids");
        }
        if (options.has("eps-sweep")) {
            specs = SpecCatalog.epsSweep(specs, epsilons(options.get("eps-sweep").orElseThrow()));
        }
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("No spec matches the selection at scale " + scale.code());
        }
        return specs;
    }

    private static List<Double> epsilons(String text) {
        List<Double> epsilons = new ArrayList<>();
        for (String part : text.split(",")) {
            try {
                double epsilon = Double.parseDouble(part.trim());
                if (epsilon >= 0 && Double.isFinite(epsilon)) {
                    epsilons.add(epsilon);
                    continue;
                }
            } catch (NumberFormatException e) {
                // Reported below with what is allowed.
            }
            throw new IllegalArgumentException("--eps-sweep takes comma-separated epsilons >= 0, e.g. "
                    + "0,0.05,0.1,0.2,0.3; got '" + part + "'");
        }
        return epsilons;
    }

    private static int list(List<ExperimentSpec> specs, DataRoot root, Optional<Path> results, PrintStream out) {
        int cores = Runtime.getRuntime().availableProcessors();
        ResultStore committed = results.map(ResultStore::new).orElse(null);
        out.printf(Locale.ROOT, "%-36s %-5s %-11s %-28s %-7s %-5s %-5s %-34s %s%n", "spec", "table", "dataset", "model",
                "variant", "seeds", "done", "work, time on this CPU (estimate)", "data on this machine");
        int seedsInAll = 0;
        int doneInAll = 0;
        Set<String> listed = new HashSet<>();
        Map<String, String> missing = new TreeMap<>();
        List<SpecCost> costs = new ArrayList<>();
        for (ExperimentSpec spec : specs) {
            listed.add(spec.id());
            String data = dataStatus(spec, root);
            if (data.startsWith(MISSING)) {
                missing.put(spec.data().dataset(), data.substring(MISSING.length()));
                data = "MISSING: " + spec.data().dataset() + " (see below)";
            }
            String cost = "-";
            if (!spec.cited()) {
                SpecCost specCost = SpecCost.of(spec);
                costs.add(specCost);
                cost = specCost.describe(cores);
            }
            int done = 0;
            if (!spec.cited()) {
                for (int seed = 0; seed < spec.seeds() && committed != null; seed++) {
                    done += committed.find(spec.scale().code(), spec.id(), seed).isPresent() ? 1 : 0;
                }
                seedsInAll += spec.seeds();
                doneInAll += done;
            }
            out.printf(Locale.ROOT, "%-36s %-5d %-11s %-28s %-7s %-5s %-5s %-34s %s%n", spec.id(), spec.table(),
                    spec.paperDataset(), spec.model(), spec.variant().code(),
                    spec.cited() ? "-" : Integer.toString(spec.seeds()), spec.cited() ? "-" : Integer.toString(done),
                    cost, data);
        }
        if (results.isPresent()) {
            out.printf(Locale.ROOT, "%nDone: %d of the %d runs listed have their result in %s (never trained "
                    + "again).%n", doneInAll, seedsInAll, results.get());
        }
        out.printf(Locale.ROOT, "%nAll listed specs: %s (at %.1e multiply-adds per core-second, measured on LeNet;"
                + " an order of magnitude).%n", SpecCost.describe(costs.stream().mapToDouble(SpecCost::multiplyAdds).sum(),
                cores), SpecCost.CPU_MULTIPLY_ADDS_PER_CORE_SECOND);
        Scale scale = specs.isEmpty() ? Scale.QUICK : specs.get(0).scale();
        List<SpecCatalog.Row> aliases = SpecCatalog.rows(scale).stream()
                .filter(row -> !row.paperRow().equals(row.spec().paperRow()) && listed.contains(row.spec().id())).toList();
        if (!aliases.isEmpty()) {
            out.printf(Locale.ROOT, "%nRows reproduced by another table's runs:%n");
            aliases.forEach(row -> out.printf(Locale.ROOT, "  %-44s <- %s%n", row.paperRow(), row.spec().id()));
        }
        printMissing(missing, out);
        return 0;
    }

    /** Each missing dataset once, with where it was looked for and how to get it. */
    private static void printMissing(Map<String, String> missing, PrintStream out) {
        if (!missing.isEmpty()) {
            out.printf(Locale.ROOT, "%nData missing on this machine:%n");
            missing.forEach((dataset, message) -> out.printf(Locale.ROOT, "  %s: %s%n", dataset, message));
        }
    }

    /** Where a spec's data is on this machine, or {@code MISSING: } and why it is not run. */
    public static String dataStatus(ExperimentSpec spec, DataRoot root) {
        if (spec.cited()) {
            return "cited from its own paper: reported, never trained";
        }
        try {
            DataSelection selection = DataSelection.forSpec(spec, root);
            return selection.name() + " in " + selection.directory();
        } catch (DatasetException e) {
            return MISSING + e.getMessage();
        }
    }

    /** {@code run}: the selected specs through the run store on this machine, then the reports. */
    private static int runHere(List<ExperimentSpec> specs, DataRoot root, Path outDir, Optional<Path> results,
                               CommandOptions options, Map<String, String> environment, PrintStream out,
                               PrintStream err)
            throws InterruptedException {
        List<ExperimentSpec> runnable = new ArrayList<>();
        List<String> notRun = new ArrayList<>();
        Map<String, String> missing = new TreeMap<>();
        for (ExperimentSpec spec : specs) {
            if (spec.cited()) {
                continue;
            }
            try {
                DataSelection.forSpec(spec, root);
                runnable.add(spec);
            } catch (DatasetException e) {
                notRun.add(spec.id());
                missing.put(spec.data().dataset(), e.getMessage());
            }
        }
        long start = System.nanoTime();
        int failed;
        try (RunStore store = StoreCommands.open(options, outDir, environment, err)) {
            failed = runnable.isEmpty() ? 0 : StoreCommands.runOnThisMachine(store,
                    StoreUrl.resolve(options.get("store"), environment, outDir), options.positive("workers", 1),
                    runnable, root, outDir, results, out, err);
            err.printf(Locale.ROOT, "all runs done in %.1f min%n", (System.nanoTime() - start) / 60e9);
            report(store.results(Optional.empty()), results, outDir, out);
        }
        if (!notRun.isEmpty()) {
            out.printf(Locale.ROOT, "%nNot run, data missing (%d spec(s)): %s%n", notRun.size(), String.join(", ",
                    notRun));
            printMissing(missing, out);
        }
        if (failed > 0) {
            out.printf(Locale.ROOT, "%n%d run(s) failed: 'rtrain status --out %s' shows why%n", failed, outDir);
            return 1;
        }
        return 0;
    }

    /**
     * Writes every report from the committed results (the {@code results} directory) and {@code stored} (the run
     * store's), a run in both counted once, and prints a summary.
     */
    static void report(List<RunResult> stored, Optional<Path> committedDirectory, Path outDir, PrintStream out) {
        List<RunResult> committed = committedDirectory.filter(Files::isDirectory)
                .map(dir -> new ResultStore(dir).readAll()).orElse(List.of());
        Map<String, RunResult> byRun = new java.util.LinkedHashMap<>();
        committed.forEach(r -> byRun.put(runKey(r), r));
        int fresh = 0;
        for (RunResult r : stored) {
            if (byRun.putIfAbsent(runKey(r), r) == null) {
                fresh++;
            }
        }
        List<RunResult> results = List.copyOf(byRun.values());
        if (results.isEmpty()) {
            out.println("no results in " + committedDirectory.map(Path::toString).orElse("(no results directory)")
                    + " nor in the run store under " + outDir + ": nothing to report (run 'rtrain run' first, or "
                    + "pass --out, --store or --results)");
            return;
        }
        out.printf(Locale.ROOT, "reporting %d run(s): %d committed in %s, %d more from this machine's run store%n",
                results.size(), committed.size(), committedDirectory.map(Path::toString).orElse("-"), fresh);
        WrittenReport written = ReportWriter.write(results, ModelFiguresCatalog.figures(), outDir);
        for (ScaleReport scale : written.scales()) {
            out.printf(Locale.ROOT, "%n== %s scale: %d run(s) ==%n", scale.scale(), scale.runs());
            for (TableReport table : scale.tables()) {
                if (table instanceof ErrorTableReport errors) {
                    printErrors(errors, out);
                }
            }
            out.println();
            out.print(scale.claims().text());
            if (!scale.sweep().blocks().isEmpty()) {
                out.println();
                out.print(scale.sweep().text());
            }
        }
        out.printf(Locale.ROOT, "%nwrote %d file(s) under %s (tables, claims, report.html)%n", written.files().size(),
                outDir);
        written.notices().forEach(notice -> out.println("note: " + notice));
    }

    private static String runKey(RunResult result) {
        return result.scale() + "/" + result.specId() + "/" + result.seedIndex();
    }

    private static void printErrors(ErrorTableReport table, PrintStream out) {
        List<ErrorTableReport.Row> ran = table.rows().stream().filter(r -> r.n() > 0).toList();
        if (ran.isEmpty()) {
            return;
        }
        out.printf(Locale.ROOT, "Table %d, test error %%:%n  %-22s %-10s %-14s %8s %18s %3s %8s%n", table.table(),
                "model", "paper data", "data used", "paper", "reproduced", "n", "diff");
        for (ErrorTableReport.Row row : ran) {
            String reproduced = row.n() > 1 ? String.format(Locale.ROOT, "%.2f ± %.2f", row.meanPct(), row.stdPct())
                    : String.format(Locale.ROOT, "%.2f", row.meanPct());
            out.printf(Locale.ROOT, "  %-22s %-10s %-14s %8.2f %18s %3d %+8.2f%n", row.paper().displayName(),
                    row.paper().dataset(), row.datasetUsed(), row.paper().errorPct(), reproduced, row.n(),
                    row.differencePct());
        }
    }

    private static int download(String name, DataRoot root, PrintStream out) {
        ImageDataset dataset = DatasetCatalog.byName(name);
        if (!(dataset instanceof DownloadableDataset downloadable)) {
            throw new IllegalArgumentException(dataset.displayName() + " is not downloaded by rtrain: "
                    + dataset.missingMessage(root));
        }
        Path directory = downloadable instanceof SvhnDataset svhn
                ? svhn.download(root, new FileDownloader(out), svhn.splits())
                : downloadable.download(root, new FileDownloader(out));
        for (DatasetSplit split : dataset.splits()) {
            dataset.read(directory, split, Verification.PUBLISHED);
        }
        out.println(dataset.displayName() + " downloaded and verified in " + directory);
        return 0;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
