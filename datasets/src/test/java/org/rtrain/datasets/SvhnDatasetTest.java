package org.rtrain.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rtrain.datasets.Refusals.assertRefused;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.Deflater;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rtrain.datasets.fixtures.SvhnFixtures;
import org.rtrain.datasets.image.Image;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.MatlabType;
import us.hebi.matlab.mat.types.Matrix;
import us.hebi.matlab.mat.types.Sink;
import us.hebi.matlab.mat.types.Sinks;

class SvhnDatasetTest {

    @TempDir
    Path dir;

    @Test
    void readsMatFilesBitExactWithTenMeaningZero() throws Exception {
        SvhnFixtures.Content content = SvhnFixtures.write(dir.resolve("train_32x32.mat"), 23, 5);
        assertEquals(15, Files.readAllBytes(dir.resolve("train_32x32.mat"))[128], "stored as miCOMPRESSED, as MATLAB does");
        ByteImages train = (ByteImages) SvhnDataset.SVHN.read(dir, DatasetSplit.TRAIN, Verification.STRUCTURE_ONLY);
        assertEquals(23, train.size());
        boolean sawZero = false;
        for (int n = 0; n < 23; n++) {
            int written = content.y().getInt(n);
            assertEquals(written % 10, train.label(n));
            sawZero |= written == 10;
            Image image = train.image(n);
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 32; y++) {
                    for (int x = 0; x < 32; x++) {
                        int expected = content.x().getByte(new int[] {y, x, c, n}) & 0xff;
                        assertEquals(expected, train.rawValue(n, y, x, c));
                        assertEquals(expected / 255f, image.get(y, x, c), 0f);
                    }
                }
            }
        }
        assertTrue(sawZero, "the fixture should hold a digit 0 (label 10 in the file)");
        assertEquals("train_32x32.mat=" + FileDownloader.md5(dir.resolve("train_32x32.mat")), train.checksum());
    }

    @Test
    void readsLabelsStoredAsDoubleAndUncompressedFiles() throws Exception {
        SvhnFixtures.Content content = SvhnFixtures.content(6, 2);
        Matrix y = Mat5.newMatrix(6, 1);
        for (int n = 0; n < 6; n++) {
            y.setDouble(n, content.y().getInt(n));
        }
        Path file = dir.resolve("test_32x32.mat");
        try (Sink sink = Sinks.newStreamingFile(file.toFile())) {
            Mat5.newWriter(sink).setDeflateLevel(Deflater.NO_COMPRESSION)
                    .writeMat(Mat5.newMatFile().addArray("X", content.x()).addArray("y", y));
        }
        byte[] bytes = Files.readAllBytes(file);
        assertEquals(14, bytes[128], "first variable stored as miMATRIX (14), not miCOMPRESSED (15)");
        LabelledImages test = SvhnDataset.SVHN.read(dir, DatasetSplit.TEST, Verification.STRUCTURE_ONLY);
        for (int n = 0; n < 6; n++) {
            assertEquals(content.y().getInt(n) % 10, test.label(n));
        }
    }

    @Test
    void reportsMissingAndMisShapedVariables() throws Exception {
        SvhnFixtures.Content content = SvhnFixtures.content(4, 3);
        Path file = dir.resolve("train_32x32.mat");

        SvhnFixtures.write(file, Mat5.newMatFile().addArray("X", content.x()));
        assertMessage(file, "no variable 'y'");

        SvhnFixtures.write(file, Mat5.newMatFile().addArray("images", content.x()).addArray("y", content.y()));
        assertMessage(file, "no variable 'X'");

        SvhnFixtures.write(file, Mat5.newMatFile().addArray("X", Mat5.newMatrix(new int[] {32, 32, 4}, MatlabType.UInt8))
                .addArray("y", content.y()));
        assertMessage(file, "X has shape 32x32x4, expected 32x32x3xN");

        SvhnFixtures.write(file, Mat5.newMatFile().addArray("X", Mat5.newMatrix(new int[] {32, 32, 3, 4}))
                .addArray("y", content.y()));
        assertMessage(file, "X is double, expected uint8");

        SvhnFixtures.write(file, Mat5.newMatFile().addArray("X", content.x())
                .addArray("y", Mat5.newMatrix(new int[] {3, 1}, MatlabType.UInt8)));
        assertMessage(file, "y has shape 3x1, expected 4x1");

        Matrix badLabel = Mat5.newMatrix(new int[] {4, 1}, MatlabType.UInt8);
        badLabel.setByte(2, (byte) 11);
        badLabel.setByte(0, (byte) 1);
        badLabel.setByte(1, (byte) 1);
        badLabel.setByte(3, (byte) 1);
        SvhnFixtures.write(file, Mat5.newMatFile().addArray("X", content.x()).addArray("y", badLabel));
        assertMessage(file, "y(3) is 11.0, expected 1 to 10");
    }

    @Test
    void reportsEmptyTruncatedAndForeignFiles() throws Exception {
        Path file = dir.resolve("train_32x32.mat");
        SvhnFixtures.write(file, 12, 4);
        byte[] good = Files.readAllBytes(file);

        Files.write(file, new byte[0]);
        assertMessage(file, "empty (0 bytes)");

        Files.write(file, Arrays.copyOf(good, good.length * 2 / 3));
        assertMessage(file, "not a readable MATLAB v5 MAT-file");

        byte[] hdf5 = new byte[2048];
        byte[] signature = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
        System.arraycopy(signature, 0, hdf5, 512, signature.length);
        Files.write(file, hdf5);
        assertMessage(file, "v7.3");

        byte[] corrupt = good.clone();
        for (int i = good.length / 2; i < good.length / 2 + 32; i++) {
            corrupt[i] ^= 0x33;
        }
        Files.write(file, corrupt);
        assertMessage(file, file.toString());
    }

    @Test
    void publishedVerificationComparesTheMd5TorchvisionLists() throws Exception {
        Path file = dir.resolve("test_32x32.mat");
        SvhnFixtures.write(file, 5, 1);
        assertRefused(() -> SvhnDataset.SVHN.read(dir, DatasetSplit.TEST, Verification.PUBLISHED),
                file.toString(), "eb5a983be6a315427106f1b164d9cef3", FileDownloader.md5(file));
    }

    @Test
    void concatenatesTrainAndExtra() throws Exception {
        SvhnFixtures.write(dir.resolve("train_32x32.mat"), 5, 1);
        SvhnFixtures.write(dir.resolve("extra_32x32.mat"), 7, 2);
        LabelledImages train = SvhnDataset.SVHN.read(dir, DatasetSplit.TRAIN, Verification.STRUCTURE_ONLY);
        LabelledImages extra = SvhnDataset.SVHN.read(dir, DatasetSplit.EXTRA, Verification.STRUCTURE_ONLY);
        LabelledImages both = new ConcatenatedImages(List.of(train, extra));
        assertEquals(12, both.size());
        assertEquals(extra.label(2), both.label(7));
        assertTrue(Arrays.equals(extra.image(2).pixels(), both.image(7).pixels()));
        assertTrue(both.description().contains("SVHN train + SVHN extra"), both.description());
    }

    @Test
    void locatesTheProjectAndTorchvisionFoldersAndSaysWhatIsMissing() throws Exception {
        DataRoot root = new DataRoot(dir, "test");
        assertRefused(() -> SvhnDataset.SVHN.read(root, DatasetSplit.TRAIN, Verification.PUBLISHED),
                dir.resolve("svhn").toString(), "train_32x32.mat", "http://ufldl.stanford.edu/housenumbers/");
        SvhnFixtures.write(dir.resolve("SVHN/train_32x32.mat"), 2, 1);
        SvhnFixtures.write(dir.resolve("SVHN/test_32x32.mat"), 2, 2);
        assertEquals(Optional.of(dir.resolve("SVHN")), SvhnDataset.SVHN.locate(root));
        SvhnFixtures.write(dir.resolve("svhn/train_32x32.mat"), 2, 1);
        SvhnFixtures.write(dir.resolve("svhn/test_32x32.mat"), 2, 2);
        assertEquals(Optional.of(dir.resolve("svhn")), SvhnDataset.SVHN.locate(root));
    }

    @Test
    void downloadsFromALoopbackServerCheckingEachMd5() throws Exception {
        Path served = dir.resolve("served");
        SvhnFixtures.write(served.resolve("train_32x32.mat"), 3, 1);
        SvhnFixtures.write(served.resolve("test_32x32.mat"), 4, 2);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/housenumbers/", exchange -> {
            Path file = served.resolve(Path.of(exchange.getRequestURI().getPath()).getFileName().toString());
            byte[] body = Files.readAllBytes(file);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            String mirror = "http://127.0.0.1:" + server.getAddress().getPort() + "/housenumbers/";
            FileDownloader downloader = new FileDownloader(new PrintStream(OutputStream.nullOutputStream()));
            Path target = dir.resolve("root/svhn");
            for (String name : List.of("train_32x32.mat", "test_32x32.mat")) {
                downloader.download(List.of(mirror), name, target.resolve(name), FileDownloader.md5(served.resolve(name)));
            }
            assertEquals(4, SvhnDataset.SVHN.read(target, DatasetSplit.TEST, Verification.STRUCTURE_ONLY).size());
            // The official MD5 does not match the fixture: refused, nothing left behind.
            DataRoot other = new DataRoot(dir.resolve("other"), "test");
            assertRefused(() -> SvhnDataset.SVHN.download(other,
                            downloader, List.of(DatasetSplit.TEST), List.of(mirror)),
                    "eb5a983be6a315427106f1b164d9cef3");
            assertTrue(!Files.exists(other.path().resolve("svhn/test_32x32.mat")));
            // Present files are not downloaded again.
            assertEquals(target, SvhnDataset.SVHN.download(new DataRoot(dir.resolve("root"), "test"), downloader,
                    List.of(DatasetSplit.TRAIN, DatasetSplit.TEST), List.of()));
        } finally {
            server.stop(0);
        }
    }

    private static void assertMessage(Path file, String fragment) {
        DatasetException e = assertThrows(DatasetException.class,
                () -> SvhnDataset.SVHN.read(file.getParent(), DatasetSplit.TRAIN, Verification.STRUCTURE_ONLY));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains(fragment),
                "message lacks '" + fragment + "': " + e.getMessage());
    }
}
