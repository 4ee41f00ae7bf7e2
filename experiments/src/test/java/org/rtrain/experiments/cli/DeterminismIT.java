package org.rtrain.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rtrain.reports.results.ResultStore;
import org.rtrain.reports.results.RunResult;
import org.rtrain.reports.results.RunStatus;

/**
 * Same spec, same seed, same machine, CPU backend: two separate processes give the same result bit for
 * bit, every field but the wall-clock ones. The R- spec draws the sign perturbation and dropout, the
 * FGSM- spec adversarial examples; both are evaluated under the disturbances and FGSM/PGD (random
 * starts). ND4J is not deterministic on CUDA (atomic-add reductions, cuDNN algorithm choice) nor with
 * several ParallelWrapper workers (the order in which updates are averaged varies): this holds for the
 * CPU backend and one worker, which is what runs here.
 */
class DeterminismIT {

    @TempDir
    Path dir;

    @Test
    void twoProcessesGiveBitIdenticalResults() throws Exception {
        Path data = new MnistFixtureRun(dir, 600, 100, 17).data();
        List<List<RunResult>> results = new ArrayList<>();
        for (String name : List.of("first", "second")) {
            Path out = dir.resolve(name);
            Path log = dir.resolve(name + ".log");
            Process child = ChildJvm.start(List.of(), List.of("run", "--scale", "smoke", "--spec", "t4-mnist-lenet-r",
                    "--spec", "t4-mnist-lenet-fgsm", "--seeds", "1", "--set", "training.epochs=2", "--set",
                    "data.trainLimit=600", "--set", "data.testLimit=100", "--data-dir", data.toString(), "--out",
                    out.toString()), log);
            assertTrue(child.waitFor(5, TimeUnit.MINUTES), "still running:\n" + Files.readString(log));
            assertEquals(0, child.exitValue(), Files.readString(log));
            results.add(new ResultStore(out.resolve("runs")).readAll());
        }
        assertEquals(2, results.get(0).size());
        assertEquals(2, results.get(1).size());
        for (int i = 0; i < 2; i++) {
            RunResult first = results.get(0).get(i);
            RunResult second = results.get(1).get(i);
            assertEquals(RunStatus.COMPLETED, first.status());
            assertTrue(!first.attacks().isEmpty() && !first.disturbances().isEmpty(), "robustness is compared too");
            assertEquals(List.of(), ReproducibleFields.differences(first, second), first.specId());
            System.out.printf("determinism: %s identical in %d fields across two processes%n", first.specId(),
                    ReproducibleFields.leafCount(first));
        }
    }
}
