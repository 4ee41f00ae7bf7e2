package org.rtrain.datasets.transform;

import java.util.SplittableRandom;

import org.rtrain.datasets.image.Image;
import org.rtrain.datasets.image.ImageTransform;

/**
 * Mirrors the image left to right with probability {@code probability}: the standard flip of CIFAR
 * and ImageNet training (never for SVHN, whose digits change meaning when mirrored).
 *
 * <p>One uniform draw per image, whether or not it flips, so the draws that follow do not depend on
 * the outcome.
 *
 * @param probability chance of flipping, in [0, 1]; 0.5 in every paper the tables cite
 */
public record HorizontalFlip(double probability) implements ImageTransform {

    public HorizontalFlip {
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability must be in [0, 1], got " + probability);
        }
    }

    /** Flips half of the images. */
    public static HorizontalFlip standard() {
        return new HorizontalFlip(0.5);
    }

    @Override
    public Image apply(Image image, SplittableRandom random) {
        if (random.nextDouble() >= probability) {
            return image;
        }
        return mirror(image);
    }

    /** The image mirrored left to right. */
    public static Image mirror(Image image) {
        int width = image.width();
        int channels = image.channels();
        float[] source = image.pixels();
        float[] out = new float[source.length];
        int rowLength = width * channels;
        for (int y = 0; y < image.height(); y++) {
            int row = y * rowLength;
            for (int x = 0; x < width; x++) {
                int from = row + x * channels;
                int to = row + (width - 1 - x) * channels;
                for (int c = 0; c < channels; c++) {
                    out[to + c] = source[from + c];
                }
            }
        }
        return new Image(image.height(), width, channels, out);
    }
}
