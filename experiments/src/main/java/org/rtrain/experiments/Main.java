package org.rtrain.experiments;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.rtrain.datasets.DataRoot;
import org.rtrain.datasets.DatasetException;
import org.rtrain.datasets.FileDownloader;
import org.rtrain.datasets.ImageSplit;
import org.rtrain.datasets.MnistDataset;
import org.rtrain.datasets.Verification;
import org.rtrain.experiments.store.StoreCommands;
import org.rtrain.reports.ErrorTableReport;
import org.rtrain.reports.ResultStore;
import org.rtrain.reports.RunResult;
import org.rtrain.reports.RunStatus;

/** The command line: list, show, run, report, bench and download; enqueue, worker and status of the run store. */
public final class Main {

    private static final String USAGE = """
            usage: rtrain <command> [options]

            commands:
              list       the specs of a scale, whether they are trained or cited, and whether their data is here
              show       the JSON of the selected specs (edit it and pass it back with --spec-file)
              run        train and evaluate the selected specs (resuming interrupted runs, skipping finished
                         ones), then write the reports; rows whose data is missing are listed, not run
              report     write the tables from the saved results
              bench      LeNet training throughput: DL4J stock set-up vs this project's default
              download   fetch a dataset into the data directory (needs a network)
            """ + StoreCommands.USAGE + """

            selection (list, show, run):
              --scale smoke|quick|paper   (default quick)
              --table N                   only rows of Table N (1-5)
              --spec ID                   only the spec with this id (repeatable)
              --variant base|fgsm|r       only this variant
              --eps-sweep                 the R- eps sweep (eps 0, 0.05, 0.1, 0.2, 0.3) instead of the rows
              --spec-file FILE            specs from a JSON file (one spec or an array) instead of the catalog
              --set PATH=VALUE            change a spec field, e.g. --set training.epochs=3 (repeatable)
              --seeds N                   number of seeds of every selected spec

            other options:
              --data-dir DIR              (default: $RTRAIN_DATA_DIR, else ~/.cache/rtrain/datasets)
              --out DIR                   results, checkpoints and reports (default: out)
              --iterations N              (bench; default 300)
              --dataset NAME              (download; default mnist)
            """;

