package org.rtrain.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rtrain.datasets.Refusals.assertRefused;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rtrain.datasets.fixtures.ImageNetFixtures;
import org.rtrain.datasets.fixtures.ImageNetFixtures.Validation;
import org.rtrain.datasets.image.Image;

class ImageNetDatasetTest {

    @TempDir
    Path dir;

    private final ImageNetDataset imagenet = ImageNetDataset.standard();

    @Test
    void trainClassesAreTheSortedWnids() throws Exception {
        ImageNetFixtures.Fixture fixture = ImageNetFixtures.write(dir, 4, 3, 2, Validation.SORTED, 1);
        ImageFolderImages train = imagenet.read(dir, DatasetSplit.TRAIN, Verification.STRUCTURE_ONLY);
        assertEquals(12, train.size());
        assertEquals(fixture.wnids(), train.classNames());
        for (int i = 0; i < train.size(); i++) {
            assertEquals(train.file(i).getParent().getFileName().toString(), train.classNames().get(train.label(i)));
        }
        assertTrue(train.checksum().startsWith("listing-md5:"), train.checksum());
        assertEquals(train.checksum(), imagenet.read(dir, DatasetSplit.TRAIN, Verification.STRUCTURE_ONLY).checksum());
    }

    @Test
    void decodedPixelsMatchAnIndependentJpegDecoder() throws Exception {
        ImageNetFixtures.write(dir, 2, 2, 1, Validation.SORTED, 2);
        ImageFolderImages train = imagenet.read(dir, DatasetSplit.TRAIN, Verification.STRUCTURE_ONLY);
        for (int i = 0; i < train.size(); i++) {
            Image decoded = train.image(i);
            BufferedImage reference = ImageIO.read(train.file(i).toFile());
            assertEquals(reference.getHeight(), decoded.height());
            assertEquals(reference.getWidth(), decoded.width());
            assertEquals(3, decoded.channels());
            double totalError = 0;
            for (int y = 0; y < decoded.height(); y++) {
                for (int x = 0; x < decoded.width(); x++) {
                    int rgb = reference.getRGB(x, y);
                    totalError += Math.abs(decoded.get(y, x, 0) * 255 - (rgb >> 16 & 0xff))
                            + Math.abs(decoded.get(y, x, 1) * 255 - (rgb >> 8 & 0xff))
                            + Math.abs(decoded.get(y, x, 2) * 255 - (rgb & 0xff));
                }
            }
            double meanError = totalError / (3.0 * decoded.height() * decoded.width());
            // Two IDCT implementations of the same file: the same image to within rounding.
            assertTrue(meanError < 1.5, "mean absolute difference " + meanError + " for " + train.file(i));
        }
    }

