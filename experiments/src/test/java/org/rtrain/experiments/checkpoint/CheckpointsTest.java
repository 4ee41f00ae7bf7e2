package org.rtrain.experiments.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.rtrain.experiments.spec.ExperimentSpec;
import org.rtrain.experiments.spec.SpecCatalog;
import org.rtrain.models.zoo.LeNet;
import org.rtrain.models.zoo.LeNetArchitecture;
import org.rtrain.models.zoo.PerturbationSettings;
import org.rtrain.reports.results.EpochRecord;
import org.rtrain.reports.results.Scale;

class CheckpointsTest {

    @TempDir
    Path dir;

    private final ExperimentSpec spec = SpecCatalog.lenet(Scale.SMOKE).get(2);

    private static MultiLayerNetwork lenet() {
        return LeNet.network(LeNetArchitecture.paper(), LeNet.mnistSettings(PerturbationSettings.none(), 1));
    }

    private Checkpoints.State state(int epoch) {
        return new Checkpoints.State(Checkpoints.FORMAT_VERSION, spec.id(), Checkpoints.fingerprint(spec), 42, epoch,
                List.of(new EpochRecord(epoch, 0.5, null, 1.0)), 1.0 * epoch, 100L * epoch, null);
    }

    @Test
    void savesAndRestoresTheNetworkAndKeepsOnlyTheLatest() {
        Checkpoints checkpoints = new Checkpoints(dir.resolve("run"));
        MultiLayerNetwork network = lenet();
        checkpoints.save(network, state(1));
        checkpoints.save(network, state(2));
        Checkpoints.Restored restored = checkpoints.latest(spec, 42, false).orElseThrow();
        assertEquals(2, restored.state().epochsDone());
        assertEquals(network.params(), restored.network().params());
        assertEquals(network.getUpdater().getStateViewArray(),
                ((MultiLayerNetwork) restored.network()).getUpdater().getStateViewArray());
        assertEquals(List.of("model-2.zip", "state-2.json"), files(dir.resolve("run")));
    }

    @Test
    void refusesATruncatedFileAnotherSpecAndANewerFormat() throws IOException {
        Checkpoints checkpoints = new Checkpoints(dir.resolve("run"));
        checkpoints.save(lenet(), state(1));
        Checkpoints.CheckpointException otherSpec = assertThrows(Checkpoints.CheckpointException.class,
                () -> checkpoints.latest(SpecCatalog.lenet(Scale.SMOKE).get(0), 42, false));
        assertTrue(otherSpec.getMessage().contains("another spec or seed"), otherSpec.getMessage());
        assertThrows(Checkpoints.CheckpointException.class, () -> checkpoints.latest(spec, 43, false));

        Path model = dir.resolve("run/model-1.zip");
        byte[] bytes = Files.readAllBytes(model);
        Files.write(model, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Checkpoints.CheckpointException truncated = assertThrows(Checkpoints.CheckpointException.class,
                () -> checkpoints.latest(spec, 42, false));
        assertTrue(truncated.getMessage().contains("model-1.zip") && truncated.getMessage().contains("SHA-256"),
                truncated.getMessage());

        Files.write(model, bytes);
        Path state = dir.resolve("run/state-1.json");
        Files.writeString(state, Files.readString(state).replace("\"formatVersion\":1", "\"formatVersion\":99"));
        Checkpoints.CheckpointException newer = assertThrows(Checkpoints.CheckpointException.class,
                () -> checkpoints.latest(spec, 42, false));
        assertTrue(newer.getMessage().contains("format 99"), newer.getMessage());
    }

    @Test
    void aFailedWriteLeavesThePreviousCheckpointValidAndSaysSo() {
        Checkpoints checkpoints = new Checkpoints(dir.resolve("run"));
        MultiLayerNetwork network = lenet();
        checkpoints.save(network, state(1));
        MultiLayerNetwork diskFull = new MultiLayerNetwork(network.getLayerWiseConfigurations().clone()) {
            @Override
            public INDArray params() {
                throw new UncheckedIOException(new IOException("No space left on device"));
            }
        };
        diskFull.init();
        Checkpoints.CheckpointException e = assertThrows(Checkpoints.CheckpointException.class,
                () -> checkpoints.save(diskFull, state(2)));
        assertTrue(e.getMessage().contains("No space left on device")
                && e.getMessage().contains("the checkpoint after epoch 1") && e.getMessage().contains("still valid"),
                e.getMessage());
        assertEquals(List.of("model-1.zip", "state-1.json"), files(dir.resolve("run")), "temporary files left behind");
        assertEquals(network.params(), checkpoints.latest(spec, 42, false).orElseThrow().network().params());
    }

    @Test
    void trustBoundaryRefusesForeignClassesUnexpectedEntriesAndCorruptZips() throws IOException {
        Path good = dir.resolve("good.zip");
        org.deeplearning4j.util.ModelSerializer.writeModel(lenet(), good.toFile(), true);
        List<String> classes = TrustedModelFile.check(good);
        // LeNet's convolutions are the project's LeanConvolution (a DL4J ConvolutionLayer subclass).
        assertTrue(classes.contains(org.rtrain.perturb.backend.LeanConvolution.class.getName()), classes.toString());

        Path foreign = dir.resolve("foreign.zip");
        rewrite(good, foreign, config -> config.replace("org.deeplearning4j.nn.conf.layers.DenseLayer",
                "javax.script.ScriptEngineManager"), null);
        TrustedModelFile.UntrustedModelException e = assertThrows(TrustedModelFile.UntrustedModelException.class,
                () -> TrustedModelFile.check(foreign));
        assertTrue(e.getMessage().contains("javax.script.ScriptEngineManager"), e.getMessage());

        Path extra = dir.resolve("extra.zip");
        rewrite(good, extra, config -> config, "preprocessor.bin");
        assertTrue(assertThrows(TrustedModelFile.UntrustedModelException.class, () -> TrustedModelFile.check(extra))
                .getMessage().contains("preprocessor.bin"));

        Path truncated = dir.resolve("truncated.zip");
        byte[] bytes = Files.readAllBytes(good);
        Files.write(truncated, java.util.Arrays.copyOf(bytes, 100));
        assertTrue(assertThrows(TrustedModelFile.UntrustedModelException.class, () -> TrustedModelFile.check(truncated))
                .getMessage().contains("truncated or corrupt"));
        assertFalse(MultiLayerConfiguration.fromJson(lenet().getLayerWiseConfigurations().toJson()).getConfs().isEmpty());
    }

    private static void rewrite(Path from, Path to, java.util.function.UnaryOperator<String> configuration,
                                String extraEntry) throws IOException {
        try (ZipFile in = new ZipFile(from.toFile()); OutputStream file = Files.newOutputStream(to);
             ZipOutputStream out = new ZipOutputStream(file)) {
            for (ZipEntry entry : java.util.Collections.list(in.entries())) {
                out.putNextEntry(new ZipEntry(entry.getName()));
                byte[] content = in.getInputStream(entry).readAllBytes();
                if (entry.getName().equals("configuration.json")) {
                    content = configuration.apply(new String(content, StandardCharsets.UTF_8))
                            .getBytes(StandardCharsets.UTF_8);
                }
                out.write(content);
                out.closeEntry();
            }
            if (extraEntry != null) {
                out.putNextEntry(new ZipEntry(extraEntry));
                out.write(new byte[] {1, 2, 3});
                out.closeEntry();
            }
        }
    }

    private static List<String> files(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