    private static final Set<String> FLAGS = Set.of("eps-sweep");
    private static final Set<String> REPEATABLE = Set.of("spec", "set");
    private static final Set<String> OPTIONS = Set.of("scale", "table", "spec", "variant", "eps-sweep", "spec-file",
            "set", "seeds", "data-dir", "out", "iterations", "dataset");

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs a command; returns the process exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || Set.of("help", "-h", "--help").contains(args[0])) {
            out.print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        if (StoreCommands.handles(args[0])) {
            return StoreCommands.run(args, out, err);
        }
        try {
            Map<String, List<String>> options = options(args);
            DataRoot root = DataRoot.resolve(Optional.ofNullable(single(options, "data-dir")).map(Path::of));
            Path outDir = Path.of(Optional.ofNullable(single(options, "out")).orElse("out"));
            switch (args[0]) {
                case "list" -> list(selected(options), root, out);
                case "show" -> selected(options).forEach(spec -> out.println(spec.toJson()));
                case "run" -> {
                    runSpecs(selected(options), root, outDir, out, err);
                    report(outDir, out);
                }
                case "report" -> report(outDir, out);
                case "bench" -> bench(root, positive(Optional.ofNullable(single(options, "iterations")).orElse("300"),
                        "--iterations"), out);
                case "download" -> download(Optional.ofNullable(single(options, "dataset")).orElse("mnist"), root, out);
                default -> throw new IllegalArgumentException("Unknown command '" + args[0]
                        + "': expected list, show, run, report, bench, download, enqueue, worker or status");
            }
            return 0;
        } catch (IllegalArgumentException | DatasetException | Checkpoints.CheckpointException
                 | TrustedModelFile.UntrustedModelException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
    }

    private static Map<String, List<String>> options(String[] args) {
        Map<String, List<String>> options = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : null;
            if (name == null || !OPTIONS.contains(name)) {
                throw new IllegalArgumentException("Unknown option '" + args[i] + "'. Options: --"
                        + String.join(", --", new TreeSet<>(OPTIONS)));
            }
            if (options.containsKey(name) && !REPEATABLE.contains(name)) {
                throw new IllegalArgumentException("Option --" + name + " is given twice");
            }
            if (FLAGS.contains(name)) {
                options.put(name, List.of("true"));
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("Option --" + name + " needs a value");
            }
            options.computeIfAbsent(name, k -> new ArrayList<>()).add(args[++i]);
        }
        return options;
    }

    private static String single(Map<String, List<String>> options, String name) {
        List<String> values = options.get(name);
        return values == null ? null : values.get(0);
    }

    /** The specs the selection options pick, with overrides applied. */
    static List<ExperimentSpec> selected(Map<String, List<String>> options) {
        Scale scale = Scale.parse(Optional.ofNullable(single(options, "scale")).orElse("quick"));
        Optional<Integer> table = Optional.ofNullable(single(options, "table")).map(t -> {
            int n = positive(t, "--table");
            if (n > 5) {
                throw new IllegalArgumentException("--table must be 1 to 5, got " + n);
            }
            return n;
        });
        Optional<Variant> variant = Optional.ofNullable(single(options, "variant")).map(Variant::parse);
        Optional<Integer> seeds = Optional.ofNullable(single(options, "seeds")).map(s -> positive(s, "--seeds"));
        List<String> ids = options.getOrDefault("spec", List.of());
        List<ExperimentSpec> candidates;
        if (options.containsKey("spec-file")) {
            candidates = SpecOverrides.readFile(Path.of(single(options, "spec-file")));
        } else if (options.containsKey("eps-sweep")) {
            candidates = SpecCatalog.epsSweep(scale);
        } else {
            candidates = SpecCatalog.all(scale);
        }
        Set<String> unmatched = new TreeSet<>(ids);
        List<ExperimentSpec> specs = new ArrayList<>();
        for (ExperimentSpec spec : candidates) {
            boolean idMatches = ids.isEmpty() || ids.stream().anyMatch(id -> id.equalsIgnoreCase(spec.id()));
            if (idMatches && table.map(t -> t == spec.table()).orElse(true)
                    && variant.map(v -> v == spec.variant()).orElse(true)) {
                unmatched.removeIf(id -> id.equalsIgnoreCase(spec.id()));
                ExperimentSpec chosen = SpecOverrides.apply(spec, options.getOrDefault("set", List.of()));
                specs.add(seeds.map(chosen::withSeeds).orElse(chosen));
            }
        }
        if (!unmatched.isEmpty()) {
            throw new IllegalArgumentException("No spec " + unmatched + " at scale " + scale.code()
                    + "; 'rtrain list --scale " + scale.code() + "' shows the spec ids");
        }
        return specs;
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

    private static void list(List<ExperimentSpec> specs, DataRoot root, PrintStream out) {
        out.printf(Locale.ROOT, "%-30s %-5s %-12s %-22s %-7s %-5s %s%n", "spec", "table", "dataset", "model",
                "variant", "seeds", "data on this machine");
        for (ExperimentSpec spec : specs) {
            out.printf(Locale.ROOT, "%-30s %-5d %-12s %-22s %-7s %-5s %s%n", spec.id(), spec.table(),
                    spec.paperDataset(), spec.model(), spec.variant().code(),
                    spec.cited() ? "-" : Integer.toString(spec.seeds()), dataStatus(spec, root));
        }
    }

    private static String dataStatus(ExperimentSpec spec, DataRoot root) {
        if (spec.cited()) {
            return "cited from its own paper: reported, never trained";
        }
        try {
            DataSelection selection = DataSelection.forSpec(spec, root);
            return selection.name() + " in " + selection.directory();
        } catch (DatasetException e) {
            return "MISSING: " + e.getMessage();
        }
    }

    private static void runSpecs(List<ExperimentSpec> specs, DataRoot root, Path outDir, PrintStream out,
                                 PrintStream progress) {
        ResultStore store = new ResultStore(outDir.resolve("runs"));
        ExperimentRunner runner = new ExperimentRunner(root, store, outDir.resolve("checkpoints"), progress);
        long start = System.nanoTime();
        List<String> notRun = new ArrayList<>();
        for (ExperimentSpec spec : specs) {
            if (spec.cited()) {
                continue;
            }
            try {
                DataSelection.forSpec(spec, root);
            } catch (DatasetException e) {
                notRun.add(spec.id() + ": " + e.getMessage());
                continue;
            }
            long specStart = System.nanoTime();
            runner.runAll(spec);
            progress.printf(Locale.ROOT, "%s: %d seed(s) in %.1f min%n", spec.id(), spec.seeds(),
                    (System.nanoTime() - specStart) / 60e9);
        }
        progress.printf(Locale.ROOT, "all runs done in %.1f min; results under %s%n",
                (System.nanoTime() - start) / 60e9, store.root());
        if (!notRun.isEmpty()) {
            out.printf(Locale.ROOT, "%nNot run, data missing (%d spec(s)):%n", notRun.size());
            notRun.forEach(line -> out.println("  " + line));
        }
    }

    private static void report(Path outDir, PrintStream out) {
        List<RunResult> results = new ResultStore(outDir.resolve("runs")).readAll();
        TreeSet<String> scales = new TreeSet<>();
        results.forEach(r -> scales.add(r.scale()));
        if (scales.isEmpty()) {
            out.println("no saved results under " + outDir.resolve("runs") + ": nothing to report");
            return;
        }
        for (String scale : scales) {
            ErrorTableReport table = ErrorTableReport.of(4, scale, results);
            List<Path> files = table.writeTo(outDir.resolve("tables").resolve(scale));
            out.printf(Locale.ROOT, "%nTable 4, %s scale (%s, %s):%n", scale, files.get(0), files.get(1));
            out.printf(Locale.ROOT, "  %-12s %-8s %-13s %12s %20s %3s %8s%n", "model", "paper", "dataset used",
                    "paper err %", "reproduced err %", "n", "diff");
            for (ErrorTableReport.Row row : table.rows()) {
                if (row.n() == 0) {
                    continue;
                }
                String reproduced = row.n() > 1
                        ? String.format(Locale.ROOT, "%.2f ± %.2f", row.meanPct(), row.stdPct())
                        : String.format(Locale.ROOT, "%.2f", row.meanPct());
                out.printf(Locale.ROOT, "  %-12s %-8s %-13s %12.2f %20s %3d %+8.2f%n", row.paper().displayName(),
                        row.paper().dataset(), row.datasetUsed(), row.paper().errorPct(), reproduced, row.n(),
                        row.differencePct());
            }
        }
    }

    private static void bench(DataRoot root, int iterations, PrintStream out) {
        MnistDataset dataset = MnistDataset.FASHION_MNIST;
        ImageSplit train = dataset.read(root, MnistDataset.Split.TRAIN, Verification.PUBLISHED);
        ThroughputBench.Measurement m = ThroughputBench.measure(train, 64, iterations, out);
        ThroughputBench.print(m, dataset.displayName(), 64, out);
    }

    private static void download(String name, DataRoot root, PrintStream out) {
        MnistDataset dataset = switch (name.toLowerCase(Locale.ROOT)) {
            case "mnist" -> MnistDataset.MNIST;
            case "fashion-mnist" -> MnistDataset.FASHION_MNIST;
            default -> throw new IllegalArgumentException("Unknown dataset '" + name + "': expected mnist or fashion-mnist");
        };
        Path directory = dataset.download(root, new FileDownloader(out));
        for (MnistDataset.Split split : MnistDataset.Split.values()) {
            dataset.read(directory, split, Verification.PUBLISHED);
        }
        out.println(dataset.displayName() + " downloaded and verified in " + directory);
    }
}
