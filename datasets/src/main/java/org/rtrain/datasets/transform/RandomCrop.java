package org.rtrain.datasets.transform;

import java.util.SplittableRandom;

import org.rtrain.datasets.image.Image;
import org.rtrain.datasets.image.ImageTransform;

/**
 * Pads the image on every side and cuts a window of the original size at a uniformly random offset:
 * the standard CIFAR and SVHN augmentation.
 *
 * <p>From He et al. 2016 (ResNet, CIFAR-10: "4 pixels are padded on each side, and a 32x32 crop is
 * randomly sampled from the padded image"), used by the wide residual networks and stochastic-depth
 * papers whose rows the tables report. Offsets are drawn row first, then column, each uniform over
 * {@code [0, 2 * padding]}, as torchvision's {@code RandomCrop} does.
 *
 * @param padding     pixels added on each side, at least 0
 * @param paddingMode what the added border holds
 */
public record RandomCrop(int padding, PaddingMode paddingMode) implements ImageTransform {

    public RandomCrop {
        if (padding < 0) {
            throw new IllegalArgumentException("padding must be at least 0, got " + padding);
        }
        if (paddingMode == null) {
            throw new IllegalArgumentException("paddingMode must be ZERO or REFLECT, got null");
        }
    }

    /** The CIFAR/SVHN standard: 4 pixels of zeros on each side. */
    public static RandomCrop cifarStandard() {
        return new RandomCrop(4, PaddingMode.ZERO);
    }

    @Override
    public Image apply(Image image, SplittableRandom random) {
        int height = image.height();
        int width = image.width();
        int channels = image.channels();
        if (paddingMode == PaddingMode.REFLECT && (padding >= height || padding >= width)) {
            throw new IllegalArgumentException("reflect padding of " + padding + " needs an image larger than "
                    + padding + " pixels on each side, got " + height + "x" + width);
        }
        int offsetY = random.nextInt(2 * padding + 1) - padding;
        int offsetX = random.nextInt(2 * padding + 1) - padding;
        float[] source = image.pixels();
        float[] out = new float[source.length];
        int rowLength = width * channels;
        for (int y = 0; y < height; y++) {
            int sourceY = y + offsetY;
            if (sourceY < 0 || sourceY >= height) {
                if (paddingMode == PaddingMode.ZERO) {
                    continue;
                }
                sourceY = reflect(sourceY, height);
            }
            int target = y * rowLength;
            int sourceRow = sourceY * rowLength;
            // The columns that come from inside the image are one contiguous run.
            int firstInside = Math.max(0, -offsetX);
            int endInside = Math.min(width, width - offsetX);
            if (endInside > firstInside) {
                System.arraycopy(source, sourceRow + (firstInside + offsetX) * channels, out,
                        target + firstInside * channels, (endInside - firstInside) * channels);
            }
            if (paddingMode == PaddingMode.REFLECT) {
                for (int x = 0; x < width; x++) {
                    if (x < firstInside || x >= endInside) {
                        System.arraycopy(source, sourceRow + reflect(x + offsetX, width) * channels, out,
                                target + x * channels, channels);
                    }
                }
            }
        }
        return new Image(height, width, channels, out);
    }

    private static int reflect(int coordinate, int size) {
        return coordinate < 0 ? -coordinate : 2 * (size - 1) - coordinate;
    }
}
