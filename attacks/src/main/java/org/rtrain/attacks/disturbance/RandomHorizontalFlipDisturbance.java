package org.rtrain.attacks.disturbance;

import java.util.SplittableRandom;

/**
 * Random horizontal flip: each image is mirrored left to right with probability
 * {@code flipProbability}: {@code out[y][x] = in[y][width - 1 - x]}.
 *
 * <p>torchvision's {@code RandomHorizontalFlip(p=0.5)}; 0.5 is its default and the standard
 * augmentation of ImageNet and CIFAR training (Krizhevsky et al. 2012, He et al. 2016).
 *
 * @param flipProbability probability that an image is flipped, in [0, 1]
 */
public record RandomHorizontalFlipDisturbance(double flipProbability) implements Disturbance {

    /** Table 1's column name. */
    public static final String NAME = "random_hflip";
    /** torchvision's default. */
    public static final double STANDARD_FLIP_PROBABILITY = 0.5;

    public RandomHorizontalFlipDisturbance {
        if (!(flipProbability >= 0 && flipProbability <= 1)) {
            throw new IllegalArgumentException("random_hflip flipProbability must be in [0, 1], got "
                    + flipProbability);
        }
    }

    /** Flip with probability 0.5. */
    public static RandomHorizontalFlipDisturbance standard() {
        return new RandomHorizontalFlipDisturbance(STANDARD_FLIP_PROBABILITY);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public double[][][] disturb(double[][][] image, SplittableRandom random) {
        return random.nextDouble() < flipProbability ? flip(image) : image;
    }

    /** {@code image} mirrored left to right. */
    static double[][][] flip(double[][][] image) {
        int width = image[0][0].length;
        double[][][] out = new double[image.length][image[0].length][width];
        for (int c = 0; c < image.length; c++) {
            for (int y = 0; y < image[0].length; y++) {
                for (int x = 0; x < width; x++) {
                    out[c][y][x] = image[c][y][width - 1 - x];
                }
            }
        }
        return out;
    }
}
