package org.rtrain.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loader keeps ahead of training: the bench's own figures, checked against the targets. */
class LoaderBenchIT {

    @TempDir
    Path dir;

    @Test
    void cifarFormatReachesTenThousandImagesPerSecondWithTwoThreads() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        List<LoaderBench.Throughput> results = LoaderBench.measure(dir, 2,
                new PrintStream(printed, true, StandardCharsets.UTF_8));
        System.out.print(printed.toString(StandardCharsets.UTF_8));
        assertEquals(2, results.size());
        LoaderBench.Throughput cifar = results.get(0);
        // Wall-clock rates depend on what else the machine runs; the CPU cost per image does not much:
        // two cores at under 100 us per image deliver more than 20,000 images/s.
        assertTrue(cifar.cpuMicrosPerImage() < 100, cifar.toString());
        assertTrue(cifar.bestImagesPerSecond() >= 10_000, cifar.toString());
        LoaderBench.Throughput imagenet = results.get(1);
        // 20 ms per 500x375 JPEG decoded, cropped and resampled would still feed 100 images/s on two cores.
        assertTrue(imagenet.cpuMicrosPerImage() < 20_000, imagenet.toString());
        assertEquals(5 * 320, imagenet.images());
    }
}
