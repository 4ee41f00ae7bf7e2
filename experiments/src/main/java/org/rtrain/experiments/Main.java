package org.rtrain.experiments;

import java.io.PrintStream;
import java.nio.file.Path;
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
import org.rtrain.datasets.FileDownloader;
import org.rtrain.datasets.ImageSplit;
import org.rtrain.datasets.MnistDataset;
import org.rtrain.datasets.Verification;
import org.rtrain.reports.ErrorTableReport;
import org.rtrain.reports.ResultStore;
import org.rtrain.reports.RunResult;

/** The command line: list, run, report, bench and download. */
public final class Main {

    private static final String USAGE = """
            usage: rtrain <command> [options]

            commands:
              list       the specs of a scale and whether their data is on this machine
              run        train and evaluate specs (skipping finished runs), then write the reports
              report     write the tables from the saved results
              bench      LeNet training throughput: DL4J stock set-up vs this project's default
              download   fetch MNIST or Fashion-MNIST into the data directory (needs a network)

            options:
              --scale smoke|quick|paper   (list, run; default quick)
              --variant base|fgsm|r       (run; default all)
              --seeds N                   (run; default: the spec's)
              --data-dir DIR              (default: $RTRAIN_DATA_DIR, else ~/.cache/rtrain/datasets)
              --out DIR                   (default: out)
              --iterations N              (bench; default 300)
              --dataset mnist|fashion-mnist (download; default mnist)
            """;

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
        try {
            Map<String, String> options = options(args);
            DataRoot root = DataRoot.resolve(Optional.ofNullable(options.get("data-dir")).map(Path::of));
            Path outDir = Path.of(options.getOrDefault("out", "out"));
            switch (args[0]) {
                case "list" -> list(Scale.parse(options.getOrDefault("scale", "quick")), root, out);
                case "run" -> {
                    runSpecs(selected(options), root, outDir, err);
                    report(outDir, out);
                }
                case "report" -> report(outDir, out);
                case "bench" -> bench(root, positive(options.getOrDefault("iterations", "300"), "--iterations"), out);
                case "download" -> download(options.getOrDefault("dataset", "mnist"), root, out);
                default -> throw new IllegalArgumentException("Unknown command '" + args[0]
                        + "': expected list, run, report, bench or download");
            }
            return 0;
        } catch (IllegalArgumentException | DatasetException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
    }

    private static Map<String, String> options(String[] args) {
        Set<String> known = Set.of("scale", "variant", "seeds", "data-dir", "out", "iterations", "dataset");
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : null;
            if (name == null || !known.contains(name)) {
                throw new IllegalArgumentException("Unknown option '" + args[i] + "'. Options: --" + String.join(", --",
                        new TreeSet<>(known)));
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("Option --" + name + " needs a value");
            }
            options.put(name, args[++i]);
        }
        return options;
    }

    private static List<ExperimentSpec> selected(Map<String, String> options) {
        Scale scale = Scale.parse(options.getOrDefault("scale", "quick"));
        Optional<Variant> variant = Optional.ofNullable(options.get("variant")).map(Variant::parse);
        Optional<Integer> seeds = Optional.ofNullable(options.get("seeds")).map(s -> positive(s, "--seeds"));
        List<ExperimentSpec> specs = new ArrayList<>();
        for (ExperimentSpec spec : SpecCatalog.all(scale)) {
            if (variant.isEmpty() || variant.get() == spec.variant()) {
                specs.add(seeds.map(spec::withSeeds).orElse(spec));
            }
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

    private static void list(Scale scale, DataRoot root, PrintStream out) {
        out.printf(Locale.ROOT, "%-26s %-5s %-8s %-8s %-7s %-6s %s%n", "spec", "table", "dataset", "model", "variant",
                "seeds", "data on this machine");
        for (ExperimentSpec spec : SpecCatalog.all(scale)) {
            String data;
            try {
                DataSelection selection = DataSelection.forSpec(spec, root);
                data = selection.name() + " in " + selection.directory();
            } catch (DatasetException e) {
                data = "MISSING: " + e.getMessage();
            }
            out.printf(Locale.ROOT, "%-26s %-5d %-8s %-8s %-7s %-6d %s%n", spec.id(), spec.table(), spec.paperDataset(),
                    spec.model(), spec.variant().code(), spec.seeds(), data);
        }
    }

    private static void runSpecs(List<ExperimentSpec> specs, DataRoot root, Path outDir, PrintStream progress) {
        ResultStore store = new ResultStore(outDir.resolve("runs"));
        ExperimentRunner runner = new ExperimentRunner(root, store, progress);
        long start = System.nanoTime();
        for (ExperimentSpec spec : specs) {
            runner.runAll(spec);
        }
        progress.printf(Locale.ROOT, "all runs done in %.1f min; results under %s%n",
                (System.nanoTime() - start) / 60e9, store.root());
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
