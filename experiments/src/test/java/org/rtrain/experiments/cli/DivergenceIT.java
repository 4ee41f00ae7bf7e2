package org.rtrain.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rtrain.reports.results.ResultStore;
import org.rtrain.reports.results.RunResult;
import org.rtrain.reports.results.RunStatus;

/** A run whose loss becomes NaN stops, is saved as diverged with where it happened, and keeps its checkpoint. */
class DivergenceIT {

    @TempDir
    Path dir;

    @Test
    void nanLossStopsTheRunAndIsRecordedAsDiverged() throws Exception {
        MnistFixtureRun fixture = new MnistFixtureRun(dir, 256, 64, 2);
        Path out = fixture.out();
        MnistFixtureRun.Outcome run = fixture.run("run", "--scale", "smoke", "--spec", "t4-mnist-lenet-base",
                "--seeds", "1", "--set", "training.epochs=3", "--set", "data.trainLimit=256", "--set",
                "training.optimizer.learningRate=1e30");
        assertEquals(0, run.code(), run.err());

        RunResult result = new ResultStore(out.resolve("runs")).readAll().get(0);
        assertEquals(RunStatus.DIVERGED, result.status());
        assertNull(result.clean());
        assertTrue(result.failure().matches("loss became (NaN|Infinity|-Infinity) at epoch \\d, step \\d+.*"),
                result.failure());
        assertTrue(run.err().contains("DIVERGED"), run.err());
        // The report shows the row as diverged: no error rate, one diverged run, in the CSV and on the HTML page.
        String row = Files.readString(out.resolve("tables/smoke/table4.csv")).lines()
                .filter(line -> line.startsWith(result.paperRow() + ",")).findFirst().orElseThrow();
        assertTrue(row.contains(",diverged,,0,1,"), row);
        assertTrue(Files.readString(out.resolve("report.html")).contains("diverged"), "HTML report");
        if (result.epochs() > 0) {
            assertTrue(result.failure().contains("last good checkpoint after epoch " + result.epochs()), result.failure());
            assertTrue(Files.exists(out.resolve("checkpoints/smoke/t4-mnist-lenet-base/seed-0/state-" + result.epochs()
                    + ".json")));
        }
    }
}
