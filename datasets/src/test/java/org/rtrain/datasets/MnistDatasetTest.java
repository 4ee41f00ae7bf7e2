package org.rtrain.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.rtrain.datasets.Refusals.assertRefused;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rtrain.datasets.fixtures.IdxFixtures;
import org.rtrain.datasets.image.Image;

class MnistDatasetTest {

    @TempDir
    Path dir;

    private DataRoot root() {
        return new DataRoot(dir, "test");
    }

    @Test
    void readsFixturesBitExactFromGzipAndPlainFiles() throws Exception {
        for (boolean gzip : new boolean[] {true, false}) {
            Path fixture = dir.resolve(gzip ? "gz/fashion-mnist" : "plain/fashion-mnist");
            IdxFixtures.writeMnistLike(fixture, 50, 20, 9, gzip);
            ImageSplit train = MnistDataset.FASHION_MNIST.read(fixture, MnistDataset.Split.TRAIN,
                    Verification.STRUCTURE_ONLY);
            assertEquals(50, train.size());
            assertArrayEquals(new long[] {50, 1, 28, 28}, train.features().shape());
            assertFalse(train.verified());

            byte[] labels = rawPayload(fixture.resolve("train-labels-idx1-ubyte" + (gzip ? ".gz" : "")), 8, gzip);
            byte[] pixels = rawPayload(fixture.resolve("train-images-idx3-ubyte" + (gzip ? ".gz" : "")), 16, gzip);
            for (int i = 0; i < 50; i++) {
                assertEquals(labels[i] & 0xff, train.labels()[i]);
            }
            float[] read = train.features().data().asFloat();
            for (int i = 0; i < pixels.length; i++) {
                assertEquals((pixels[i] & 0xff) / 255f, read[i], 0f, "pixel " + i);
            }
        }
    }

