package org.rtrain.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.rtrain.datasets.DataRoot;
import org.rtrain.experiments.spec.ExperimentSpec;
import org.rtrain.experiments.spec.SpecCatalog;
import org.rtrain.experiments.store.RunStore;
import org.rtrain.experiments.store.StoreUrl;
import org.rtrain.reports.results.RunResult;
import org.rtrain.reports.results.RunStatus;
import org.rtrain.reports.results.Scale;

/**
 * {@code mvn verify} is the reproduction: every row of Tables 1-5 at the scale the Maven property
 * {@code rtrain.scale} names, end to end (train, evaluate, save, report), checking what was saved.
 *
 * <p>{@code smoke} (the default) writes fixture files of every dataset and runs every trained row on
 * them; {@code quick} and {@code paper} run on the real data under {@code rtrain.dataDir} (or
 * {@code $RTRAIN_DATA_DIR}, else {@code ~/.cache/rtrain/datasets}) into {@code rtrain.out}, skipping the
 * rows whose data is missing, which the run lists. The smoke reproduction starts afresh each time (its
 * output under {@code target/reproduction-smoke} is deleted first); the real ones resume and skip what
 * their run store already holds.
 */
class ReproductionIT {

    @Test
    void everyRowOfTablesOneToFiveRunsAndIsReported() throws Exception {
        Scale scale = Scale.parse(System.getProperty("rtrain.scale", "smoke"));
        // The smoke reproduction stays in the module's build directory; the real ones write the project's out/.
        Path out = (scale == Scale.SMOKE ? Path.of("target", "reproduction-smoke")
                : Path.of(System.getProperty("rtrain.out", "out"))).toAbsolutePath();
        List<String> args = new ArrayList<>(List.of("run", "--scale", scale.code(), "--out", out.toString()));
        DataRoot root;
        if (scale == Scale.SMOKE) {
            deleteRecursively(out);
            Path data = out.resolve("data");
            root = SmokeFixtures.writeAll(data);
            args.addAll(List.of("--data-dir", data.toString()));
        } else {
            Optional<Path> configured = Optional.ofNullable(System.getProperty("rtrain.dataDir"))
                    .filter(s -> !s.isBlank()).map(Path::of);
            root = DataRoot.resolve(configured);
            configured.ifPresent(d -> args.addAll(List.of("--data-dir", d.toString())));
        }
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        PrintStream tee = new PrintStream(new TeeStream(stdout, System.out), true, StandardCharsets.UTF_8);
        int code = Main.run(args.toArray(String[]::new), Map.of(), tee, System.err);
        String printed = stdout.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, printed);

        List<ExperimentSpec> trained = SpecCatalog.all(scale).stream().filter(s -> !s.cited()).toList();
        Set<String> expected = new TreeSet<>();
        for (ExperimentSpec spec : trained) {
            if (scale == Scale.SMOKE || !Main.dataStatus(spec, root).startsWith("MISSING")) {
                for (int i = 0; i < spec.seeds(); i++) {
                    expected.add(spec.id() + "/seed-" + i);
                }
            } else {
                assertTrue(printed.contains(spec.id() + ": "), spec.id() + " has no data and is not listed as "
                        + "missing:\n" + printed);
            }
        }
        List<RunResult> results;
        try (RunStore store = RunStore.open(StoreUrl.embedded(out.resolve(StoreUrl.EMBEDDED_FILE)))) {
            results = store.results(Optional.of(scale.code()));
        }
        Set<String> saved = results.stream().filter(r -> !r.epsSweep())
                .map(r -> r.specId() + "/seed-" + r.seedIndex()).collect(Collectors.toCollection(TreeSet::new));
        assertTrue(saved.containsAll(expected), "runs without results: " + difference(expected, saved));
        for (RunResult result : results) {
            assertEquals(RunStatus.COMPLETED, result.status(), result.specId() + ": " + result.failure());
            assertTrue(result.parameters() > 0 && result.multiplyAdds() > 0, result.specId());
            assertEquals(5, result.disturbances().size(), result.specId() + " lacks Table 1's disturbances");
            assertTrue(result.attacks().stream().anyMatch(a -> a.attack().equals("pgd")), result.specId());
            assertEquals(scale == Scale.SMOKE ? Boolean.FALSE : Boolean.TRUE, result.datasetVerified(), result.specId());
        }
        Path tables = out.resolve("tables").resolve(scale.code());
        for (int table = 1; table <= 5; table++) {
            assertTrue(Files.size(tables.resolve("table" + table + ".csv")) > 0, "table " + table);
            assertTrue(Files.size(tables.resolve("table" + table + ".tex")) > 0, "table " + table);
        }
        assertTrue(Files.exists(out.resolve("claims").resolve(scale.code()).resolve("claims.csv")));
        assertTrue(Files.exists(out.resolve("report.html")));
    }

    private static void deleteRecursively(Path directory) throws java.io.IOException {
        if (Files.exists(directory)) {
            try (java.util.stream.Stream<Path> paths = Files.walk(directory)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> missing = new TreeSet<>(a);
        missing.removeAll(b);
        return missing;
    }

    /** Copies what the run prints into the test's report as well as checking it. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream first;
        private final java.io.OutputStream second;

        TeeStream(java.io.OutputStream first, java.io.OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws java.io.IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws java.io.IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }
    }
}
