package org.rtrain.experiments.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rtrain.experiments.spec.ExperimentSpec;
import org.rtrain.experiments.spec.SpecCatalog;
import org.rtrain.models.zoo.LeNet;
import org.rtrain.models.zoo.LeNetArchitecture;
import org.rtrain.models.zoo.PerturbationSettings;
import org.rtrain.perturb.io.FaultInjection;
import org.rtrain.reports.results.EpochRecord;
import org.rtrain.reports.results.Scale;

/**
 * A checkpoint written to a full disk: the write fails with the disk's error, says that the previous
 * checkpoint is still valid, leaves no temporary file, and the previous checkpoint loads. The full disk
 * is real where it can be without root: the temporary file is a link to {@code /dev/full}, whose every
 * write fails with ENOSPC; elsewhere {@link FaultInjection} fails the write between its steps.
 */
class CheckpointDiskFullTest {

    private static final Path DEV_FULL = Path.of("/dev/full");

    @TempDir
    Path dir;

    private final ExperimentSpec spec = SpecCatalog.lenet(Scale.SMOKE).get(2);
    private final MultiLayerNetwork network = LeNet.network(LeNetArchitecture.paper(),
            LeNet.mnistSettings(PerturbationSettings.none(), 1));

    @AfterEach
    void clearInjection() {
        System.clearProperty(FaultInjection.FAIL_PROPERTY);
    }

    private Checkpoints.State state(int epoch) {
        return new Checkpoints.State(Checkpoints.FORMAT_VERSION, spec.id(), Checkpoints.fingerprint(spec), 42, epoch,
                List.of(new EpochRecord(epoch, 0.5, null, 1.0)), epoch, 100L * epoch, null);
    }

    @Test
    void modelOrStateWrittenToAFullDevice() throws IOException {
        assertTrue(Files.isWritable(DEV_FULL), "Linux provides /dev/full");
        for (String temporary : List.of("model-2.zip.tmp", "state-2.json.tmp")) {
            Checkpoints checkpoints = new Checkpoints(dir.resolve(temporary));
            checkpoints.save(network, state(1));
            Files.createSymbolicLink(checkpoints.directory().resolve(temporary), DEV_FULL);
            assertFullDiskReported(checkpoints, "No space left on device");
        }
    }

    @Test
    void failureBetweenAnyTwoStepsOfTheWrite() throws IOException {
        for (String point : List.of("checkpoint-model-written", "checkpoint-model-synced", "checkpoint-state-written",
                "checkpoint-state-synced")) {
            Checkpoints checkpoints = new Checkpoints(dir.resolve(point));
            checkpoints.save(network, state(1));
            System.setProperty(FaultInjection.FAIL_PROPERTY, point + ":2");
            assertFullDiskReported(checkpoints, "injected at " + point);
            System.clearProperty(FaultInjection.FAIL_PROPERTY);
        }
    }

    private void assertFullDiskReported(Checkpoints checkpoints, String cause) throws IOException {
        Checkpoints.CheckpointException e = assertThrows(Checkpoints.CheckpointException.class,
                () -> checkpoints.save(network, state(2)));
        assertTrue(e.getMessage().contains("Cannot write the checkpoint after epoch 2")
                && e.getMessage().contains(cause)
                && e.getMessage().contains("the checkpoint after epoch 1 in " + checkpoints.directory()
                + " is still valid"), e.getMessage());
        try (Stream<Path> files = Files.list(checkpoints.directory())) {
            assertEquals(List.of("model-1.zip", "state-1.json"),
                    files.map(f -> f.getFileName().toString()).sorted().toList(), "temporary files left behind");
        }
        Checkpoints.Restored restored = checkpoints.latest(spec, 42, false).orElseThrow();
        assertEquals(1, restored.state().epochsDone());
        assertEquals(network.params(), restored.network().params());
    }
}
