package org.rtrain.datasets.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.rtrain.datasets.image.Image;

class RandomResizedCropTest {

    private final RandomResizedCrop crop = RandomResizedCrop.imagenet(224);

    @Test
    void areaRatioAndPositionFollowTorchvisionsDistribution() {
        SplittableRandom random = new SplittableRandom(11);
        int n = 40_000;
        double[] smallScales = new double[n];
        double[] logRatios = new double[n];
        double[] tops = new double[n];
        int small = 0;
        for (int i = 0; i < n; i++) {
            CropBox box = crop.sampleBox(1000, 1000, random);
            double scale = box.height() * (double) box.width() / 1e6;
            double ratio = (double) box.width() / box.height();
            assertTrue(box.top() + box.height() <= 1000 && box.left() + box.width() <= 1000, box.toString());
            assertTrue(scale >= 0.0795 && scale <= 1.0, "scale " + scale);
            assertTrue(ratio >= 0.749 && ratio <= 1.335, "ratio " + ratio);
            // Below 0.7 of the area every draw fits, so the accepted draws keep the drawn distribution.
            if (scale < 0.7) {
                smallScales[small] = scale;
                logRatios[small] = Math.log(ratio);
                tops[small] = (box.top() + 0.5) / (1000 - box.height() + 1);
                small++;
            }
        }
        assertTrue(small > n * 0.6, small + " small crops");
        double[] scales = Arrays.copyOf(smallScales, small);
        double ks = Statistics.ksUniform(scales, 0.08, 0.7);
        assertTrue(ks < Statistics.ksCritical(small) + 0.005, "scale KS " + ks);
        double ratioKs = Statistics.ksUniform(Arrays.copyOf(logRatios, small), Math.log(0.75), Math.log(4 / 3.0));
        assertTrue(ratioKs < Statistics.ksCritical(small) + 0.005, "log-ratio KS " + ratioKs);
        double positionKs = Statistics.ksUniform(Arrays.copyOf(tops, small), 0, 1);
        assertTrue(positionKs < Statistics.ksCritical(small) + 0.005, "position KS " + positionKs);
    }

    @Test
    void fallsBackToTheCentredCropClampedToTheRatioRange() {
        CropBox wide = crop.sampleBox(10, 1000, new SplittableRandom(1));
        assertEquals(new CropBox(0, 493, 10, 13), wide);
        CropBox tall = crop.sampleBox(1000, 10, new SplittableRandom(1));
        assertEquals(new CropBox(493, 0, 13, 10), tall);
    }

    @Test
    void resizesTheCropToTheOutputSizeWithinTheInputsRange() {
        SplittableRandom pixels = new SplittableRandom(5);
        float[] values = new float[300 * 400 * 3];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) pixels.nextDouble();
        }
        Image image = new Image(300, 400, 3, values);
        Image out = crop.apply(image, new SplittableRandom(6));
        assertEquals(224, out.height());
        assertEquals(224, out.width());
        for (float v : out.pixels()) {
            assertTrue(v >= -1e-6 && v <= 1 + 1e-6, "value " + v);
        }
        assertArrayEquals(out.pixels(), crop.apply(image, new SplittableRandom(6)).pixels());
    }

    @Test
    void resamplingKeepsConstantsAndAveragesWhenShrinking() {
        Image constant = new Image(50, 70, 1, filled(50 * 70, 0.25f));
        for (float v : Resampler.resizedCrop(constant, 3, 5, 40, 60, 17, 23).pixels()) {
            assertEquals(0.25f, v, 1e-6f);
        }
        float[] ramp = new float[8];
        for (int x = 0; x < 8; x++) {
            ramp[x] = x / 8f;
        }
        Image row = new Image(1, 8, 1, ramp);
        // Halving with the triangle filter widened to 2 pixels (Pillow's coefficients): inside, taps
        // 1/4, 3/4, 3/4, 1/4 centred between two inputs; at the border the taps that fall outside are dropped.
        float[] half = Resampler.resize(row, 1, 4).pixels();
        assertEquals((0 * 0.75f + 1 * 0.75f + 2 * 0.25f) / 1.75f / 8, half[0], 1e-6f);
        assertEquals(2.5f / 8, half[1], 1e-6f);
        assertEquals(4.5f / 8, half[2], 1e-6f);
        assertEquals((5 * 0.25f + 6 * 0.75f + 7 * 0.75f) / 1.75f / 8, half[3], 1e-6f);
        assertArrayEquals(ramp, Resampler.resize(row, 1, 8).pixels(), 0f);
    }

    @Test
    void resamplingNeverLeavesThePixelRange() {
        Image white = new Image(375, 500, 3, filled(375 * 500 * 3, 1f));
        for (int size : new int[] {224, 256, 331, 378, 29}) {
            for (float v : Resampler.resize(white, size, size + 7).pixels()) {
                assertTrue(v <= 1f, "white resized to " + size + " gave " + v);
            }
        }
    }

    private static float[] filled(int n, float value) {
        float[] out = new float[n];
        Arrays.fill(out, value);
        return out;
    }

    @Test
    void rejectsInvalidRanges() {
        assertThrows(IllegalArgumentException.class, () -> new RandomResizedCrop(224, 0, 1, 0.75, 1.33));
        assertThrows(IllegalArgumentException.class, () -> new RandomResizedCrop(224, 0.5, 0.4, 0.75, 1.33));
        assertThrows(IllegalArgumentException.class, () -> new RandomResizedCrop(224, 0.08, 1, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> new RandomResizedCrop(0, 0.08, 1, 0.75, 1.33));
    }
}
