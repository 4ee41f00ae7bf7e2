package org.rtrain.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rtrain.datasets.Refusals.assertRefused;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

import javax.imageio.ImageIO;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rtrain.datasets.fixtures.CifarFixtures;
import org.rtrain.datasets.image.Image;
import org.rtrain.datasets.transform.Normalization;

class CifarDatasetTest {

    @TempDir
    Path dir;

    @Test
    void readsCifar10FilesBitExact() throws Exception {
        Path folder = dir.resolve("cifar-10-batches-bin");
        CifarFixtures.write(CifarDataset.CIFAR_10, folder, 7, 5, 3);
        ByteImages train = (ByteImages) CifarDataset.CIFAR_10.read(folder, DatasetSplit.TRAIN,
                Verification.STRUCTURE_ONLY);
        assertEquals(35, train.size());
        assertEquals(10, train.numClasses());
        assertFalse(train.verified());
        byte[] all = new byte[0];
        for (int b = 1; b <= 5; b++) {
            byte[] file = Files.readAllBytes(folder.resolve("data_batch_" + b + ".bin"));
            all = concat(all, file);
        }
        for (int i = 0; i < 35; i++) {
            int record = i * 3073;
            assertEquals(all[record] & 0xff, train.label(i));
            Image image = train.image(i);
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 32; y++) {
                    for (int x = 0; x < 32; x++) {
                        int expected = all[record + 1 + c * 1024 + y * 32 + x] & 0xff;
                        assertEquals(expected / 255f, image.get(y, x, c), 0f);
                        assertEquals(expected, train.rawValue(i, y, x, c));
                    }
                }
            }
        }
        assertTrue(train.checksum().contains("data_batch_1.bin=" + FileDownloader.md5(folder.resolve("data_batch_1.bin"))),
                train.checksum());
        assertEquals(5, CifarDataset.CIFAR_10.read(folder, DatasetSplit.TEST, Verification.STRUCTURE_ONLY).size());
    }

    @Test
    void readsCifar100FineAndCoarseLabels() throws Exception {
        CifarFixtures.write(CifarDataset.CIFAR_100, dir, 30, 8, 4);
        byte[] bytes = Files.readAllBytes(dir.resolve("train.bin"));
        LabelledImages fine = CifarDataset.CIFAR_100.read(dir, DatasetSplit.TRAIN, Verification.STRUCTURE_ONLY);
        LabelledImages coarse = CifarDataset.CIFAR_100_COARSE.read(dir, DatasetSplit.TRAIN, Verification.STRUCTURE_ONLY);
        assertEquals(100, fine.numClasses());
        assertEquals(20, coarse.numClasses());
        for (int i = 0; i < 30; i++) {
            assertEquals(bytes[i * 3074] & 0xff, coarse.label(i));
            assertEquals(bytes[i * 3074 + 1] & 0xff, fine.label(i));
            assertEquals((bytes[i * 3074 + 2 + 1024 + 33] & 0xff) / 255f, fine.image(i).get(1, 1, 1), 0f);
        }
    }

    @Test
    void readsTheOfficialArchiveInPlaceWithTheSameContentAsTheFiles() throws Exception {
        Path folder = dir.resolve("x/cifar-10-batches-bin");
        Path archiveDir = dir.resolve("archive");
        CifarFixtures.writeWithArchive(CifarDataset.CIFAR_10, folder, archiveDir.resolve("cifar-10-binary.tar.gz"), 4, 6,
                5);
        LabelledImages fromFiles = CifarDataset.CIFAR_10.read(folder, DatasetSplit.TEST, Verification.STRUCTURE_ONLY);
        LabelledImages fromArchive = CifarDataset.CIFAR_10.read(archiveDir, DatasetSplit.TEST,
                Verification.STRUCTURE_ONLY);
        assertEquals(fromFiles.size(), fromArchive.size());
        for (int i = 0; i < fromFiles.size(); i++) {
            assertEquals(fromFiles.label(i), fromArchive.label(i));
            assertArrayEquals(fromFiles.image(i).pixels(), fromArchive.image(i).pixels());
        }
        assertEquals("cifar-10-binary.tar.gz=" + FileDownloader.md5(archiveDir.resolve("cifar-10-binary.tar.gz")),
                fromArchive.checksum());
    }

    /** An independent reader: plain python3 (tarfile, gzip) parses the archive and the file. */
    @Test
    void agreesWithAnIndependentPythonReader() throws Exception {
        Path folder = dir.resolve("cifar-10-batches-bin");
        Path archive = dir.resolve("cifar-10-binary.tar.gz");
        CifarFixtures.writeWithArchive(CifarDataset.CIFAR_10, folder, archive, 3, 9, 6);
        String script = String.join("\n",
                "import sys, tarfile",
                "t = tarfile.open(sys.argv[1], 'r:gz')",
                "b = t.extractfile('cifar-10-batches-bin/test_batch.bin').read()",
                "for r in range(len(b) // 3073):",
                "    rec = b[r * 3073:(r + 1) * 3073]",
                "    print(rec[0], sum(rec[1:1025]), sum(rec[1025:2049]), sum(rec[2049:]), rec[1 + 1024 + 5 * 32 + 7])");
        Process python = new ProcessBuilder("python3", "-c", script, archive.toString()).redirectErrorStream(true)
                .start();
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, python.waitFor(), output);
        List<String> lines = output.lines().toList();
        LabelledImages test = CifarDataset.CIFAR_10.read(dir, DatasetSplit.TEST, Verification.STRUCTURE_ONLY);
        assertEquals(test.size(), lines.size(), output);
        for (int i = 0; i < test.size(); i++) {
            Image image = test.image(i);
            long[] sums = new long[3];
            for (int p = 0; p < 1024; p++) {
                for (int c = 0; c < 3; c++) {
                    sums[c] += Math.round(image.pixels()[p * 3 + c] * 255);
                }
            }
            String mine = test.label(i) + " " + sums[0] + " " + sums[1] + " " + sums[2] + " "
                    + Math.round(image.get(5, 7, 1) * 255);
            assertEquals(lines.get(i), mine, "record " + i);
        }
    }

    @Test
    void recognisesACifar100FileWhereCifar10IsExpected() throws Exception {
        Path folder = dir.resolve("wrong");
        CifarFixtures.write(CifarDataset.CIFAR_10, folder, 3, 3, 1);
        Files.write(folder.resolve("test_batch.bin"), CifarFixtures.records(CifarDataset.CIFAR_100, 10,
                new SplittableRandom(1)));
        assertRefused(() -> CifarDataset.CIFAR_10.read(folder, DatasetSplit.TEST, Verification.STRUCTURE_ONLY),
                folder.resolve("test_batch.bin").toString(), "record size", "CIFAR-100");

        Path other = dir.resolve("other");
        CifarFixtures.write(CifarDataset.CIFAR_100, other, 3, 3, 1);
        Files.write(other.resolve("test.bin"), CifarFixtures.records(CifarDataset.CIFAR_10, 10, new SplittableRandom(1)));
        assertRefused(() -> CifarDataset.CIFAR_100.read(other, DatasetSplit.TEST, Verification.STRUCTURE_ONLY),
                "CIFAR-10 (one label byte)");
    }

    @Test
    void reportsEmptyTruncatedAndOutOfRangeFilesByNameAndField() throws Exception {
        Path folder = dir.resolve("bad");
        CifarFixtures.write(CifarDataset.CIFAR_10, folder, 3, 4, 1);
        Path test = folder.resolve("test_batch.bin");
        byte[] good = Files.readAllBytes(test);

        Files.write(test, new byte[0]);
        assertMessage(folder, test, "empty (0 bytes)");

        Files.write(test, Arrays.copyOf(good, good.length - 100));
        assertMessage(folder, test, "not a whole number of 3073-byte");

        byte[] badLabel = good.clone();
        badLabel[3073] = 12;
        Files.write(test, badLabel);
        assertMessage(folder, test, "label of record 1 is 12");

        Files.write(test, good);
        assertMessage(folder, test, "record count is 4, expected 10000", Verification.PUBLISHED);
    }

    @Test
    void fixtureIsRejectedAsTheRealDatasetWithExpectedAndActualChecksums() throws Exception {
        Path folder = dir.resolve("fake");
        CifarFixtures.write(CifarDataset.CIFAR_10, folder, 2, 2, 1);
        Path test = folder.resolve("test_batch.bin");
        Files.write(test, CifarFixtures.records(CifarDataset.CIFAR_10, 10_000, new SplittableRandom(2), true));
        assertEquals(10_000, CifarDataset.CIFAR_10.read(folder, DatasetSplit.TEST, Verification.STRUCTURE_ONLY).size());
        assertMessage(folder, test, "expected 803d5f7f4d78ea53de84dbe85f74fb6d", Verification.PUBLISHED);
        assertMessage(folder, test, "MD5 is " + FileDownloader.md5(test), Verification.PUBLISHED);

    }

    @Test
    void archiveIsCheckedAgainstItsPublishedChecksumFirst() throws Exception {
        Path archiveDir = dir.resolve("archive");
        Path archive = archiveDir.resolve("cifar-10-binary.tar.gz");
        CifarFixtures.writeWithArchive(CifarDataset.CIFAR_10, dir.resolve("small"), archive, 2, 2, 1);
        DatasetException e = assertThrows(DatasetException.class,
                () -> CifarDataset.CIFAR_10.read(archiveDir, DatasetSplit.TEST, Verification.PUBLISHED));
        assertTrue(e.getMessage().contains(archive.toString()) && e.getMessage().contains(FileDownloader.md5(archive))
                && e.getMessage().contains("c32a1d4ab5d03f1284b67883e8d87530")
                && e.getMessage().contains("170052171"), e.getMessage());
    }

    @Test
    void publishedVerificationChecksTheClassBalance() throws Exception {
        Path folder = dir.resolve("balance");
        CifarFixtures.write(CifarDataset.CIFAR_10, folder, 2, 2, 1);
        byte[] records = CifarFixtures.records(CifarDataset.CIFAR_10, 10_000, new SplittableRandom(2), true);
        records[0] = 1;
        Files.write(folder.resolve("test_batch.bin"), records);
        DatasetException e = assertThrows(DatasetException.class,
                () -> CifarDataset.CIFAR_10.read(folder, DatasetSplit.TEST, Verification.PUBLISHED));
        assertTrue(e.getMessage().contains("class 0 has 999 images") && e.getMessage().contains("1000 of each"),
                e.getMessage());
    }

    @Test
    void reportsACorruptOrTruncatedArchive() throws Exception {
        Path archiveDir = dir.resolve("a");
        Path archive = archiveDir.resolve("cifar-10-binary.tar.gz");
        CifarFixtures.writeWithArchive(CifarDataset.CIFAR_10, dir.resolve("src"), archive, 20, 20, 7);
        byte[] bytes = Files.readAllBytes(archive);

        byte[] corrupt = bytes.clone();
        for (int i = corrupt.length / 2; i < corrupt.length / 2 + 64; i++) {
            corrupt[i] ^= 0x5a;
        }
        Files.write(archive, corrupt);
        assertRefused(() -> CifarDataset.CIFAR_10.read(archiveDir, DatasetSplit.TRAIN, Verification.STRUCTURE_ONLY),
                archive.toString());

        Files.write(archive, Arrays.copyOf(bytes, bytes.length / 2));
        DatasetException truncated = assertThrows(DatasetException.class,
                () -> CifarDataset.CIFAR_10.read(archiveDir, DatasetSplit.TRAIN, Verification.STRUCTURE_ONLY));
        assertTrue(truncated.getMessage().contains(archive.toString()) && truncated.getMessage().contains("truncated"),
                truncated.getMessage());

        Files.write(archive, new byte[0]);
        assertRefused(() -> CifarDataset.CIFAR_10.read(archiveDir, DatasetSplit.TRAIN, Verification.STRUCTURE_ONLY),
                "empty");

        Path wrongArchive = dir.resolve("w/cifar-10-binary.tar.gz");
        CifarFixtures.writeWithArchive(CifarDataset.CIFAR_100, dir.resolve("h"), wrongArchive, 3, 3, 1);
        assertRefused(() -> CifarDataset.CIFAR_10.read(wrongArchive.getParent(), DatasetSplit.TRAIN,
                        Verification.STRUCTURE_ONLY),
                "no member cifar-10-batches-bin/data_batch_1.bin", "cifar-100-binary/train.bin");
    }

    @Test
    void standardNormalizationSubtractsTheMeanAndDividesByTheStdPerChannel() {
        Normalization cifar = CifarDataset.CIFAR_10.normalization();
        Image image = new Image(1, 2, 3, new float[] {0.4914f, 0.4822f, 0.4465f, 1f, 0f, 0.5f});
        Image out = cifar.apply(image, new SplittableRandom(0));
        assertEquals(0, out.get(0, 0, 0), 1e-6);
        assertEquals(0, out.get(0, 0, 2), 1e-6);
        assertEquals((1 - 0.4914) / 0.2470, out.get(0, 1, 0), 1e-5);
        assertEquals(-0.4822 / 0.2435, out.get(0, 1, 1), 1e-5);
        assertEquals((0.5 - 0.4465) / 0.2616, out.get(0, 1, 2), 1e-5);
    }

    @Test
    void locatesProjectTorchvisionAndDl4jLayouts() throws Exception {
        DataRoot root = new DataRoot(dir.resolve("root"), "test");
        Path home = dir.resolve("home");
        assertEquals(Optional.empty(), CifarDataset.CIFAR_10.locate(root, home));

        Path dataVec = home.resolve(".dl4jresources/cifar/cifar-10-batches-bin");
        CifarFixtures.write(CifarDataset.CIFAR_10, dataVec, 1, 1, 1);
        assertEquals(Optional.of(dataVec), CifarDataset.CIFAR_10.locate(root, home));

        Path torchvision = root.path().resolve("cifar-10-batches-bin");
        CifarFixtures.write(CifarDataset.CIFAR_10, torchvision, 1, 1, 1);
        assertEquals(Optional.of(torchvision), CifarDataset.CIFAR_10.locate(root, home));

        Path project = root.path().resolve("cifar10");
        Files.createDirectories(project);
        CifarFixtures.writeArchive(CifarDataset.CIFAR_10, torchvision, project.resolve("cifar-10-binary.tar.gz"));
        assertEquals(Optional.of(project), CifarDataset.CIFAR_10.locate(root, home));

        Path hundred = root.path().resolve("cifar100/cifar-100-binary");
        CifarFixtures.write(CifarDataset.CIFAR_100, hundred, 1, 1, 1);
        assertEquals(Optional.of(hundred), CifarDataset.CIFAR_100.locate(root, home));
        assertEquals(Optional.of(hundred), CifarDataset.CIFAR_100_COARSE.locate(root, home));
    }

    @Test
    void readsDl4jsPngCacheLosslessly() throws Exception {
        Path home = dir.resolve("home");
        Path cache = CifarDataset.dl4jPngDirectory(home);
        SplittableRandom random = new SplittableRandom(8);
        int[][] expected = new int[10][];
        for (String split : List.of("train", "test")) {
            for (int c = 0; c < 10; c++) {
                BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
                int[] rgb = new int[1024];
                for (int p = 0; p < 1024; p++) {
                    rgb[p] = random.nextInt(1 << 24);
                    image.setRGB(p % 32, p / 32, rgb[p]);
                }
                expected[c] = rgb;
                Path file = cache.resolve(split).resolve(CifarDataset.CIFAR_10_CLASSES.get(c)).resolve(c + "_1.png");
                Files.createDirectories(file.getParent());
                ImageIO.write(image, "png", file.toFile());
            }
        }
        DataRoot root = new DataRoot(dir.resolve("empty-root"), "test");
        assertEquals(Optional.of(cache), CifarDataset.CIFAR_10.locate(root, home));
        ByteImages test = (ByteImages) CifarDataset.CIFAR_10.read(cache, DatasetSplit.TEST, Verification.STRUCTURE_ONLY);
        assertEquals(10, test.size());
        for (int c = 0; c < 10; c++) {
            assertEquals(c, test.label(c));
            for (int p = 0; p < 1024; p++) {
                int rgb = expected[c][p];
                assertEquals(rgb >> 16 & 0xff, test.rawValue(c, p / 32, p % 32, 0));
                assertEquals(rgb >> 8 & 0xff, test.rawValue(c, p / 32, p % 32, 1));
                assertEquals(rgb & 0xff, test.rawValue(c, p / 32, p % 32, 2));
            }
        }
    }

    @Test
    void missingMessageSaysWhereItLookedAndHowToGetIt() {
        DataRoot root = new DataRoot(dir, "test");
        assertRefused(() -> CifarDataset.CIFAR_100.read(root, DatasetSplit.TRAIN, Verification.PUBLISHED),
                dir.resolve("cifar100").toString(), dir.resolve("cifar-100-binary").toString(),
                "https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz", "download");
        assertRefused(() -> CifarDataset.CIFAR_10.read(dir, DatasetSplit.EXTRA, Verification.STRUCTURE_ONLY),
                "no EXTRA split");
    }

    @Test
    void downloadsVerifiesAndExtractsTheArchiveFromALoopbackServer() throws Exception {
        Path folder = dir.resolve("served/cifar-10-batches-bin");
        Path served = dir.resolve("served/cifar-10-binary.tar.gz");
        CifarFixtures.writeWithArchive(CifarDataset.CIFAR_10, folder, served, 2, 3, 9);
        byte[] archive = Files.readAllBytes(served);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/kriz/cifar-10-binary.tar.gz", exchange -> {
            exchange.sendResponseHeaders(200, archive.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(archive);
            }
        });
        server.start();
        try {
            DataRoot root = new DataRoot(dir.resolve("root"), "test");
            List<String> mirror = List.of("http://127.0.0.1:" + server.getAddress().getPort() + "/kriz/");
            FileDownloader downloader = new FileDownloader(new PrintStream(OutputStream.nullOutputStream()));
            // The fixture is not the official archive: its MD5 is refused and nothing is left behind.
            assertRefused(() -> CifarDataset.CIFAR_10.download(root, downloader, mirror),
                    "c32a1d4ab5d03f1284b67883e8d87530");
            Path archiveTarget = root.path().resolve("cifar10/cifar-10-binary.tar.gz");
            assertFalse(Files.exists(archiveTarget));

            // Downloaded with the fixture's own MD5, the archive is then extracted by download().
            downloader.download(mirror, "cifar-10-binary.tar.gz", archiveTarget, FileDownloader.md5(served));
            Path extracted = CifarDataset.CIFAR_10.download(root, downloader, mirror);
            assertEquals(root.path().resolve("cifar10/cifar-10-batches-bin"), extracted);
            for (String name : List.of("data_batch_1.bin", "data_batch_5.bin", "test_batch.bin")) {
                assertArrayEquals(Files.readAllBytes(folder.resolve(name)), Files.readAllBytes(extracted.resolve(name)));
            }
            assertFalse(Files.exists(extracted.resolve("batches.meta.txt")));
            assertEquals(Optional.of(extracted), CifarDataset.CIFAR_10.locate(root, dir.resolve("home")));
            // Already there: no second download.
            assertEquals(extracted, CifarDataset.CIFAR_10.download(root, null, List.of()));
        } finally {
            server.stop(0);
        }
    }

    private static void assertMessage(Path folder, Path file, String fragment) {
        assertMessage(folder, file, fragment, Verification.STRUCTURE_ONLY);
    }

    private static void assertMessage(Path folder, Path file, String fragment, Verification verification) {
        DatasetException e = assertThrows(DatasetException.class,
                () -> CifarDataset.CIFAR_10.read(folder, DatasetSplit.TEST, verification));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains(fragment),
                "message lacks '" + fragment + "': " + e.getMessage());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

}
