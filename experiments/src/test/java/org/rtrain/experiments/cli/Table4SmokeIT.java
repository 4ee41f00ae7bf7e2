package org.rtrain.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rtrain.datasets.DataRoot;
import org.rtrain.experiments.run.ExperimentRunner;
import org.rtrain.experiments.spec.ExperimentSpec;
import org.rtrain.experiments.spec.SpecCatalog;
import org.rtrain.experiments.spec.SpecOverrides;
import org.rtrain.reports.results.ResultStore;
import org.rtrain.reports.results.RunProvenance;
import org.rtrain.reports.results.RunResult;
import org.rtrain.reports.results.Scale;
import org.rtrain.reports.results.Variant;

/** Table 4's LeNet rows end to end at smoke scale, in detail: fixture data, training, results, tables, reruns. */
class Table4SmokeIT {

    @TempDir
    Path dir;

    @Test
    void everyLeNetRowTrainsSavesAndIsReported() throws Exception {
        MnistFixtureRun fixture = new MnistFixtureRun(dir, 160, 80, 3, true);
        Path out = fixture.out();
        String[] args = {"run", "--scale", "smoke", "--spec", "t4-mnist-lenet-base", "--spec", "t4-mnist-lenet-fgsm",
                "--spec", "t4-mnist-lenet-r"};
        MnistFixtureRun.Outcome first = fixture.run(args);
        assertEquals(0, first.code(), first.err());

        List<RunResult> results = new ResultStore(out.resolve("runs")).readAll();
        assertEquals(6, results.size(), "3 rows x 2 seeds");
        for (RunResult r : results) {
            assertEquals(Scale.SMOKE, r.scale());
            assertEquals("synthetic MNIST-format fixture", r.datasetUsed());
            assertFalse(r.datasetVerified());
            assertEquals(128, r.trainExamples());
            assertEquals(64, r.clean().examples());
            assertEquals(431_080, r.parameters());
            assertEquals(2_293_000, r.multiplyAdds(), "LeNet's hand count");
            assertEquals(java.util.Set.of("random_crop", "random_hflip", "random_grayscale", "random_color",
                    "random_five_crop"), r.disturbances().keySet());
            assertEquals(4, r.attacks().size(), "FGSM and PGD at eps 0 and 0.1");
            assertEquals(1, r.trainingCurve().size());
            assertTrue(r.testErrorPct() >= 0 && r.testErrorPct() <= 100);
            RunProvenance p = r.provenance();
            for (Object value : new Object[] {p.spec(), p.seed(), p.gitCommit(), p.dl4jVersion(), p.javaVersion(),
                    p.os(), p.cpuModel(), p.nd4jBackend()}) {
                assertNotNull(value, "provenance lacks a field: " + p);
            }
            assertEquals(r.seed(), p.seed());
            assertEquals(true, p.nativeFastPath(), "trained off the oneDNN path");
        }
        assertEquals(2, results.stream().filter(r -> r.variant() == Variant.FGSM).count());

        String csv = Files.readString(out.resolve("tables/smoke/table4.csv"));
        assertTrue(csv.lines().filter(l -> l.contains(",LeNet,")).allMatch(l -> l.contains(",2,")), csv);
        String tex = Files.readString(out.resolve("tables/smoke/table4.tex"));
        assertTrue(tex.contains("R-LeNet") && tex.contains("\\texttt{smoke}"), tex);
        assertTrue(first.out().contains("== smoke scale: 6 run(s) ==") && first.out().contains("Table 4, test error"),
                first.out());
        assertTrue(Files.exists(out.resolve("report.html")), "no HTML report");

        // A second run finds every run done in the run store and trains nothing.
        MnistFixtureRun.Outcome again = fixture.run(args);
        assertEquals(0, again.code());
        assertTrue(again.err().contains("enqueued 0 runs of 3 specs") && again.err().contains("(6 were there "
                + "already)") && !again.err().contains("claimed"), again.err());
    }

