package org.rtrain.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rtrain.perturb.io.FaultInjection;
import org.rtrain.reports.results.ResultStore;
import org.rtrain.reports.results.RunResult;

/**
 * A run killed with SIGKILL mid-epoch resumes from its checkpoint and ends as an uninterrupted run does:
 * the same results, and the same final parameters and updater state bit for bit (both runs are halted
 * once their result is written, before their final checkpoint is cleared, so that it can be compared).
 */
class ResumeIT {

    private static final String SPEC = "t4-mnist-lenet-r";

    @TempDir
    Path dir;

    @Test
    void killedRunResumesAndEndsIdenticalToAnUninterruptedOne() throws Exception {
        Path data = new MnistFixtureRun(dir, 3_000, 200, 11).data();
        List<String> common = List.of("--scale", "smoke", "--spec", SPEC, "--seeds", "1", "--set", "training.epochs=3",
                "--set", "data.trainLimit=3000", "--set", "data.testLimit=200", "--data-dir", data.toString());

        Path killed = dir.resolve("killed");
        Process child = new ProcessBuilder(command(common, killed)).redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.log").toFile()).start();
        Path firstCheckpoint = killed.resolve("checkpoints/smoke/" + SPEC + "/seed-0/state-1.json");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!Files.exists(firstCheckpoint) && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(Files.exists(firstCheckpoint), "no checkpoint after epoch 1: " + Files.readString(dir.resolve("child.log")));
        Thread.sleep(300); // into epoch 2
        assertTrue(child.isAlive(), "the run finished before it could be killed mid-epoch");
        child.destroyForcibly().waitFor();
        assertTrue(new ResultStore(killed.resolve("runs")).readAll().isEmpty(), "a killed run left a result");

        Path straightRun = dir.resolve("straight");
        String resumeLog = runHaltedAfterItsResult(common, killed, dir.resolve("resumed.log"));
        assertTrue(resumeLog.contains("resuming after epoch"), resumeLog);
        runHaltedAfterItsResult(common, straightRun, dir.resolve("straight.log"));

        RunResult resumed = new ResultStore(killed.resolve("runs")).readAll().get(0);
        RunResult straight = new ResultStore(dir.resolve("straight/runs")).readAll().get(0);
        assertEquals(straight.seed(), resumed.seed());
        assertEquals(straight.clean(), resumed.clean(), "test accuracy differs after resuming");
        assertEquals(straight.trainingCurve().stream().map(e -> e.trainLoss()).toList(),
                resumed.trainingCurve().stream().map(e -> e.trainLoss()).toList(), "training losses differ");
        assertEquals(straight.parameters(), resumed.parameters());
        MultiLayerNetwork straightModel = finalCheckpoint(straightRun);
        MultiLayerNetwork resumedModel = finalCheckpoint(killed);
        assertArrayEquals(straightModel.params().dup().data().asDouble(), resumedModel.params().dup().data().asDouble(),
                "parameters differ after resuming");
        assertArrayEquals(straightModel.getUpdater().getStateViewArray().dup().data().asDouble(),
                resumedModel.getUpdater().getStateViewArray().dup().data().asDouble(), "updater state differs after resuming");

        PrintStream quiet = new PrintStream(java.io.OutputStream.nullOutputStream());
        assertEquals(0, Main.run(args(common, killed), quiet, quiet), "a finished run, asked again");
        assertTrue(Files.notExists(killed.resolve("checkpoints/smoke/" + SPEC + "/seed-0")),
                "checkpoints of a finished run are removed");
    }

    /** Runs to its end in a child JVM halted right after its result is written; returns its output. */
    private String runHaltedAfterItsResult(List<String> common, Path out, Path log) throws Exception {
        List<String> command = command(common, out);
        command.add(1, "-D" + FaultInjection.CRASH_PROPERTY + "=result-moved");
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(child.waitFor(10, TimeUnit.MINUTES), "the run did not finish");
        String output = Files.readString(log);
        assertEquals(FaultInjection.CRASH_EXIT_CODE, child.exitValue(), output);
        return output;
    }

    /** The network of the last checkpoint of a run in {@code out}, with its updater state. */
    private static MultiLayerNetwork finalCheckpoint(Path out) throws Exception {
        Path model = out.resolve("checkpoints/smoke/" + SPEC + "/seed-0/model-3.zip");
        assertTrue(Files.exists(model), "no final checkpoint " + model);
        return ModelSerializer.restoreMultiLayerNetwork(model.toFile(), true);
    }

    private static List<String> command(List<String> common, Path out) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args(common, out)));
        return command;
    }

    private static String[] args(List<String> common, Path out) {
        List<String> args = new ArrayList<>(List.of("run"));
        args.addAll(common);
        args.addAll(List.of("--out", out.toString()));
        return args.toArray(String[]::new);
    }
}
