package org.rtrain.experiments.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
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
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.rtrain.datasets.DataRoot;
import org.rtrain.datasets.DatasetCatalog;
import org.rtrain.datasets.DatasetException;
import org.rtrain.datasets.DatasetSplit;
import org.rtrain.datasets.DownloadableDataset;
import org.rtrain.datasets.FileDownloader;
import org.rtrain.datasets.ImageDataset;
import org.rtrain.datasets.SvhnDataset;
import org.rtrain.datasets.Verification;
import org.rtrain.experiments.bench.PerformanceBench;
import org.rtrain.experiments.checkpoint.Checkpoints;
import org.rtrain.experiments.checkpoint.TrustedModelFile;
import org.rtrain.experiments.run.DataSelection;
import org.rtrain.experiments.run.SpecCost;
import org.rtrain.experiments.spec.ExperimentSpec;
import org.rtrain.experiments.spec.ModelFiguresCatalog;
import org.rtrain.experiments.spec.SpecCatalog;
import org.rtrain.experiments.spec.SpecOverrides;
import org.rtrain.experiments.store.RunStore;
import org.rtrain.experiments.store.RunStoreException;
import org.rtrain.experiments.store.StoreUrl;
import org.rtrain.reports.ReportWriter;
import org.rtrain.reports.ScaleReport;
import org.rtrain.reports.WrittenReport;
import org.rtrain.reports.results.ResultStore;
import org.rtrain.reports.results.RunResult;
import org.rtrain.reports.results.Scale;
import org.rtrain.reports.results.Variant;
import org.rtrain.reports.tables.ErrorTableReport;
import org.rtrain.reports.tables.TableReport;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The command line, {@code rtrain <command> [options]}: list, show, placement, run, report, bench and download, and
 * the run store's enqueue, worker and status. Each command prints its options with {@code --help}.
 */
@Command(name = "rtrain", synopsisSubcommandLabel = "<command>",
        description = "Sign-perturbation training and adversarial baselines: the paper's tables as runnable specs.",
        commandListHeading = "%nCommands:%n", optionListHeading = "%nOptions:%n",
        footer = {"", "'rtrain <command> --help' shows a command's options."},
        subcommands = {Main.ListCommand.class, Main.ShowCommand.class, PlacementCommand.class,
            Main.RunCommand.class, Main.ReportCommand.class, Main.BenchCommand.class, Main.DownloadCommand.class,
            StoreCommands.Enqueue.class, StoreCommands.Worker.class, StoreCommands.Status.class,
            Main.CompletionCommand.class, HelpCommand.class})
public final class Main implements Callable<Integer> {

    /** How {@code list}'s data column starts for a spec whose data is not on this machine. */
    static final String MISSING = "MISSING: ";
    private static final int USAGE_WIDTH = 110;
    private static final String HELP = "show this help";

    @Option(names = {"-h", "--help"}, usageHelp = true, description = HELP)
    private boolean helpRequested;

    @Spec
    private CommandSpec spec;

    private final Invocation invocation;

    private Main(Invocation invocation) {
        this.invocation = invocation;
    }

    /** What a command runs with: the process environment and where its output and errors go. */
    public record Invocation(Map<String, String> environment, PrintStream out, PrintStream err) {
    }

    /** The environment and output streams of this invocation, for the commands. */
    public Invocation invocation() {
        return invocation;
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
        PrintWriter outWriter = new PrintWriter(out, true);
        PrintWriter errWriter = new PrintWriter(err, true);
        CommandLine commandLine = new CommandLine(new Main(new Invocation(environment, out, err)))
                .registerConverter(Scale.class, text -> parsed(Scale::parse, text))
                .registerConverter(Variant.class, text -> parsed(Variant::parse, text))
                .setExpandAtFiles(false)
                .setUsageHelpWidth(USAGE_WIDTH)
                .setOut(outWriter)
                .setErr(errWriter)
                .setParameterExceptionHandler((e, arguments) -> badInput(e, err))
                .setExecutionExceptionHandler((e, command, parsed) -> failed(e, err));
        // Every command's own --help (picocli's help command has one already).
        commandLine.getSubcommands().values().stream().filter(command -> !(command.getCommand() instanceof HelpCommand))
                .forEach(command -> command.getCommandSpec().addOption(OptionSpec.builder("-h", "--help")
                        .usageHelp(true).description(HELP).build()));
        try {
            return commandLine.execute(args);
        } finally {
            outWriter.flush();
            errWriter.flush();
        }
    }

    /** {@code rtrain} without a command: the usage, and the exit code of bad input. */
    @Override
    public Integer call() {
        spec.commandLine().usage(invocation.out());
        return 2;
    }

