package org.rtrain.experiments.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bench's bookkeeping (alternation, ratios, medians, the table), with set-ups that report fixed times. */
class PerformanceBenchTest {

    @TempDir
    Path dir;

    /** A set-up whose blocks take the given seconds in turn, recording when it ran. */
    private record FixedSetup(String name, List<Double> blockSeconds, List<String> order) implements SideBySide.Setup {

        @Override
        public double run(int steps) {
            order.add(name + ":" + steps);
            long blocksRun = order.stream().filter(o -> o.startsWith(name + ":")).count();
            // The first call is the warm-up; the blocks follow.
            return blocksRun == 1 ? 99.0 : blockSeconds.get((int) blocksRun - 2);
        }
    }

    @Test
    void setUpsAlternateBlockByBlockAndRatiosAreMediansOfPerBlockRatios() {
        List<String> order = new ArrayList<>();
        FixedSetup base = new FixedSetup("base", List.of(1.0, 2.0, 1.0), order);
        FixedSetup perturbed = new FixedSetup("R-", List.of(1.1, 2.0, 3.0), order);
        ByteArrayOutputStream progress = new ByteArrayOutputStream();

        SideBySide.Times times = SideBySide.measure("LeNet", List.of(base, perturbed), 7, 3, 4,
                new PrintStream(progress));

        assertEquals(List.of("base:7", "R-:7", "base:4", "R-:4", "base:4", "R-:4", "base:4", "R-:4"), order);
        assertEquals(List.of(1.0, 2.0, 1.0), times.of("base"), "the warm-up is not a block");
        assertEquals(1.1, times.ratios("R-", "base").get(0), 1e-12);
        // Per-block ratios 1.1, 1.0 and 3.0: the median is 1.1, not the ratio of the totals (6.1 / 4).
        assertEquals(1.1, times.medianRatio("R-", "base"), 1e-12);
        assertEquals(1.0 / 4, times.medianSecondsPerStep("base"), 1e-12);
        assertEquals(4, progress.toString().lines().count(), "one warm-up line and one line per block");
        assertTrue(progress.toString().contains("LeNet block 2/3 (4 steps each): base 2.00 s R- 2.00 s"),
                progress.toString());
        assertThrows(IllegalArgumentException.class, () -> times.of("FGSM"));
    }

