package org.rtrain.attacks.disturbance;

import java.util.SplittableRandom;

/**
 * Random grayscale: with probability {@code grayscaleProbability} every channel of an RGB image is
 * replaced by its ITU-R 601-2 luma {@code L = 0.299 R + 0.587 G + 0.114 B}, keeping three channels.
 *
 * <p>torchvision's {@code RandomGrayscale(p=0.1)} (0.1 is its default), with the luma weights of
 * PIL's {@code convert("L")}; torchvision's tensor path uses 0.2989 for red, 1e-4 away. A grey
 * (1-channel) image is already grayscale and comes back unchanged.
 *
 * @param grayscaleProbability probability that an image is turned grey, in [0, 1]
 */
public record RandomGrayscaleDisturbance(double grayscaleProbability) implements Disturbance {

    /** Table 1's column name. */
    public static final String NAME = "random_grayscale";
    /** torchvision's default. */
    public static final double STANDARD_GRAYSCALE_PROBABILITY = 0.1;

    public RandomGrayscaleDisturbance {
        if (!(grayscaleProbability >= 0 && grayscaleProbability <= 1)) {
            throw new IllegalArgumentException("random_grayscale grayscaleProbability must be in [0, 1], got "
                    + grayscaleProbability);
        }
    }

    /** Grayscale with probability 0.1. */
    public static RandomGrayscaleDisturbance standard() {
        return new RandomGrayscaleDisturbance(STANDARD_GRAYSCALE_PROBABILITY);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public double[][][] disturb(double[][][] image, SplittableRandom random) {
        ImageBatch.requireGreyOrRgb(image, NAME);
        return random.nextDouble() < grayscaleProbability ? grayscale(image) : image;
    }

    /** Every channel set to the luma of the pixel (a grey image is returned as it is). */
    static double[][][] grayscale(double[][][] image) {
        if (image.length == 1) {
            return image;
        }
        int height = image[0].length;
        int width = image[0][0].length;
        double[][][] out = new double[image.length][height][width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double luma = ImageBatch.luma(image, y, x);
                for (int c = 0; c < image.length; c++) {
                    out[c][y][x] = luma;
                }
            }
        }
        return out;
    }
}
