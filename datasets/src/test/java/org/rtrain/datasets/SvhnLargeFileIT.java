package org.rtrain.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rtrain.datasets.fixtures.SvhnFixtures;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.MatlabType;
import us.hebi.matlab.mat.types.Matrix;

/**
 * A MAT-file of 100,000 SVHN images (307 MB of pixels, compressed as MATLAB does) is read in one
 * streaming pass holding the pixels once: what makes the 1.6 GB of {@code extra_32x32.mat} fit a
 * 3 GB heap.
 */
class SvhnLargeFileIT {

    private static final int COUNT = 100_000;

    @TempDir
    Path dir;

    @Test
    void readsALargeFileHoldingItsPixelsOnce() throws Exception {
        Path file = dir.resolve("extra_32x32.mat");
        writeLarge(file);
        long pixels = (long) COUNT * 32 * 32 * 3;
        System.gc();
        long before = usedHeap();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        long start = System.nanoTime();
        LabelledImages extra = SvhnDataset.SVHN.read(dir, DatasetSplit.EXTRA, Verification.STRUCTURE_ONLY);
        double seconds = (System.nanoTime() - start) / 1e9;
        long peak = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        System.gc();
        long retained = usedHeap() - before;
        System.out.printf("SVHN %d images (%.0f MB of pixels, file %.0f MB): read in %.1f s, heap retained %.0f MB,"
                + " pool peaks %.0f MB%n", COUNT, pixels / 1e6, Files.size(file) / 1e6, seconds, retained / 1e6,
                peak / 1e6);
        assertEquals(COUNT, extra.size());
        assertTrue(retained < pixels * 1.1, "retained " + retained + " bytes for " + pixels + " bytes of pixels");
        assertTrue(peak - before < pixels * 1.6, "peak " + peak + " bytes for " + pixels + " bytes of pixels");
    }

    private static void writeLarge(Path file) throws Exception {
        SplittableRandom random = new SplittableRandom(1);
        Matrix x = Mat5.newMatrix(new int[] {32, 32, 3, COUNT}, MatlabType.UInt8);
        Matrix y = Mat5.newMatrix(new int[] {COUNT, 1}, MatlabType.UInt8);
        int total = COUNT * 3072;
        for (int i = 0; i < total; i++) {
            // Four bits of entropy per byte: compressible, as photographs are, and written quickly.
            x.setByte(i, (byte) (random.nextInt(16) * 16));
        }
        for (int n = 0; n < COUNT; n++) {
            y.setByte(n, (byte) (1 + random.nextInt(10)));
        }
        SvhnFixtures.write(file, Mat5.newMatFile().addArray("X", x).addArray("y", y));
        x.close();
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
