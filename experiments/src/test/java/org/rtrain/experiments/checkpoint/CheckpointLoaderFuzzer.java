package org.rtrain.experiments.checkpoint;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.rtrain.experiments.spec.ExperimentSpec;
import org.rtrain.experiments.spec.SpecCatalog;
import org.rtrain.perturb.SignPerturbation;
import org.rtrain.reports.results.EpochRecord;
import org.rtrain.reports.results.Scale;

/**
 * Fuzz targets of the checkpoint loader ({@link Checkpoints#latest}: the state file, then
 * {@link TrustedModelFile#check}, then DL4J's ModelSerializer). Contract: any model file or state file
 * either loads or is refused with a {@link Checkpoints.CheckpointException} or a
 * {@link TrustedModelFile.UntrustedModelException} whose message names the file; never another
 * exception, an OutOfMemoryError from a size the file claims, or a hang.
 *
 * <p>{@code modelFile} fuzzes the model zip under a state file that carries its SHA-256 (as if the
 * state were honest), so inputs reach the trust check and DL4J's reader rather than stop at the hash;
 * {@code stateFile} fuzzes the state JSON beside a valid model. The seeds are the checkpoint of a tiny
 * network (convolution with the sign perturbation, pooling, output; Adam state), its zip entries stored
 * uncompressed so that mutations reach their content.
 *
 * <p>{@code FuzzingIT} fuzzes each target for a few seconds in a JVM of its own (see it for a longer run),
 * starting from the seeds and from every input under
 * {@code src/test/resources/org/rtrain/experiments/checkpoint/CheckpointLoaderFuzzerInputs/<target>/} (crashes found
 * earlier, kept as regression inputs). {@code mvn -o -pl experiments -am test -Dtest=CheckpointLoaderFuzzer
 * -Dsurefire.failIfNoSpecifiedTests=false} replays the same inputs without fuzzing (Jazzer's regression
 * mode). The class is not named like a unit test: Jazzer's agent, once installed, stays in its JVM and
 * takes about ten seconds to install.
 */
class CheckpointLoaderFuzzer {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ExperimentSpec SPEC = SpecCatalog.lenet(Scale.SMOKE).get(0);
    private static final long SEED = 7;
    private static final Path DIRECTORY = temporaryDirectory();
    private static final byte[] TINY_CHECKPOINT = tinyCheckpoint();

    static Stream<byte[]> modelFiles() {
        return Stream.of(TINY_CHECKPOINT);
    }

    static Stream<byte[]> stateFiles() {
        return Stream.of(stateFor(TINY_CHECKPOINT));
    }

    @MethodSource("modelFiles")
    @FuzzTest
    void modelFile(byte[] model) throws IOException {
        load(model, stateFor(model));
    }

    @MethodSource("stateFiles")
    @FuzzTest
    void stateFile(byte[] state) throws IOException {
        load(TINY_CHECKPOINT, state);
    }

    private static void load(byte[] model, byte[] state) throws IOException {
        Files.write(DIRECTORY.resolve("model-1.zip"), model);
        Files.write(DIRECTORY.resolve("state-1.json"), state);
        try {
            new Checkpoints(DIRECTORY).latest(SPEC, SEED, false);
        } catch (Checkpoints.CheckpointException | TrustedModelFile.UntrustedModelException e) {
            if (e.getMessage() == null || !e.getMessage().contains(DIRECTORY.toString())) {
                throw new AssertionError("a refusal that does not name the file: " + e.getMessage(), e);
            }
        }
    }

    /** A state file for {@code model} as {@link Checkpoints#save} writes it. */
    private static byte[] stateFor(byte[] model) {
        try {
            return JSON.writeValueAsBytes(new Checkpoints.State(Checkpoints.FORMAT_VERSION, SPEC.id(),
                    Checkpoints.fingerprint(SPEC), SEED, 1, List.of(new EpochRecord(1, 2.3, null, 0.5)), 0.5, 64,
                    HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(model))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The checkpoint of a tiny network, its zip entries stored uncompressed. */
    private static byte[] tinyCheckpoint() {
        MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1)
                .updater(new Adam(1e-3)).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(2).activation(Activation.RELU)
                        .dropOut(new SignPerturbation(0.1, 0.5)).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                        .build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(6, 6, 1)).build());
        network.init();
        try {
            ByteArrayOutputStream deflated = new ByteArrayOutputStream();
            ModelSerializer.writeModel(network, deflated, true);
            ByteArrayOutputStream stored = new ByteArrayOutputStream();
            try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(deflated.toByteArray()));
                 ZipOutputStream out = new ZipOutputStream(stored)) {
                for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                    byte[] content = in.readAllBytes();
                    ZipEntry copy = new ZipEntry(entry.getName());
                    copy.setMethod(ZipEntry.STORED);
                    copy.setSize(content.length);
                    CRC32 crc = new CRC32();
                    crc.update(content);
                    copy.setCrc(crc.getValue());
                    copy.setTime(0);
                    out.putNextEntry(copy);
                    out.write(content);
                    out.closeEntry();
                }
            }
            return stored.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void deleteDirectory() throws IOException {
        for (String file : List.of("model-1.zip", "state-1.json")) {
            Files.deleteIfExists(DIRECTORY.resolve(file));
        }
        Files.deleteIfExists(DIRECTORY);
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("rtrain-checkpoint-fuzz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
