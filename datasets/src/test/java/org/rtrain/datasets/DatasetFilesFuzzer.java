package org.rtrain.datasets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.zip.Deflater;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.provider.MethodSource;
import org.rtrain.datasets.fixtures.CifarFixtures;
import org.rtrain.datasets.fixtures.IdxFixtures;
import org.rtrain.datasets.fixtures.SvhnFixtures;

import com.code_intelligence.jazzer.junit.FuzzTest;

import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.Sink;
import us.hebi.matlab.mat.types.Sinks;

/**
 * Fuzz targets of the binary dataset readers: the IDX images file of MNIST (plain or gzip), a CIFAR-10
 * binary batch and an SVHN MAT-file (through MFL), each read as the datasets' own read methods do.
 * Contract: any file either reads or is refused with a {@link DatasetException} whose message names
 * the file; never another exception, an OutOfMemoryError from a size the file declares, or a hang.
 * Seeds: small fixtures in the real formats (the MAT-file uncompressed as well as compressed, so that
 * mutations reach its structure rather than only its zlib stream).
 *
 * <p>{@code FuzzingIT} fuzzes each target for a few seconds in a JVM of its own (see it for a longer
 * run), starting from the seeds and from every input under
 * {@code src/test/resources/org/rtrain/datasets/DatasetFilesFuzzerInputs/<target>/} (crashes found earlier,
 * kept as regression inputs). {@code mvn -o -pl datasets -am test -Dtest=DatasetFilesFuzzer} replays them
 * without fuzzing (Jazzer's regression mode). The class is not named like a unit test: Jazzer's agent,
 * once installed, stays in its JVM and takes about ten seconds to install.
 */
class DatasetFilesFuzzer {

    private static final Path DIRECTORY = temporaryDirectory();

    static Stream<byte[]> idxImages() throws IOException {
        Path fixture = DIRECTORY.resolve("idx-seed");
        IdxFixtures.writeMnistLike(fixture, 1, 3, 5, false);
        byte[] plain = Files.readAllBytes(fixture.resolve("t10k-images-idx3-ubyte"));
        IdxFixtures.writeMnistLike(fixture, 1, 3, 5, true);
        byte[] gzip = Files.readAllBytes(fixture.resolve("t10k-images-idx3-ubyte.gz"));
        Files.copy(fixture.resolve("t10k-labels-idx1-ubyte"), Files.createDirectories(DIRECTORY.resolve("mnist"))
                .resolve("t10k-labels-idx1-ubyte"));
        return Stream.of(plain, gzip);
    }

    static Stream<byte[]> cifarBatch() {
        return Stream.of(CifarFixtures.records(CifarDataset.CIFAR_10, 2, new SplittableRandom(5)));
    }

    static Stream<byte[]> svhnMat() throws IOException {
        SvhnFixtures.Content content = SvhnFixtures.content(2, 5);
        Path file = DIRECTORY.resolve("svhn-seed.mat");
        try (Sink sink = Sinks.newStreamingFile(file.toFile())) {
            Mat5.newWriter(sink).setDeflateLevel(Deflater.NO_COMPRESSION)
                    .writeMat(Mat5.newMatFile().addArray("X", content.x()).addArray("y", content.y()));
        }
        byte[] uncompressed = Files.readAllBytes(file);
        SvhnFixtures.write(file, 2, 5);
        return Stream.of(uncompressed, Files.readAllBytes(file));
    }

    @MethodSource("idxImages")
    @FuzzTest
    void idxImages(byte[] images) {
        readTestSplit(MnistDataset.MNIST, "mnist", "t10k-images-idx3-ubyte", images);
    }

    @MethodSource("cifarBatch")
    @FuzzTest
    void cifarBatch(byte[] batch) {
        readTestSplit(CifarDataset.CIFAR_10, "cifar", "test_batch.bin", batch);
    }

    @MethodSource("svhnMat")
    @FuzzTest
    void svhnMat(byte[] mat) {
        readTestSplit(SvhnDataset.SVHN, "svhn", "test_32x32.mat", mat);
    }

    /**
     * Writes {@code bytes} to file {@code fileName} of folder {@code folderName}, reads the test split of
     * {@code dataset} from that folder, and touches every image read: it reads or is refused.
     */
    private static void readTestSplit(ImageDataset dataset, String folderName, String fileName, byte[] bytes) {
        Path folder = DIRECTORY.resolve(folderName);
        Path file = folder.resolve(fileName);
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            LabelledImages images = dataset.read(folder, DatasetSplit.TEST, Verification.STRUCTURE_ONLY);
            for (int i = 0; i < images.size(); i++) {
                images.image(i);
                images.label(i);
            }
        } catch (DatasetException e) {
            if (e.getMessage() == null || !e.getMessage().contains(file.getParent().toString())) {
                throw new AssertionError("a refusal that does not name the file: " + e.getMessage(), e);
            }
        }
    }

    @AfterAll
    static void deleteDirectory() throws IOException {
        try (Stream<Path> files = Files.walk(DIRECTORY)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("rtrain-dataset-fuzz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
