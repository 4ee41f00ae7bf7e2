package org.rtrain.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rtrain.experiments.spec.ExperimentSpec;
import org.rtrain.experiments.spec.SpecCatalog;
import org.rtrain.reports.results.Scale;

class MainTest {

    @TempDir
    Path dir;

    private record Outcome(int code, String out, String err) {
    }

    private static Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out), new PrintStream(err));
        return new Outcome(code, out.toString(), err.toString());
    }

    @Test
    void badCommandsAndOptionsSayWhatIsAllowed() {
        Outcome unknown = run("train");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("Unknown command 'train': expected one of list, show, placement, run, "
                + "report, bench, download, enqueue, worker, status"), unknown.err());
        Outcome scale = run("list", "--scale", "huge");
        assertTrue(scale.err().contains("expected smoke, quick or paper"), scale.err());
        Outcome option = run("run", "--epochs", "3");
        assertTrue(option.err().contains("Unknown options: '--epochs', '3'; options of rtrain run: ")
                && option.err().contains("--seeds"), option.err());
        Outcome blocks = run("bench", "--blocks", "0");
        assertTrue(blocks.err().contains("Invalid value for option '--blocks': must be a positive integer"),
                blocks.err());
        Outcome iterations = run("bench", "--iterations", "2", "--blocks", "5");
        assertEquals(2, iterations.code());
        assertTrue(iterations.err().contains("bench iterations must be >= blocks (5), got 2"), iterations.err());
        Outcome seeds = run("run", "--seeds", "0");
        assertTrue(seeds.err().contains("Invalid value for option '--seeds': must be a positive integer"),
                seeds.err());
        // Smoke scale: real datasets installed on the machine must not be picked up by this test.
        Outcome missing = run("run", "--scale", "smoke", "--data-dir", dir.resolve("nothing").toString(), "--out",
                dir.toString());
        assertEquals(0, missing.code(), missing.err());
        long trained = SpecCatalog.all(Scale.SMOKE).stream().filter(s -> !s.cited()).count();
        assertTrue(missing.out().contains("Not run, data missing (" + trained + " spec(s))")
                && missing.out().contains("no MNIST-format fixture under " + dir.resolve("nothing")), missing.out());
    }

    @Test
    void theUsageListsTheCommandsAndEachCommandItsOptions() {
        Outcome none = run();
        assertEquals(2, none.code());
        assertTrue(none.out().contains("Usage: rtrain [-h] <command>") && none.out().contains("enqueue"), none.out());
        for (String help : new String[] {"help", "--help", "-h"}) {
            Outcome usage = run(help);
            assertEquals(0, usage.code(), help);
            assertTrue(usage.out().contains("'rtrain <command> --help' shows a command's options."), usage.out());
        }
        Outcome bench = run("bench", "--help");
        assertEquals(0, bench.code());
        assertTrue(bench.out().contains("--python=CMD") && bench.out().contains("default: 200"), bench.out());
        Outcome worker = run("help", "worker");
        assertEquals(0, worker.code());
        assertTrue(worker.out().contains("--lease-seconds=N") && !worker.out().contains("--variant"), worker.out());
        Outcome completion = run("completion");
        assertEquals(0, completion.code());
        assertTrue(completion.out().contains("complete -F _complete_rtrain") && completion.out().contains(
                "(\"smoke\" \"quick\" \"paper\")"), completion.out());
    }

    @Test
    void scalesAndVariantsAreReadInAnyCase() {
        Outcome show = run("show", "--scale", "SMOKE", "--variant", "R", "--model", "lenet", "--table", "4");
        assertEquals(0, show.code(), show.err());
        assertTrue(show.out().contains("\"id\":\"t4-mnist-lenet-r\"") && !show.out().contains("lenet-base"),
                show.out());
    }

    @Test
    void listShowsEveryLeNetRowAndMissingData() {
        Outcome list = run("list", "--data-dir", dir.toString());
        assertEquals(0, list.code(), list.err());
        for (String id : new String[] {"t4-mnist-lenet-base", "t4-mnist-lenet-fgsm", "t4-mnist-lenet-r"}) {
            assertTrue(list.out().contains(id), list.out());
        }
    }

    @Test
    void tableOneListsTheTableThreeRunsThatReproduceIt() {
        Outcome list = run("list", "--table", "1", "--data-dir", dir.toString());
        assertEquals(0, list.code(), list.err());
        assertTrue(list.out().contains("t3-imagenet-condensenet-g8-r") && list.out().contains(
                "t3-imagenet-condensenet-g4-base"), list.out());
        assertTrue(list.out().contains("1/ImageNet-1k/CondenseNet (G=C=8)/r") && !list.out().contains("lenet"),
                list.out());
    }

    @Test
    void downloadRefusesImageNetAndUnknownDatasetsWithWhatToDo() {
        Outcome imagenet = run("download", "--dataset", "imagenet-1k", "--data-dir", dir.toString());
        assertEquals(2, imagenet.code());
        assertTrue(imagenet.err().contains("ImageNet-1k is not downloaded by rtrain") && imagenet.err().contains(
                "image-net.org"), imagenet.err());
        Outcome unknown = run("download", "--dataset", "stl-10", "--data-dir", dir.toString());
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("stl-10") && unknown.err().contains("CIFAR-10"), unknown.err());
    }

    @Test
    void placementReportsWhereTheSpecsNetworkIsPerturbed() {
        Outcome placement = run("placement", "--scale", "smoke", "--spec", "t4-mnist-lenet-r");
        assertEquals(0, placement.code(), placement.err());
        assertTrue(placement.out().contains("t4-mnist-lenet-r (LeNet): 4 of 6 activations perturbed"), placement.out());
    }

    @Test
    void reportWithoutResultsSaysSo() {
        Outcome report = run("report", "--out", dir.toString(), "--results", dir.resolve("none").toString());
        assertEquals(0, report.code());
        assertTrue(report.out().contains("nothing to report"), report.out());
    }

    @Test
    void theModelFilterSelectsOneBlockWithItsSweepAndListCountsCommittedRuns() throws Exception {
        Outcome list = run("list", "--scale", "paper", "--model", "lenet", "--data-dir", dir.toString(), "--results",
                dir.resolve("results").toString());
        assertEquals(0, list.code(), list.err());
        assertEquals(6, list.out().lines().filter(l -> l.startsWith("t4-mnist-lenet")).count(), list.out());
        assertTrue(list.out().contains("Done: 0 of the 40 runs listed have their result in"), list.out());

        ExperimentSpec base = SpecCatalog.lenet(Scale.PAPER).get(0);
        org.rtrain.reports.results.RunResult committed = org.rtrain.experiments.store.StoreFixtures.resultFor(base, 3);
        new org.rtrain.reports.results.ResultStore(dir.resolve("results")).write(committed);
        Outcome after = run("list", "--scale", "paper", "--model", "LeNet", "--data-dir", dir.toString(), "--results",
                dir.resolve("results").toString());
        assertTrue(after.out().contains("Done: 1 of the 40 runs listed"), after.out());
        assertTrue(after.out().lines().anyMatch(l -> l.startsWith("t4-mnist-lenet-base ") && l.contains(" 10    1 ")),
                after.out());

        Outcome report = run("report", "--out", dir.resolve("out").toString(), "--results",
                dir.resolve("results").toString());
        assertEquals(0, report.code(), report.err());
        assertTrue(report.out().contains("reporting 1 run(s): 1 committed in " + dir.resolve("results")), report.out());
        assertTrue(report.out().contains("== paper scale: 1 run(s) =="), report.out());
    }
}