    @Test
    void sameSeedGivesTheSameResult() throws Exception {
        DataRoot root = new MnistFixtureRun(dir, 96, 40, 5).dataRoot();
        ExperimentSpec r = SpecCatalog.lenet(Scale.SMOKE).get(2);
        PrintStream quiet = new PrintStream(PrintStream.nullOutputStream());
        RunResult first = new ExperimentRunner(root, new ResultStore(dir.resolve("a")), dir.resolve("ca"), quiet)
                .run(r, 1);
        RunResult second = new ExperimentRunner(root, new ResultStore(dir.resolve("b")), dir.resolve("cb"), quiet)
                .run(r, 1);
        assertEquals(first.seed(), second.seed());
        assertEquals(first.testErrorPct(), second.testErrorPct(), 0.0);
    }

    @Test
    void maxStepsStopsPartWayThroughAnEpochAndCommittedResultsAreNeverTrainedAgain() throws Exception {
        DataRoot root = new MnistFixtureRun(dir, 160, 40, 11).dataRoot();
        ExperimentSpec base = SpecCatalog.lenet(Scale.SMOKE).get(0);
        // The smoke spec trains on 128 images in batches of 32: 4 steps an epoch; 4 epochs capped at 10 steps.
        ExperimentSpec capped = SpecOverrides.apply(base, List.of("training.epochs=4", "training.maxSteps=10"));
        PrintStream quiet = new PrintStream(PrintStream.nullOutputStream());
        RunResult result = new ExperimentRunner(root, new ResultStore(dir.resolve("runs")), dir.resolve("c"), quiet)
                .run(capped, 0);
        assertEquals(3, result.trainingCurve().size(), "two full epochs and a partial one");
        assertEquals(10 * 32, Math.round(result.imagesPerSecond() * result.trainSeconds()), "10 steps of 32 images");

        ResultStore evidence = new ResultStore(dir.resolve("results"));
        evidence.write(result);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ResultStore elsewhere = new ResultStore(dir.resolve("other-out"));
        RunResult committed = new ExperimentRunner(root, elsewhere, evidence, dir.resolve("c2"), new PrintStream(log), 1)
                .run(capped, 0);
        assertEquals(result, committed);
        assertTrue(log.toString().contains("already in " + dir.resolve("results")), log.toString());
        assertTrue(elsewhere.readAll().isEmpty() && !Files.exists(dir.resolve("c2")), "nothing was trained");
    }

    @Test
    void workerProcessesShareTheRunsOfOneRunCommand() throws Exception {
        MnistFixtureRun fixture = new MnistFixtureRun(dir, 160, 80, 13, true);
        Path out = fixture.out();
        MnistFixtureRun.Outcome run = fixture.run("run", "--scale", "smoke", "--spec", "t4-mnist-lenet-base", "--spec",
                "t4-mnist-lenet-r", "--workers", "2", "--results", dir.resolve("results").toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.err().contains("2 worker processes, 1 native thread(s) each")
                || run.err().contains("2 worker processes"), run.err());
        List<RunResult> results = new ResultStore(out.resolve("runs")).readAll();
        assertEquals(4, results.size(), "2 specs x 2 seeds, each run once");
        String logs = Files.readString(out.resolve("logs/worker-1.log")) + Files.readString(out.resolve(
                "logs/worker-2.log"));
        assertEquals(4, logs.lines().filter(l -> l.startsWith("done smoke/")).count(), logs);
        assertTrue(run.out().contains("== smoke scale: 4 run(s) =="), run.out());
    }

    @Test
    void dataParallelTrainingThroughParallelWrapperCompletesARun() throws Exception {
        DataRoot root = new MnistFixtureRun(dir, 128, 40, 9).dataRoot();
        ExperimentSpec r = SpecCatalog.lenet(Scale.SMOKE).get(2);
        PrintStream quiet = new PrintStream(PrintStream.nullOutputStream());
        RunResult result = new ExperimentRunner(root, new ResultStore(dir.resolve("p")), dir.resolve("cp"), quiet, 2)
                .run(r, 0);
        assertEquals(org.rtrain.reports.results.RunStatus.COMPLETED, result.status());
        assertEquals(128, result.trainExamples());
        assertTrue(Double.isFinite(result.trainingCurve().get(0).trainLoss()));
    }
}
