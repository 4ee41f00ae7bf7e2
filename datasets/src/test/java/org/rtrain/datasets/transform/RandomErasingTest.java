package org.rtrain.datasets.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.junit.jupiter.api.Test;
import org.rtrain.datasets.image.Image;

class RandomErasingTest {

    @Test
    void erasesHalfTheImagesWithARectangleOfTheStatedAreaRatioAndUniformFill() {
        int side = 64;
        float[] marker = new float[side * side * 3];
        Arrays.fill(marker, -1f);
        Image image = new Image(side, side, 3, marker);
        RandomErasing erasing = RandomErasing.zhong2017();
        SplittableRandom random = new SplittableRandom(17);
        int n = 4000;
        int erased = 0;
        SummaryStatistics fill = new SummaryStatistics();
        for (int i = 0; i < n; i++) {
            Image out = erasing.apply(image, random);
            if (out == image) {
                continue;
            }
            erased++;
            int top = side;
            int bottom = -1;
            int left = side;
            int right = -1;
            int count = 0;
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    float v = out.get(y, x, 0);
                    if (v != -1f) {
                        top = Math.min(top, y);
                        bottom = Math.max(bottom, y);
                        left = Math.min(left, x);
                        right = Math.max(right, x);
                        count++;
                        for (int c = 0; c < 3; c++) {
                            float value = out.get(y, x, c);
                            if (!(value >= 0 && value < 1)) {
                                fail("fill value " + value + " outside [0, 1)");
                            }
                            fill.addValue(value);
                        }
                    }
                }
            }
            int height = bottom - top + 1;
            int width = right - left + 1;
            assertEquals(height * width, count, "erased region is a rectangle");
            double area = (double) count / (side * side);
            assertTrue(area >= 0.015 && area <= 0.42, "area " + area);
            double ratio = (double) height / width;
            assertTrue(ratio >= 0.25 && ratio <= 3.9, "aspect ratio " + ratio);
            assertTrue(height < side && width < side);
        }
        double z = Statistics.binomialZ(erased, n, 0.5);
        assertTrue(Math.abs(z) < 4, "erasing frequency z = " + z);
        assertEquals(0.5, fill.getMean(), 0.005);
        assertEquals(1 / 12.0, fill.getPopulationVariance(), 0.002);
        for (float v : marker) {
            assertEquals(-1f, v, 0f, "input not mutated");
        }
    }

    @Test
    void probabilityZeroNeverErasesAndTheSameSeedErasesTheSame() {
        Image image = RandomCropTest.coded();
        SplittableRandom random = new SplittableRandom(2);
        RandomErasing never = new RandomErasing(0, 0.02, 0.4, 0.3);
        for (int i = 0; i < 50; i++) {
            assertSame(image, never.apply(image, random));
        }
        RandomErasing always = new RandomErasing(1, 0.02, 0.4, 0.3);
        assertArrayEquals(always.apply(image, new SplittableRandom(5)).pixels(),
                always.apply(image, new SplittableRandom(5)).pixels());
        assertThrows(IllegalArgumentException.class, () -> new RandomErasing(0.5, 0.5, 0.4, 0.3));
        assertThrows(IllegalArgumentException.class, () -> new RandomErasing(0.5, 0.02, 0.4, 3.3));
        assertThrows(IllegalArgumentException.class, () -> new RandomErasing(-0.1, 0.02, 0.4, 0.3));
    }
}
