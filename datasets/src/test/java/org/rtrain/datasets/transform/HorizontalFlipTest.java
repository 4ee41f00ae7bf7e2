package org.rtrain.datasets.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.rtrain.datasets.image.Image;

class HorizontalFlipTest {

    @Test
    void flipsHalfTheImagesIntoTheirMirror() {
        Image image = RandomCropTest.coded();
        Image mirror = HorizontalFlip.mirror(image);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                for (int c = 0; c < 3; c++) {
                    assertEquals(image.get(y, 31 - x, c), mirror.get(y, x, c), 0f);
                }
            }
        }
        SplittableRandom random = new SplittableRandom(3);
        int flipped = 0;
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            Image out = HorizontalFlip.standard().apply(image, random);
            if (out != image) {
                assertArrayEquals(mirror.pixels(), out.pixels());
                flipped++;
            }
        }
        double z = Statistics.binomialZ(flipped, n, 0.5);
        assertTrue(Math.abs(z) < 4, "z = " + z);
    }

    @Test
    void probabilityZeroAndOneAreNeverAndAlways() {
        Image image = RandomCropTest.coded();
        SplittableRandom random = new SplittableRandom(4);
        for (int i = 0; i < 100; i++) {
            assertSame(image, new HorizontalFlip(0).apply(image, random));
            assertArrayEquals(HorizontalFlip.mirror(image).pixels(), new HorizontalFlip(1).apply(image, random).pixels());
        }
        assertThrows(IllegalArgumentException.class, () -> new HorizontalFlip(1.5));
        assertThrows(IllegalArgumentException.class, () -> new HorizontalFlip(Double.NaN));
    }
}
