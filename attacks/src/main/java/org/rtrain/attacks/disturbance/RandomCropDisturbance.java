package org.rtrain.attacks.disturbance;

import java.util.SplittableRandom;

/**
 * Random crop with zero padding: the image is padded with {@code padding} black pixels on every side
 * and a window of its own size is cut out at a uniformly random offset.
 *
 * <p>torchvision's {@code RandomCrop(size, padding)} (constant fill 0), the standard CIFAR
 * augmentation of He et al., "Deep residual learning for image recognition" (2016), section 4.2:
 * 4 pixels of padding on 32x32 images. Here the padding is a fraction of the image side, so one
 * setting serves every input size: {@code padding = round(paddingFraction * min(height, width))};
 * the standard 0.125 gives 4 pixels at 28 and 32, 28 at 224, 37 at 299 and 41 at 331. Formula:
 * with offsets {@code top, left} drawn uniformly from {@code [0, 2 * padding]} (top first),
 * {@code out[y][x] = in[y + top - padding][x + left - padding]}, or 0 outside the image.
 *
 * @param paddingFraction padding as a fraction of the shorter image side, in [0, 1]
 */
public record RandomCropDisturbance(double paddingFraction) implements Disturbance {

    /** Table 1's column name. */
    public static final String NAME = "random_crop";
    /** 4 / 32: torchvision's CIFAR padding of 4 pixels, scaled to the image size. */
    public static final double STANDARD_PADDING_FRACTION = 0.125;

    public RandomCropDisturbance {
        if (!(paddingFraction >= 0 && paddingFraction <= 1)) {
            throw new IllegalArgumentException("random_crop paddingFraction must be in [0, 1], got " + paddingFraction);
        }
    }

    /** Padding of 1/8 of the image side (4 pixels at 32x32). */
    public static RandomCropDisturbance standard() {
        return new RandomCropDisturbance(STANDARD_PADDING_FRACTION);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Padding in pixels for images of {@code height x width}. */
    public int padding(int height, int width) {
        return (int) Math.round(paddingFraction * Math.min(height, width));
    }

    @Override
    public double[][][] disturb(double[][][] image, SplittableRandom random) {
        int padding = padding(image[0].length, image[0][0].length);
        int top = random.nextInt(2 * padding + 1);
        int left = random.nextInt(2 * padding + 1);
        return crop(image, padding, top, left);
    }

    /** The window at offset {@code (top, left)} of {@code image} padded by {@code padding} zeros on each side. */
    static double[][][] crop(double[][][] image, int padding, int top, int left) {
        int height = image[0].length;
        int width = image[0][0].length;
        double[][][] out = new double[image.length][height][width];
        for (int c = 0; c < image.length; c++) {
            for (int y = 0; y < height; y++) {
                int sourceY = y + top - padding;
                if (sourceY < 0 || sourceY >= height) {
                    continue;
                }
                for (int x = 0; x < width; x++) {
                    int sourceX = x + left - padding;
                    if (sourceX >= 0 && sourceX < width) {
                        out[c][y][x] = image[c][sourceY][sourceX];
                    }
                }
            }
        }
        return out;
    }
}