    @Test
    void medianOfOddAndEvenCountsAndMismatchedRatios() {
        assertEquals(2.0, SideBySide.median(List.of(3.0, 1.0, 2.0)), 0);
        assertEquals(2.5, SideBySide.median(List.of(4.0, 1.0, 2.0, 3.0)), 0);
        assertThrows(IllegalArgumentException.class, () -> SideBySide.median(List.of()));
        assertThrows(IllegalArgumentException.class, () -> SideBySide.ratios(List.of(1.0), List.of(1.0, 2.0)));
        List<String> order = new ArrayList<>();
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> SideBySide.measure("x",
                List.of(new FixedSetup("a", List.of(1.0), order), new FixedSetup("a", List.of(1.0), order)), 0, 1, 1,
                new PrintStream(new ByteArrayOutputStream())));
        assertTrue(twice.getMessage().contains("two set-ups are named 'a'"), twice.getMessage());
    }

    @Test
    void tableShowsMedianRangeTargetVerdictAndWhyARowWasNotMeasured() {
        List<RatioTable.Row> rows = List.of(
                RatioTable.Row.measured("1", "R-/base step time, LeNet", List.of(1.02, 1.00, 1.04),
                        RatioTable.Target.atMost(1.05), "base 50.0 ms/step"),
                RatioTable.Row.measured("2", "FGSM/base step time, LeNet", List.of(2.5, 2.3, 2.4),
                        RatioTable.Target.atMost(2.2), ""),
                RatioTable.Row.measured("4", "DL4J/PyTorch images/s, LeNet", List.of(0.4, 0.6),
                        RatioTable.Target.atLeast(0.5), ""),
                RatioTable.Row.notMeasured("4", "DL4J/PyTorch images/s, LeNet", RatioTable.Target.atLeast(0.5),
                        "PyTorch not available (python3: No module named 'torch')"),
                RatioTable.Row.measured("-", "project/DL4J stock images/s, LeNet", List.of(4.0), null, ""));

        String table = RatioTable.render("title", List.of("CPU: test"), rows);

        assertEquals("met", rows.get(0).verdict());
        assertEquals("NOT MET", rows.get(1).verdict());
        assertEquals(0.5, rows.get(2).median(), 1e-12);
        assertEquals("met", rows.get(2).verdict(), "a bound is inclusive");
        assertEquals("not measured", rows.get(3).verdict());
        assertFalse(rows.get(3).isMeasured());
        assertEquals("-", rows.get(4).verdict());
        List<String> lines = table.lines().toList();
        assertEquals("title", lines.get(0));
        assertEquals("  CPU: test", lines.get(1));
        assertTrue(lines.get(3).matches("1 +R-/base step time, LeNet +1\\.020 +1\\.000-1\\.040 +<= 1\\.05 +met"),
                lines.get(3));
        assertTrue(lines.get(4).trim().equals("base 50.0 ms/step"), lines.get(4));
        assertTrue(table.contains("2.400   2.300-2.500  <= 2.20  NOT MET"), table);
        assertTrue(table.contains(">= 0.50  not measured\n     PyTorch not available (python3: No module named "
                + "'torch')"), table);
        assertThrows(IllegalArgumentException.class, () -> RatioTable.Target.atMost(0));
    }

    @Test
    void benchOptionsSizeTheBlocksAndRejectImpossibleValues() {
        PerformanceBench.Options options = new PerformanceBench.Options(200, 5, List.of());
        assertEquals(40, options.lenetStepsPerBlock());
        assertEquals(2, options.wrnStepsPerBlock());
        assertEquals(1, options.pgdStepsPerBlock());
        assertEquals(5, new PerformanceBench.Options(2000, 5, List.of()).pgdStepsPerBlock());
        assertEquals(1, new PerformanceBench.Options(5, 5, List.of("python3")).wrnStepsPerBlock());
        IllegalArgumentException few = assertThrows(IllegalArgumentException.class,
                () -> new PerformanceBench.Options(3, 5, List.of()));
        assertTrue(few.getMessage().contains("iterations must be >= blocks (5), got 3"), few.getMessage());
    }

    @Test
    void pytorchReferenceIsDrivenWorkloadByWorkloadOrSaysWhyItIsUnavailable() throws Exception {
        // Stand-ins for the interpreter (it is given the script, three batch sizes and the thread count), answering
        // each "WORKLOAD STEPS" request with seconds that say which workload it ran.
        Path speaking = executable("speaking", "#!/bin/sh\n"
                + "echo '{\"torch\": \"9.9\", \"threads\": '$5', \"blas\": \"test\", \"parameters\": {\"wrn\": 7}}'\n"
                + "while read workload steps; do\n"
                + "  case $workload in lenet) s=0.25;; pgd) s=0.5;; *) s=0.75;; esac\n"
                + "  echo '{\"steps\": '$steps', \"seconds\": '$s'}'\n"
                + "done\n");
        Path withoutTorch = executable("without-torch", "#!/bin/sh\n"
                + "echo \"ModuleNotFoundError: No module named 'torch'\" >&2\nexit 1\n");
        List<String> arguments = List.of("64", "128", "32", "2");

        PyTorchReference.UnavailableException missing = assertThrows(PyTorchReference.UnavailableException.class,
                () -> PyTorchReference.startPython(List.of(dir.resolve("absent").toString(), withoutTorch.toString()),
                        arguments, Map.of()));
        assertTrue(missing.getMessage().contains(dir.resolve("absent") + ": cannot start it"), missing.getMessage());
        assertTrue(missing.getMessage().contains(withoutTorch + ": ModuleNotFoundError: No module named 'torch'"),
                missing.getMessage());

        try (PyTorchReference reference = PyTorchReference.startPython(List.of(withoutTorch.toString(),
                speaking.toString()), arguments, Map.of())) {
            assertEquals(speaking.toString(), reference.command(), "the first interpreter that imports torch");
            assertEquals("PyTorch 9.9 (BLAS test, 2 threads) via " + speaking, reference.description());
            assertEquals(Optional.of(7L), reference.parameters("wrn"));
            assertEquals(Optional.empty(), reference.parameters("lenet"));
            SideBySide.Setup lenet = reference.setup("lenet");
            assertEquals("PyTorch", lenet.name());
            assertEquals(0.25, lenet.run(10), 0);
            assertEquals(0.5, reference.setup("pgd").run(1), 0);
            assertEquals(0.75, reference.setup("wrn").run(2), 0);
            assertThrows(IllegalArgumentException.class, () -> reference.setup("resnet"));
        }
    }

    @Test
    void machineLinesNameTheVectorExtensionsAndDl4jKernels() {
        String flags = PerformanceBench.cpuFlags();
        assertFalse(flags.isBlank());
        assertTrue(PerformanceBench.dl4jKernels().matches("libnd4j .* with oneDNN \\(convolutions, pooling; the "
                + "dnnl jar is [\\d.]+\\), OpenBLAS [\\d.]+ \\(the dense layers' gemm\\)"), PerformanceBench.dl4jKernels());
    }

    private Path executable(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
