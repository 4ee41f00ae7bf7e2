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

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rtrain.datasets.fixtures.IdxFixtures;
import org.rtrain.perturb.io.FaultInjection;
import org.rtrain.reports.results.ResultStore;
import org.rtrain.reports.results.RunResult;
import org.rtrain.reports.results.RunStatus;

/**
 * The disk fills up as a finished run saves its result: the run is marked failed with the disk's error
 * and where its last checkpoint is; once there is room, retrying it resumes from that checkpoint
 * (nothing is trained again) and stores the result.
 */
class DiskFullIT {

    private static final String SPEC = "t4-mnist-lenet-base";

    @TempDir
    Path dir;

    @AfterEach
    void clearInjection() {
        System.clearProperty(FaultInjection.FAIL_PROPERTY);
    }

    private record Outcome(int code, String out, String err) {
    }

    private static Outcome main(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aResultThatCannotBeSavedIsRetriedFromItsLastCheckpoint() throws Exception {
        Path data = dir.resolve("data");
        IdxFixtures.writeMnistLike(data.resolve("mnist"), 128, 64, 31, false);
        Path out = dir.resolve("out");
        List<String> selection = List.of("--scale", "smoke", "--spec", SPEC, "--seeds", "1", "--set",
                "training.epochs=2", "--data-dir", data.toString(), "--out", out.toString());

        System.setProperty(FaultInjection.FAIL_PROPERTY, "result-temp-written");
        Outcome full = main(with("run", selection));
        System.clearProperty(FaultInjection.FAIL_PROPERTY);
        assertEquals(1, full.code(), full.err());
        assertTrue(full.out().contains("1 run(s) failed: 'rtrain status --out " + out + "' shows why"), full.out());
        Path checkpoints = out.resolve("checkpoints/smoke/" + SPEC + "/seed-0");
        String status = main(with("status", List.of("--out", out.toString()))).out();
        assertTrue(status.contains("No space left on device") && status.contains("the checkpoint after epoch 2 in "
                + checkpoints + " is still valid") && status.contains("--retry-failed"), status);
        assertTrue(new ResultStore(out.resolve("runs")).readAll().isEmpty(), "no result was saved");
        assertTrue(Files.exists(checkpoints.resolve("state-2.json")), "the last checkpoint is kept");

        Outcome rerun = main(with("run", selection));
        assertEquals(1, rerun.code(), "a plain rerun leaves a failed run failed and says so: " + rerun.err());
        assertEquals(0, main(with("enqueue", with("--retry-failed", selection))).code());
        Outcome retried = main(with("run", selection));
        assertEquals(0, retried.code(), retried.err());
        assertTrue(retried.err().contains("resuming after epoch 2 from " + checkpoints), retried.err());
        RunResult result = new ResultStore(out.resolve("runs")).readAll().get(0);
        assertEquals(RunStatus.COMPLETED, result.status());
        assertEquals(2, result.trainingCurve().size());
        assertTrue(Files.notExists(checkpoints), "checkpoints of the finished run are removed");
    }

    private static List<String> with(String first, List<String> rest) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(rest);
        return all;
    }
}
