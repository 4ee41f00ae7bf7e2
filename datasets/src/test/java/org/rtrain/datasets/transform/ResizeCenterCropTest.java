package org.rtrain.datasets.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.rtrain.datasets.image.Image;

class ResizeCenterCropTest {

    private static Image coded(int height, int width) {
        float[] pixels = new float[height * width];
        for (int p = 0; p < pixels.length; p++) {
            pixels[p] = p / (float) pixels.length;
        }
        return new Image(height, width, 1, pixels);
    }

    @Test
    void cutsTheCentreWithTorchvisionsRounding() {
        // Already at the resize size: the resampling is the identity and the crop is visible exactly.
        Image image = coded(256, 341);
        Image out = new ResizeCenterCrop(256, 224).apply(image, new SplittableRandom(0));
        assertEquals(224, out.height());
        assertEquals(224, out.width());
        // top = round(16.0) = 16, left = round(58.5) = 58 (ties to even, as Python's round).
        assertEquals(image.get(16, 58, 0), out.get(0, 0, 0), 0f);
        assertEquals(image.get(16 + 223, 58 + 223, 0), out.get(223, 223, 0), 0f);
    }

    @Test
    void resizesTheShorterSideKeepingTheAspectRatio() {
        Image portrait = new Image(600, 300, 1, new float[600 * 300]);
        Image out = ResizeCenterCrop.forCrop(224).apply(portrait, new SplittableRandom(0));
        assertEquals(224, out.height());
        assertEquals(256, ResizeCenterCrop.forCrop(224).resize());
        assertEquals(378, ResizeCenterCrop.forCrop(331).resize());
        assertThrows(IllegalArgumentException.class, () -> new ResizeCenterCrop(200, 224));
    }
}