    private static byte[] rawPayload(Path file, int headerBytes, boolean gzip) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (gzip) {
            bytes = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(bytes)).readAllBytes();
        }
        return Arrays.copyOfRange(bytes, headerBytes, bytes.length);
    }

    @Test
    void checksumIsThatOfTheUncompressedContent() throws Exception {
        IdxFixtures.writeMnistLike(dir.resolve("a"), 10, 5, 1, true);
        IdxFixtures.writeMnistLike(dir.resolve("b"), 10, 5, 1, false);
        ImageSplit gz = MnistDataset.MNIST.read(dir.resolve("a"), MnistDataset.Split.TEST, Verification.STRUCTURE_ONLY);
        ImageSplit plain = MnistDataset.MNIST.read(dir.resolve("b"), MnistDataset.Split.TEST,
                Verification.STRUCTURE_ONLY);
        assertEquals(plain.checksum(), gz.checksum());
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                .digest(Files.readAllBytes(dir.resolve("b/t10k-images-idx3-ubyte"))));
        assertTrue(plain.checksum().startsWith(expected + "+"), plain.checksum());
    }

    @Test
    void fixtureIsRejectedAsTheRealDatasetWithItsChecksum() throws Exception {
        IdxFixtures.writeMnistLike(dir.resolve("mnist"), 10, 5, 1, true);
        DatasetException e = assertThrows(DatasetException.class,
                () -> MnistDataset.MNIST.read(root(), MnistDataset.Split.TRAIN, Verification.PUBLISHED));
        assertTrue(e.getMessage().contains("MD5") && e.getMessage().contains("6bbc9ace898e44ae57da46a324031adb")
                && e.getMessage().contains("train-images-idx3-ubyte"), e.getMessage());
    }

    @Test
    void reportsTruncatedEmptyAndWrongFilesByNameAndField() throws Exception {
        Path good = dir.resolve("good");
        IdxFixtures.writeMnistLike(good, 10, 5, 1, false);
        Path images = good.resolve("train-images-idx3-ubyte");
        byte[] bytes = Files.readAllBytes(images);

        Path truncated = dir.resolve("truncated");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 100));
        assertMessage(truncated, 3, "truncated");

        Path header = dir.resolve("header");
        Files.write(header, Arrays.copyOf(bytes, 6));
        assertMessage(header, 3, "header");

        Path empty = dir.resolve("empty");
        Files.write(empty, new byte[0]);
        assertMessage(empty, 3, "empty");

        Path wrongMagic = dir.resolve("magic");
        byte[] magic = bytes.clone();
        magic[2] = 0x0d;
        Files.write(wrongMagic, magic);
        assertMessage(wrongMagic, 3, "magic number");

        assertMessage(good.resolve("train-labels-idx1-ubyte"), 3, "dimensions");

        Path trailing = dir.resolve("trailing");
        Files.write(trailing, Arrays.copyOf(bytes, bytes.length + 3));
        assertMessage(trailing, 3, "after");

        Path corruptGzip = dir.resolve("corrupt.gz");
        java.io.ByteArrayOutputStream compressed = new java.io.ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(compressed)) {
            out.write(bytes);
        }
        byte[] gz = compressed.toByteArray();
        for (int i = gz.length / 2; i < gz.length / 2 + 40; i++) {
            gz[i] ^= 0x5a;
        }
        Files.write(corruptGzip, gz);
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(corruptGzip, 3));
        assertTrue(e.getMessage().contains(corruptGzip.toString()), e.getMessage());
    }

    private static void assertMessage(Path file, int dimensions, String fragment) {
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(file, dimensions));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains(fragment),
                "message for " + file + " lacks '" + fragment + "': " + e.getMessage());
    }

    /** Found by CorruptFilesTest: dimensions whose product overflowed a long reached new byte[negative]. */
    @Test
    void aHeaderDeclaringAnAbsurdSizeIsRefusedBeforeAnyAllocation() throws Exception {
        Path file = dir.resolve("absurd-idx3-ubyte");
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
            out.writeInt(0x00000803);
            out.writeInt(0x7fffff00);
            out.writeInt(0x7fffff00);
            out.writeInt(0x7fffff00);
            out.write(new byte[100]);
        }
        Files.write(file, bytes.toByteArray());
        assertMessage(file, 3, "more than this reader holds");
        IdxFixtures.writeIdx(file, new int[] {1_000_000_000}, new byte[10], true);
        assertMessage(file, 1, "truncated");
    }

    @Test
    void reportsMismatchedCountsAndLabelsOutOfRange() throws Exception {
        Path d = dir.resolve("mismatch");
        IdxFixtures.writeMnistLike(d, 10, 5, 1, false);
        IdxFixtures.writeIdx(d.resolve("t10k-labels-idx1-ubyte"), new int[] {4}, new byte[4], false);
        assertRefused(() -> MnistDataset.MNIST.read(d, MnistDataset.Split.TEST, Verification.STRUCTURE_ONLY),
                "5 images but");
        IdxFixtures.writeIdx(d.resolve("t10k-labels-idx1-ubyte"), new int[] {5}, new byte[] {1, 2, 3, 12, 0}, false);
        assertRefused(() -> MnistDataset.MNIST.read(d, MnistDataset.Split.TEST, Verification.STRUCTURE_ONLY),
                "record 3 is 12");
    }

    @Test
    void missingDatasetMessageSaysWhereItLookedAndWhatToDo() {
        assertRefused(() -> MnistDataset.MNIST.read(root(), MnistDataset.Split.TRAIN, Verification.PUBLISHED),
                dir.resolve("mnist").toString(), dir.resolve("MNIST").resolve("raw").toString(),
                "train-images-idx3-ubyte.gz", "download");
    }

    @Test
    void findsTorchvisionLayout() throws Exception {
        IdxFixtures.writeMnistLike(dir.resolve("FashionMNIST/raw"), 10, 5, 1, false);
        assertEquals(Optional.of(dir.resolve("FashionMNIST/raw")), MnistDataset.FASHION_MNIST.locate(root()));
    }

    @Test
    void dataRootPrefersOptionThenEnvironmentThenDefault() {
        Path home = Path.of("/home/someone");
        assertEquals(Path.of("/opt/x"), DataRoot.resolve(Optional.of(Path.of("/opt/x")),
                Map.of(DataRoot.ENVIRONMENT_VARIABLE, "/env"), home).path());
        assertEquals(Path.of("/env"), DataRoot.resolve(Optional.empty(),
                Map.of(DataRoot.ENVIRONMENT_VARIABLE, "/env"), home).path());
        assertEquals(home.resolve(".cache/rtrain/datasets"), DataRoot.resolve(Optional.empty(), Map.of(), home).path());
    }

    @Test
    void readsTheSameBytesThroughTheImageDatasetApi() throws Exception {
        Path fixture = dir.resolve("fashion-mnist");
        IdxFixtures.writeMnistLike(fixture, 12, 7, 4, true);
        ImageDataset dataset = DatasetCatalog.byName("Fashion-MNIST");
        ByteImages test = (ByteImages) dataset.read(fixture, DatasetSplit.TEST, Verification.STRUCTURE_ONLY);
        ImageSplit old = MnistDataset.FASHION_MNIST.read(fixture, MnistDataset.Split.TEST, Verification.STRUCTURE_ONLY);
        assertEquals(7, test.size());
        float[] oldPixels = old.features().data().asFloat();
        byte[] raw = rawPayload(fixture.resolve("t10k-images-idx3-ubyte.gz"), 16, true);
        for (int i = 0; i < 7; i++) {
            assertEquals(old.labels()[i], test.label(i));
            Image image = test.image(i);
            assertEquals(1, image.channels());
            for (int p = 0; p < 28 * 28; p++) {
                assertEquals(oldPixels[i * 784 + p], image.pixels()[p], 0f);
                assertEquals(raw[i * 784 + p] & 0xff, test.rawValue(i, p / 28, p % 28, 0));
            }
        }
        assertTrue(test.checksum().startsWith("t10k-images-idx3-ubyte="), test.checksum());
        assertThrows(DatasetException.class, () -> dataset.read(fixture, DatasetSplit.EXTRA, Verification.STRUCTURE_ONLY));
    }

    @Test
    void findsDl4jsMnistCache() throws Exception {
        Path home = dir.resolve("home");
        IdxFixtures.writeMnistLike(home.resolve(".deeplearning4j/data/MNIST"), 3, 2, 1, false);
        assertEquals(Optional.of(home.resolve(".deeplearning4j/data/MNIST")),
                MnistDataset.MNIST.locate(new DataRoot(dir.resolve("root"), "test"), home));
    }

    /** Runs where Debian's dataset-fashion-mnist package is installed, as .ci/run does. */
    @Test
    void fashionMnistStatisticsAreThoseOfTheRealTrainingPixels() {
        Path system = Path.of("/usr/share/datasets/fashion-mnist");
        assumeTrue(MnistDataset.FASHION_MNIST.isComplete(system), "dataset-fashion-mnist is not installed");
        ByteImages train = (ByteImages) MnistDataset.FASHION_MNIST.read(system, DatasetSplit.TRAIN,
                Verification.PUBLISHED);
        SummaryStatistics pixels = new SummaryStatistics();
        for (int i = 0; i < train.size(); i++) {
            for (float v : train.image(i).pixels()) {
                pixels.addValue(v);
            }
        }
        assertEquals(MnistDataset.FASHION_MNIST.mean().get(0), pixels.getMean(), 5e-5);
        assertEquals(MnistDataset.FASHION_MNIST.std().get(0), Math.sqrt(pixels.getPopulationVariance()), 5e-5);
    }

    /** Runs where Debian's dataset-fashion-mnist package is installed, as .ci/run does. */
    @Test
    void realFashionMnistMatchesItsPublishedChecksums() {
        Path system = Path.of("/usr/share/datasets/fashion-mnist");
        assumeTrue(MnistDataset.FASHION_MNIST.isComplete(system), "dataset-fashion-mnist is not installed");
        ImageSplit test = MnistDataset.FASHION_MNIST.read(system, MnistDataset.Split.TEST, Verification.PUBLISHED);
        assertTrue(test.verified());
        assertEquals(10_000, test.size());
        int[] perClass = new int[10];
        for (int label : test.labels()) {
            perClass[label]++;
        }
        int[] thousandEach = new int[10];
        Arrays.fill(thousandEach, 1000);
        assertArrayEquals(thousandEach, perClass, "Fashion-MNIST's test set has 1,000 images per class");
    }
}