    private static <T> T parsed(Function<String, T> parse, String text) {
        try {
            return parse.apply(text);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    /** Bad command-line syntax: one line saying what was wrong and what is allowed. */
    private static int badInput(ParameterException e, PrintStream err) {
        String message = e.getMessage();
        CommandLine command = e.getCommandLine();
        if (e instanceof UnmatchedArgumentException unmatched && command.getParent() == null) {
            String commands = String.join(", ", command.getSubcommands().keySet());
            message = unmatched.isUnknownOption() ? message + "; expected a command: " + commands
                    : "Unknown command '" + unmatched.getUnmatched().get(0) + "': expected one of " + commands;
        } else if (e instanceof UnmatchedArgumentException) {
            message += "; options of " + command.getCommandSpec().qualifiedName() + ": " + command.getCommandSpec()
                    .options().stream().map(OptionSpec::longestName).sorted().collect(Collectors.joining(", "));
        }
        err.println("error: " + message);
        return 2;
    }

    /** A command that stopped on bad input (a spec, a file, a store): one line, exit code 2; anything else is a bug. */
    private static int failed(Exception e, PrintStream err) throws Exception {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            err.println("error: interrupted");
            return 2;
        }
        if (e instanceof IllegalArgumentException || e instanceof DatasetException || e instanceof RunStoreException
                || e instanceof Checkpoints.CheckpointException
                || e instanceof TrustedModelFile.UntrustedModelException) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        throw e;
    }

    /** {@code rtrain list}. */
    @Command(name = "list", description = "the specs of a scale, whether they are trained or cited, their work in "
            + "multiply-adds with its estimated time on this machine's cores, and whether their data is here")
    static final class ListCommand extends Subcommand {
        @Mixin
        private SelectionOptions selection;
        @Mixin
        private LocationOptions.DataDirectory data;
        @Mixin
        private LocationOptions.Results results;

        @Override
        public Integer call() {
            Invocation invocation = invocation();
            return list(selected(selection), data.root(invocation.environment()),
                    results.directory(invocation.environment()), invocation.out());
        }
    }

    /** {@code rtrain show}. */
    @Command(name = "show", description = "the JSON of the selected specs (edit it and pass it back with --spec-file)")
    static final class ShowCommand extends Subcommand {
        @Mixin
        private SelectionOptions selection;

        @Override
        public Integer call() {
            selected(selection).forEach(spec -> invocation().out().println(spec.toJson()));
            return 0;
        }
    }

    /** {@code rtrain run}. */
    @Command(name = "run", description = "train and evaluate the selected specs on this machine (through the run "
            + "store: resuming interrupted runs, skipping finished ones), then write the reports; specs whose data is "
            + "missing are listed with how to get it, not run")
    static final class RunCommand extends Subcommand {
        @Mixin
        private SelectionOptions selection;
        @Mixin
        private LocationOptions.DataAndStore locations;
        @Mixin
        private LocationOptions.Results results;
        @Option(names = "--workers", paramLabel = "N", defaultValue = "1", converter = PositiveIntegerConverter.class,
                description = "worker processes sharing the cores, each with its share of the native threads (faster "
                        + "for small networks such as LeNet; default: ${DEFAULT-VALUE})")
        private int workers;

        @Override
        public Integer call() throws InterruptedException {
            Map<String, String> environment = invocation().environment();
            return runHere(selected(selection), locations.dataRoot(environment), locations.outputDirectory(),
                    results.directory(environment), locations.storeUrl(environment), workers, invocation());
        }
    }

    /** {@code rtrain report}. */
    @Command(name = "report", description = "write the tables, claims and HTML page from the results in the run store")
    static final class ReportCommand extends Subcommand {
        @Mixin
        private LocationOptions.OutputAndStore store;
        @Mixin
        private LocationOptions.Results results;

        @Override
        public Integer call() {
            Invocation invocation = invocation();
            Path outDir = store.outputDirectory();
            Optional<Path> committed = results.directory(invocation.environment());
            StoreUrl url = store.storeUrl(invocation.environment());
            if (url.embeddedFile().filter(file -> !Files.exists(file)).isPresent()) {
                report(List.of(), committed, outDir, invocation.out());
                return 0;
            }
            try (RunStore runStore = StoreCommands.open(url, invocation.err())) {
                report(runStore.results(Optional.empty()), committed, outDir, invocation.out());
            }
            return 0;
        }
    }

    /** {@code rtrain bench}. */
    @Command(name = "bench", description = "the performance targets as ratios measured side by side, with the "
            + "machine: R-/base and FGSM/base step time (LeNet, WRN-16-4), DL4J/PyTorch 2.x images/s (LeNet training, "
            + "PGD-40 on LeNet, WRN-16-4 training), project/stock")
    static final class BenchCommand extends Subcommand {
        @Mixin
        private LocationOptions.DataDirectory data;
        @Option(names = "--iterations", paramLabel = "N", defaultValue = "200",
                converter = PositiveIntegerConverter.class, description = "timed LeNet steps per set-up (WRN-16-4: "
                + "1/20, PGD-40 batches: 1/80; default: ${DEFAULT-VALUE})")
        private int iterations;
        @Option(names = "--blocks", paramLabel = "N", defaultValue = "5", converter = PositiveIntegerConverter.class,
                description = "alternating blocks the steps are split into (default: ${DEFAULT-VALUE})")
        private int blocks;
        @Option(names = "--python", paramLabel = "CMD", description = "PyTorch through this interpreter instead of "
                + "DJL's PyTorch engine (the default, from Maven Central; works offline once fetched)")
        private String python;

        @Override
        public Integer call() {
            PerformanceBench.Options options = new PerformanceBench.Options(iterations, blocks,
                    python == null ? List.of() : List.of(python));
            PerformanceBench.run(options, data.root(invocation().environment()), invocation().out());
            return 0;
        }
    }

    /** {@code rtrain download}. */
    @Command(name = "download", description = "fetch a dataset into the data directory (needs a network)")
    static final class DownloadCommand extends Subcommand {
        @Mixin
        private LocationOptions.DataDirectory data;
        @Option(names = "--dataset", paramLabel = "NAME", defaultValue = "mnist", description = "mnist, "
                + "fashion-mnist, cifar-10, cifar-100 or svhn (default: ${DEFAULT-VALUE})")
        private String dataset;

        @Override
        public Integer call() {
            return download(dataset, data.root(invocation().environment()), invocation().out());
        }
    }

    /** {@code rtrain completion}. */
    @Command(name = "completion", description = "a bash completion script for rtrain: source <(./rtrain completion)")
    static final class CompletionCommand extends Subcommand {
        @Spec
        private CommandSpec completion;

        @Override
        public Integer call() {
            invocation().out().print(AutoComplete.bash("rtrain", completion.parent().commandLine()));
            return 0;
        }
    }

    /** The specs the selection options pick, with overrides applied. */
    public static List<ExperimentSpec> selected(SelectionOptions options) {
        Scale scale = options.scale();
        Optional<Integer> table = options.table().map(n -> {
            if (n > 5) {
                throw new IllegalArgumentException("--table must be 1 to 5, got " + n);
            }
            return n;
        });
        Optional<Variant> variant = options.variant();
        Optional<String> model = options.model();
        Optional<Integer> seeds = options.seeds();
        List<String> ids = options.specIds();
        List<ExperimentSpec> candidates = options.specFile().map(SpecOverrides::readFile)
                .orElseGet(() -> SpecCatalog.all(scale));
        Set<String> unmatched = new TreeSet<>(ids);
        // Table 1's rows are reproduced by the Table 3 runs, whose evaluation includes its disturbances.
        Set<String> table1 = new HashSet<>();
        SpecCatalog.rows(scale).stream().filter(row -> row.paperRow().table() == 1)
                .forEach(row -> table1.add(row.spec().id()));
        List<ExperimentSpec> specs = new ArrayList<>();
        for (ExperimentSpec spec : candidates) {
            boolean idMatches = ids.isEmpty() || ids.stream().anyMatch(id -> id.equalsIgnoreCase(spec.id()));
            if (idMatches && table.map(t -> t == spec.table() || t == 1 && table1.contains(spec.id())).orElse(true)
                    && variant.map(v -> v == spec.variant()).orElse(true)
                    && model.map(m -> m.equalsIgnoreCase(spec.model())).orElse(true)) {
                unmatched.removeIf(id -> id.equalsIgnoreCase(spec.id()));
                ExperimentSpec chosen = SpecOverrides.apply(spec, options.assignments());
                specs.add(seeds.map(chosen::withSeeds).orElse(chosen));
            }
        }
        if (!unmatched.isEmpty()) {
            throw new IllegalArgumentException("No spec " + unmatched + " at scale " + scale.code()
                    + "; 'rtrain list --scale " + scale.code() + "' shows the spec ids");
        }
        if (options.epsSweep().isPresent()) {
            specs = SpecCatalog.epsSweep(specs, epsilons(options.epsSweep().get()));
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
                data = MISSING + spec.data().dataset() + " (see below)";
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
                    done += committed.find(spec.scale(), spec.id(), seed).isPresent() ? 1 : 0;
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
                               StoreUrl url, int workers, Invocation invocation) throws InterruptedException {
        PrintStream out = invocation.out();
        PrintStream err = invocation.err();
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
        try (RunStore store = StoreCommands.open(url, err)) {
            failed = runnable.isEmpty() ? 0 : StoreCommands.runOnThisMachine(store, url, workers, runnable, root,
                    outDir, results, out, err);
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
            out.printf(Locale.ROOT, "%n== %s scale: %d run(s) ==%n", scale.scale().code(), scale.runs());
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
        return result.scale().code() + "/" + result.specId() + "/" + result.seedIndex();
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
}
