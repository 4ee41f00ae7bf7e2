package org.rtrain.experiments.checkpoint;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.rtrain.experiments.spec.ExperimentSpec;
import org.rtrain.experiments.spec.SpecCatalog;
import org.rtrain.reports.results.EpochRecord;
import org.rtrain.reports.results.Scale;

/**
 * Model files the loader refuses, beyond {@link CheckpointsTest}'s truncated file, other spec and newer
 * format: a state file that is JSON null, lacks a field or disagrees with its epoch (fuzzing findings), a
 * network of the other kind, class names that only look like the allowed packages, and arrays whose headers
 * claim more memory than their bytes hold (a fuzzing finding: ND4J allocated the claim).
 */
class CheckpointRefusalTest {

    @TempDir
    Path dir;

    private final ExperimentSpec spec = SpecCatalog.lenet(Scale.SMOKE).get(0);

    private Checkpoints.State state(int epoch) {
        return new Checkpoints.State(Checkpoints.FORMAT_VERSION, spec.id(), Checkpoints.fingerprint(spec), 42, epoch,
                java.util.Collections.nCopies(epoch, new EpochRecord(1, 0.5, null, 1.0)), epoch, 10L * epoch, null);
    }

    private static MultiLayerNetwork tiny() {
        MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1).list()
                .layer(new DenseLayer.Builder().nIn(3).nOut(4).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(4).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .build());
        network.init();
        return network;
    }

    @Test
    void aStateFileThatIsNullLacksAFieldOrNamesTheWrongEpochIsRefused() throws IOException {
        Checkpoints checkpoints = new Checkpoints(dir.resolve("run"));
        checkpoints.save(tiny(), state(2));
        Path stateFile = dir.resolve("run/state-2.json");
        String saved = Files.readString(stateFile);

        Files.writeString(stateFile, saved.replaceAll("\"specFingerprint\":\"[0-9a-f]+\",", ""));
        Checkpoints.CheckpointException missing = assertThrows(Checkpoints.CheckpointException.class,
                () -> checkpoints.latest(spec, 42, false));
        assertTrue(missing.getMessage().contains(stateFile + " is not a valid checkpoint state")
                && missing.getMessage().contains("specFingerprint"), missing.getMessage());

        Files.writeString(stateFile, "\r\n null ");
        Checkpoints.CheckpointException nothing = assertThrows(Checkpoints.CheckpointException.class,
                () -> checkpoints.latest(spec, 42, false));
        assertTrue(nothing.getMessage().contains(stateFile + " is not a readable checkpoint state: it holds JSON null"),
                nothing.getMessage());

        Files.writeString(stateFile, saved.replace("\"epochsDone\":2", "\"epochsDone\":7"));
        Checkpoints.CheckpointException epoch = assertThrows(Checkpoints.CheckpointException.class,
                () -> checkpoints.latest(spec, 42, false));
        assertTrue(epoch.getMessage().contains("epochsDone is 7 in the file of epoch 2"), epoch.getMessage());
    }

    @Test
    void aNetworkOfTheOtherKindIsRefusedNamingTheFile() {
        Checkpoints checkpoints = new Checkpoints(dir.resolve("graph"));
        ComputationGraph graph = tiny().toComputationGraph();
        checkpoints.save(graph, state(1));
        Checkpoints.CheckpointException e = assertThrows(Checkpoints.CheckpointException.class,
                () -> checkpoints.latest(spec, 42, false));
        assertTrue(e.getMessage().contains(dir.resolve("graph/model-1.zip") + " cannot be read as a MultiLayerNetwork"),
                e.getMessage());
    }

    @Test
    void classNamesThatOnlyLookLikeAllowedPackagesAreRefused() throws IOException {
        Path good = dir.resolve("good.zip");
        ModelSerializer.writeModel(tiny(), good.toFile(), false);
        for (String impostor : List.of("org.rtrainx.Gadget", "org.deeplearning4j.nnx.Gadget", "org.nd4j.Gadget",
                "org.nd4j.linalg")) {
            Path file = dir.resolve(impostor + ".zip");
            withConfiguration(good, file, configuration -> configuration.replace(
                    "org.deeplearning4j.nn.conf.layers.DenseLayer", impostor));
            TrustedModelFile.UntrustedModelException e = assertThrows(TrustedModelFile.UntrustedModelException.class,
                    () -> TrustedModelFile.check(file));
            assertTrue(e.getMessage().contains("'" + impostor + "'") && e.getMessage().contains(file.toString()),
                    e.getMessage());
        }
    }

    @Test
    void arraysThatDeclareMoreElementsThanTheyHoldAreRefusedBeforeND4JAllocatesThem() throws IOException {
        Path good = dir.resolve("good.zip");
        ModelSerializer.writeModel(tiny(), good.toFile(), false);
        Path forged = dir.resolve("forged.zip");
        withEntry(good, forged, ModelSerializer.COEFFICIENTS_BIN, bytes -> {
            // Nd4j.write: [mode UTF][length long][type UTF][elements] for the shape buffer, then the data buffer.
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            int afterMode = 2 + buffer.getShort(0);
            long shapeLength = buffer.getLong(afterMode);
            int afterType = afterMode + 8 + 2 + buffer.getShort(afterMode + 8);
            int dataHeader = afterType + (int) shapeLength * Long.BYTES;
            buffer.putLong(dataHeader + 2 + buffer.getShort(dataHeader), 1L << 40);
            return bytes;
        });
        TrustedModelFile.UntrustedModelException e = assertThrows(TrustedModelFile.UntrustedModelException.class,
                () -> TrustedModelFile.check(forged));
        assertTrue(e.getMessage().contains(forged + ": entry 'coefficients.bin' declares " + (1L << 40))
                && e.getMessage().contains("more than it holds"), e.getMessage());
        TrustedModelFile.check(good);
    }

    private static void withConfiguration(Path from, Path to, java.util.function.UnaryOperator<String> change)
            throws IOException {
        withEntry(from, to, ModelSerializer.CONFIGURATION_JSON,
                bytes -> change.apply(new String(bytes, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
    }

    private static void withEntry(Path from, Path to, String entryName, java.util.function.UnaryOperator<byte[]> change)
            throws IOException {
        try (ZipFile in = new ZipFile(from.toFile()); OutputStream file = Files.newOutputStream(to);
             ZipOutputStream out = new ZipOutputStream(file)) {
            for (ZipEntry entry : java.util.Collections.list(in.entries())) {
                out.putNextEntry(new ZipEntry(entry.getName()));
                try (InputStream content = in.getInputStream(entry)) {
                    byte[] bytes = content.readAllBytes();
                    if (entry.getName().equals(entryName)) {
                        bytes = change.apply(bytes);
                    }
                    out.write(bytes);
                }
                out.closeEntry();
            }
        }
    }
}
