package org.rtrain.datasets;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rtrain.datasets.fixtures.CifarFixtures;
import org.rtrain.datasets.fixtures.IdxFixtures;
import org.rtrain.datasets.fixtures.ImageNetFixtures;
import org.rtrain.datasets.fixtures.SvhnFixtures;

/**
 * Seeded random damage to every binary format the readers parse (truncation, flipped bytes,
 * overwritten runs, appended bytes): each damaged file is either read (the damage hit only pixel
 * values) or refused with a {@link DatasetException} naming the file; never another exception, a
 * hang or an out-of-memory error. A short, bounded stand-in for coverage-guided fuzzing.
 */
class CorruptFilesTest {

    private static final int MUTATIONS = 150;

    @TempDir
    Path dir;

    @Test
    void cifarFiles() throws Exception {
        Path folder = dir.resolve("cifar");
        CifarFixtures.write(CifarDataset.CIFAR_10, folder, 3, 4, 1);
        damage(folder.resolve("test_batch.bin"), 1,
                file -> CifarDataset.CIFAR_10.read(folder, DatasetSplit.TEST, Verification.STRUCTURE_ONLY));
    }

    @Test
    void cifarArchives() throws Exception {
        Path archiveDir = dir.resolve("archive");
        Path archive = archiveDir.resolve("cifar-100-binary.tar.gz");
        CifarFixtures.writeWithArchive(CifarDataset.CIFAR_100, dir.resolve("cifar"), archive, 5, 4, 2);
        damage(archive, 2,
                file -> CifarDataset.CIFAR_100.read(archiveDir, DatasetSplit.TRAIN, Verification.STRUCTURE_ONLY));
    }

    @Test
    void svhnMatFiles() throws Exception {
        Path file = dir.resolve("svhn/test_32x32.mat");
        SvhnFixtures.write(file, 6, 3);
        damage(file, 3, f -> SvhnDataset.SVHN.read(file.getParent(), DatasetSplit.TEST, Verification.STRUCTURE_ONLY));
    }

    @Test
    void idxFiles() throws Exception {
        Path folder = dir.resolve("mnist");
        IdxFixtures.writeMnistLike(folder, 4, 3, 4, true);
        damage(folder.resolve("t10k-images-idx3-ubyte.gz"), 4,
                file -> MnistDataset.MNIST.read(folder, DatasetSplit.TEST, Verification.STRUCTURE_ONLY));
    }

    @Test
    void imagenetDevkitMetadata() throws Exception {
        ImageNetFixtures.write(dir.resolve("imagenet"), 3, 1, 1, ImageNetFixtures.Validation.FLAT_DEVKIT_FOLDER, 5);
        Path root = dir.resolve("imagenet");
        damage(root.resolve("ILSVRC2012_devkit_t12/data/meta.mat"), 6,
                file -> ImageNetDataset.standard().read(root, DatasetSplit.TEST, Verification.STRUCTURE_ONLY));
    }

    /** Reads {@code MUTATIONS} damaged copies of {@code file} in place, restoring it in between. */
    private static void damage(Path file, long seed, Consumer<Path> read) throws Exception {
        byte[] original = Files.readAllBytes(file);
        read.accept(file);
        SplittableRandom random = new SplittableRandom(seed);
        int refused = 0;
        for (int m = 0; m < MUTATIONS; m++) {
            byte[] damaged = mutate(original, random);
            Files.write(file, damaged);
            try {
                read.accept(file);
            } catch (DatasetException e) {
                refused++;
                assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), "empty message");
            } catch (Throwable t) {
                fail("mutation " + m + " of " + file + " (" + damaged.length + " bytes) escaped as " + t, t);
            }
        }
        Files.write(file, original);
        assertTrue(refused > MUTATIONS / 4, "only " + refused + " of " + MUTATIONS + " damaged copies were refused");
    }

    private static byte[] mutate(byte[] original, SplittableRandom random) {
        byte[] out = original.clone();
        switch (random.nextInt(4)) {
            case 0 -> out = Arrays.copyOf(original, random.nextInt(original.length));
            case 1 -> {
                for (int i = 0; i < 1 + random.nextInt(8); i++) {
                    out[random.nextInt(out.length)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 2 -> {
                int at = random.nextInt(out.length);
                int length = Math.min(out.length - at, 1 + random.nextInt(16));
                for (int i = at; i < at + length; i++) {
                    out[i] = (byte) (random.nextBoolean() ? 0xff : random.nextInt(256));
                }
            }
            default -> {
                out = Arrays.copyOf(original, original.length + 1 + random.nextInt(64));
                for (int i = original.length; i < out.length; i++) {
                    out[i] = (byte) random.nextInt(256);
                }
            }
        }
        return out;
    }
}
