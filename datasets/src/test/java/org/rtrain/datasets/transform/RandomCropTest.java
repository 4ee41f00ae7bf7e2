package org.rtrain.datasets.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.rtrain.datasets.image.Image;

class RandomCropTest {

    /** A 32x32x3 image whose channel-0 value encodes its position: 1 + y * 32 + x. */
    static Image coded() {
        float[] pixels = new float[32 * 32 * 3];
        for (int p = 0; p < 1024; p++) {
            pixels[p * 3] = 1 + p;
            pixels[p * 3 + 1] = 0.5f;
            pixels[p * 3 + 2] = -p;
        }
        return new Image(32, 32, 3, pixels);
    }

    @Test
    void offsetsAreUniformOverTheNinetyOnePositionsAndPaddingIsZero() {
        Image image = coded();
        Image before = new Image(32, 32, 3, image.pixels().clone());
        RandomCrop crop = RandomCrop.cifarStandard();
        SplittableRandom random = new SplittableRandom(42);
        long[] counts = new long[81];
        for (int draw = 0; draw < 16_200; draw++) {
            Image out = crop.apply(image, random);
            int source = (int) out.get(16, 16, 0) - 1;
            int dy = source / 32 - 16;
            int dx = source % 32 - 16;
            assertTrue(Math.abs(dy) <= 4 && Math.abs(dx) <= 4, "offset " + dy + ", " + dx);
            counts[(dy + 4) * 9 + dx + 4]++;
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    boolean inside = y + dy >= 0 && y + dy < 32 && x + dx >= 0 && x + dx < 32;
                    float expected = inside ? image.get(y + dy, x + dx, 0) : 0f;
                    assertEquals(expected, out.get(y, x, 0), 0f);
                }
            }
        }
        double chi = Statistics.chiSquareUniform(counts);
        assertTrue(chi < Statistics.chiSquareCritical(80), "chi-square " + chi);
        assertArrayEquals(before.pixels(), image.pixels(), "input not mutated");
    }

    @Test
    void reflectPaddingMirrorsWithoutRepeatingTheEdge() {
        Image image = coded();
        RandomCrop crop = new RandomCrop(4, PaddingMode.REFLECT);
        SplittableRandom random = new SplittableRandom(1);
        for (int draw = 0; draw < 400; draw++) {
            Image out = crop.apply(image, random);
            int source = (int) out.get(16, 16, 0) - 1;
            int dy = source / 32 - 16;
            int dx = source % 32 - 16;
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    int sy = reflect(y + dy);
                    int sx = reflect(x + dx);
                    assertEquals(image.get(sy, sx, 2), out.get(y, x, 2), 0f);
                }
            }
        }
    }

    private static int reflect(int c) {
        return c < 0 ? -c : c > 31 ? 62 - c : c;
    }

    @Test
    void sameGeneratorStateGivesTheSameCrop() {
        Image image = coded();
        RandomCrop crop = RandomCrop.cifarStandard();
        assertArrayEquals(crop.apply(image, new SplittableRandom(9)).pixels(),
                crop.apply(image, new SplittableRandom(9)).pixels());
    }

    @Test
    void rejectsInvalidSettings() {
        assertThrows(IllegalArgumentException.class, () -> new RandomCrop(-1, PaddingMode.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new RandomCrop(4, null));
        Image tiny = new Image(3, 3, 1, new float[9]);
        assertThrows(IllegalArgumentException.class,
                () -> new RandomCrop(4, PaddingMode.REFLECT).apply(tiny, new SplittableRandom(1)));
    }
}