    @Test
    void greyAndPngImagesComeOutAsRgb() throws Exception {
        BufferedImage grey = new BufferedImage(20, 10, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSample(3, 4, 0, 200);
        Path greyFile = dir.resolve("grey.JPEG");
        Files.write(greyFile, ImageNetFixtures.jpeg(grey, 1f));
        Image greyImage = ImageDecoder.decode(greyFile);
        assertEquals(3, greyImage.channels());
        assertEquals(greyImage.get(4, 3, 0), greyImage.get(4, 3, 2), 0f);
        assertEquals(200 / 255f, greyImage.get(4, 3, 1), 6 / 255f);

        // ILSVRC2012's train set holds a PNG named .JPEG: decoded by its content.
        BufferedImage colour = new BufferedImage(5, 4, BufferedImage.TYPE_INT_RGB);
        colour.setRGB(2, 1, 0x123456);
        Path png = dir.resolve("n02105855_2933.JPEG");
        ImageIO.write(colour, "png", png.toFile());
        Image pngImage = ImageDecoder.decode(png);
        assertEquals(0x12 / 255f, pngImage.get(1, 2, 0), 0f);
        assertEquals(0x34 / 255f, pngImage.get(1, 2, 1), 0f);
        assertEquals(0x56 / 255f, pngImage.get(1, 2, 2), 0f);
    }

    @Test
    void flatValidationTakesItsLabelsFromTheDevkitFolderOrArchive() throws Exception {
        for (Validation layout : List.of(Validation.FLAT_DEVKIT_FOLDER, Validation.FLAT_DEVKIT_ARCHIVE,
                Validation.SORTED)) {
            Path root = dir.resolve(layout.name());
            ImageNetFixtures.Fixture fixture = ImageNetFixtures.write(root, 5, 1, 3, layout, 3);
            ImageFolderImages val = imagenet.read(root, DatasetSplit.TEST, Verification.STRUCTURE_ONLY);
            assertEquals(15, val.size(), layout.name());
            for (int i = 0; i < val.size(); i++) {
                String name = val.file(i).getFileName().toString();
                int number = Integer.parseInt(name.substring("ILSVRC2012_val_".length(), name.indexOf('.')));
                assertEquals(fixture.validationLabels()[number - 1], val.label(i), layout + " " + name);
            }
            assertEquals(fixture.wnids(), val.classNames());
        }
        // The ILSVRC2012_IDs are not the class indices: the fixture permutes them as the real kit does.
        ImageNetFixtures.Fixture fixture = ImageNetFixtures.write(dir.resolve("p"), 5, 1, 1, Validation.SORTED, 3);
        assertFalse(Arrays.equals(new int[] {1, 2, 3, 4, 5}, fixture.idOfClass()));
    }

    @Test
    void flatValidationWithoutTrainUsesTheDevkitWnids() throws Exception {
        ImageNetFixtures.Fixture fixture = ImageNetFixtures.write(dir, 4, 1, 2, Validation.FLAT_DEVKIT_ARCHIVE, 4);
        deleteTree(dir.resolve("train"));
        ImageFolderImages val = imagenet.read(dir, DatasetSplit.TEST, Verification.STRUCTURE_ONLY);
        assertEquals(fixture.wnids(), val.classNames());
    }

    @Test
    void flatValidationWithoutDevkitSaysWhatToAdd() throws Exception {
        ImageNetFixtures.write(dir, 2, 1, 1, Validation.FLAT_DEVKIT_FOLDER, 5);
        deleteTree(dir.resolve(ImageNetDataset.DEVKIT));
        DatasetException e = assertThrows(DatasetException.class,
                () -> imagenet.read(dir, DatasetSplit.TEST, Verification.STRUCTURE_ONLY));
        assertTrue(e.getMessage().contains("ILSVRC2012_devkit_t12.tar.gz") && e.getMessage().contains("flat"),
                e.getMessage());
    }

    @Test
    void badGroundTruthAndMetaAreReportedByFileAndLine() throws Exception {
        ImageNetFixtures.write(dir, 2, 1, 2, Validation.FLAT_DEVKIT_FOLDER, 6);
        Path truth = dir.resolve("ILSVRC2012_devkit_t12/data/ILSVRC2012_validation_ground_truth.txt");
        List<String> lines = Files.readAllLines(truth);
        Files.write(truth, List.of(lines.get(0), "x7", lines.get(2)));
        DatasetException text = assertThrows(DatasetException.class,
                () -> imagenet.read(dir, DatasetSplit.TEST, Verification.STRUCTURE_ONLY));
        assertTrue(text.getMessage().contains(truth.toString()) && text.getMessage().contains("line 2"),
                text.getMessage());

        Files.write(truth, lines.subList(0, 2));
        assertRefused(() -> imagenet.read(dir, DatasetSplit.TEST, Verification.STRUCTURE_ONLY),
                "no line in the ground truth");

        Files.write(truth, lines);
        Path meta = dir.resolve("ILSVRC2012_devkit_t12/data/meta.mat");
        Files.write(meta, new byte[] {1, 2, 3});
        assertRefused(() -> imagenet.read(dir, DatasetSplit.TEST, Verification.STRUCTURE_ONLY),
                meta.getFileName().toString());
    }

    @Test
    void aNonImageFileOrAnEmptyClassFolderStopsTheReadNamingIt() throws Exception {
        ImageNetFixtures.Fixture fixture = ImageNetFixtures.write(dir, 3, 2, 1, Validation.SORTED, 7);
        Path notes = dir.resolve("train").resolve(fixture.wnids().get(1)).resolve("notes.txt");
        Files.writeString(notes, "not an image");
        DatasetException nonImage = assertThrows(DatasetException.class,
                () -> imagenet.read(dir, DatasetSplit.TRAIN, Verification.STRUCTURE_ONLY));
        assertTrue(nonImage.getMessage().contains(notes.toString()) && nonImage.getMessage().contains("not images"),
                nonImage.getMessage());
        Files.delete(notes);
        Files.writeString(dir.resolve("train").resolve(fixture.wnids().get(1)).resolve(".DS_Store"), "hidden");
        assertEquals(6, imagenet.read(dir, DatasetSplit.TRAIN, Verification.STRUCTURE_ONLY).size());

        Path empty = dir.resolve("train/n09999999");
        Files.createDirectories(empty);
        DatasetException emptyFolder = assertThrows(DatasetException.class,
                () -> imagenet.read(dir, DatasetSplit.TRAIN, Verification.STRUCTURE_ONLY));
        assertTrue(emptyFolder.getMessage().contains(empty.toString()) && emptyFolder.getMessage().contains("no image"),
                emptyFolder.getMessage());
    }

    @Test
    void oneUnreadableJpegAmongManyIsSkippedCountedAndReported() throws Exception {
        ImageNetFixtures.Fixture fixture = ImageNetFixtures.write(dir, 4, 30, 1, Validation.SORTED, 8);
        Path train = dir.resolve("train");
        Path empty = train.resolve(fixture.wnids().get(0)).resolve(fixture.wnids().get(0) + "_1.JPEG");
        Files.write(empty, new byte[0]);
        ImageFolderImages listed = imagenet.read(dir, DatasetSplit.TRAIN, Verification.STRUCTURE_ONLY);
        assertEquals(119, listed.size());
        assertEquals(1, listed.skippedWhenListed().size());
        assertTrue(listed.skippedWhenListed().get(0).contains(empty.toString())
                && listed.skippedWhenListed().get(0).contains("empty"), listed.skippedWhenListed().toString());
        assertFalse(listed.verified());

        // A truncated JPEG starts like one: it is found when decoded, and the decoder names it.
        Path truncated = train.resolve(fixture.wnids().get(2)).resolve(fixture.wnids().get(2) + "_3.JPEG");
        byte[] whole = Files.readAllBytes(truncated);
        Files.write(truncated, Arrays.copyOf(whole, whole.length / 2));
        ImageFolderImages images = imagenet.read(dir, DatasetSplit.TRAIN, Verification.STRUCTURE_ONLY);
        int index = indexOf(images, truncated);
        UnreadableImageException e = assertThrows(UnreadableImageException.class, () -> images.image(index));
        assertEquals(truncated, e.file());
        assertTrue(e.getMessage().contains("truncated JPEG"), e.getMessage());
        assertEquals(1, images.unreadable().size());

        byte[] garbage = whole.clone();
        Arrays.fill(garbage, 200, garbage.length - 2, (byte) 0x11);
        Files.write(truncated, garbage);
        UnreadableImageException corrupt = assertThrows(UnreadableImageException.class, () -> images.image(index));
        assertTrue(corrupt.getMessage().contains(truncated.toString()), corrupt.getMessage());
    }

    @Test
    void aFolderOfMostlyBadFilesIsAnErrorNotASkip() throws Exception {
        ImageNetFixtures.Fixture fixture = ImageNetFixtures.write(dir, 2, 3, 1, Validation.SORTED, 9);
        for (int n = 1; n <= 3; n++) {
            Files.writeString(dir.resolve("train").resolve(fixture.wnids().get(0))
                    .resolve(fixture.wnids().get(0) + "_" + n + ".JPEG"), "<html>404</html>");
        }
        DatasetException e = assertThrows(DatasetException.class,
                () -> imagenet.read(dir, DatasetSplit.TRAIN, Verification.STRUCTURE_ONLY));
        assertTrue(e.getMessage().contains("3 of the 6 images") && e.getMessage().contains("3C 68 74 6D"),
                e.getMessage());
    }

    @Test
    void publishedVerificationChecksClassAndImageCounts() throws Exception {
        ImageNetFixtures.write(dir, 2, 2, 1, Validation.SORTED, 10);
        DatasetException e = assertThrows(DatasetException.class,
                () -> imagenet.read(dir, DatasetSplit.TRAIN, Verification.PUBLISHED));
        assertTrue(e.getMessage().contains("class count is 2, expected 1000"), e.getMessage());
    }

    @Test
    void sortedValidationMustHaveTheTrainingClasses() throws Exception {
        ImageNetFixtures.Fixture fixture = ImageNetFixtures.write(dir, 3, 1, 1, Validation.SORTED, 11);
        Files.move(dir.resolve("val").resolve(fixture.wnids().get(2)), dir.resolve("val/n77777777"));
        assertRefused(() -> imagenet.read(dir, DatasetSplit.TEST, Verification.STRUCTURE_ONLY),
                "n77777777", "class indices");
    }

    @Test
    void locatesTheLayoutsAndNeverDownloads() throws Exception {
        DataRoot root = new DataRoot(dir, "test");
        assertRefused(() -> imagenet.read(root, DatasetSplit.TRAIN, Verification.PUBLISHED),
                "https://image-net.org", "never", "1d675b47d978889d74fa0da5fadfb00e",
                dir.resolve("imagenet").toString());
        ImageDataset asDataset = DatasetCatalog.byName("ImageNet");
        assertFalse(asDataset instanceof DownloadableDataset);
        ImageNetFixtures.write(dir.resolve("ILSVRC2012"), 2, 1, 1, Validation.SORTED, 12);
        assertEquals(Optional.of(dir.resolve("ILSVRC2012")), imagenet.locate(root));
        ImageNetFixtures.write(dir.resolve("imagenet"), 2, 1, 1, Validation.SORTED, 12);
        assertEquals(Optional.of(dir.resolve("imagenet")), imagenet.locate(root));
    }

    @Test
    void archivesAreCheckedAgainstTorchvisionsMd5s() throws Exception {
        Path devkit = dir.resolve("ILSVRC2012_devkit_t12.tar.gz");
        Files.writeString(devkit, "partial download");
        assertRefused(() -> ImageNetDataset.checkArchive(devkit),
                "fa75699e90414af021442c21a62c3abf", FileDownloader.md5(devkit));
        Path other = dir.resolve("photos.tar");
        Files.writeString(other, "x");
        assertThrows(DatasetException.class, () -> ImageNetDataset.checkArchive(other));
    }

    @Test
    void nasnetLargeUses331PixelCrops() throws Exception {
        ImageNetDataset nasnet = ImageNetDataset.nasnetLarge();
        assertEquals(new ImageShape(331, 331, 3), nasnet.imageShape());
        BufferedImage picture = ImageNetFixtures.image(3, new SplittableRandom(1));
        Path file = dir.resolve("a.JPEG");
        ImageNetFixtures.writeJpeg(file, picture);
        Image image = ImageDecoder.decode(file);
        Image evaluated = nasnet.evaluationTransform().apply(image, new SplittableRandom(0));
        assertArrayEquals(new int[] {331, 331, 3}, new int[] {evaluated.height(), evaluated.width(), evaluated.channels()});
        Image trained = nasnet.standardAugmentation().apply(image, new SplittableRandom(0));
        assertEquals(331, trained.height());
        assertEquals(224, imagenet.evaluationTransform().apply(image, new SplittableRandom(0)).width());
    }

    private static int indexOf(ImageFolderImages images, Path file) {
        for (int i = 0; i < images.size(); i++) {
            if (images.file(i).equals(file)) {
                return i;
            }
        }
        throw new AssertionError(file + " not listed");
    }

    private static void deleteTree(Path root) throws Exception {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

}
