package org.rtrain.datasets.transform;

import java.util.SplittableRandom;

import org.rtrain.datasets.image.Image;
import org.rtrain.datasets.image.ImageTransform;

/**
 * With probability {@code probability}, fills a random rectangle of the image with uniform random
 * values: random erasing, the augmentation behind Table 5's "Random Erase" WRN baselines.
 *
 * <p>From Zhong, Zheng, Kang, Li and Yang 2017, "Random Erasing Data Augmentation"
 * (arXiv 1708.04896), Algorithm 1 with the paper's defaults: erasing probability 0.5, erased area
 * {@code S_e ~ U(0.02, 0.4)} of the image, aspect ratio {@code r_e ~ U(0.3, 1/0.3)}, rectangle
 * {@code H_e = round(sqrt(S_e * r_e))} by {@code W_e = round(sqrt(S_e / r_e))}, every value of it
 * replaced by a uniform random number (the paper's "random values"; here in the [0, 1] pixel range).
 * As in the authors' code, up to 100 draws are made for a rectangle that fits strictly inside the
 * image, its position uniform over those that fit; if none fits, the image is left unchanged. Apply
 * it after cropping and flipping, before any normalisation.
 *
 * @param probability    chance of erasing, in [0, 1]
 * @param minArea        smallest erased fraction of the area, in (0, maxArea]
 * @param maxArea        largest erased fraction of the area, in [minArea, 1)
 * @param minAspectRatio smallest height/width ratio; the largest is its inverse; in (0, 1]
 */
public record RandomErasing(double probability, double minArea, double maxArea, double minAspectRatio)
        implements ImageTransform {

    private static final int ATTEMPTS = 100;

    public RandomErasing {
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability must be in [0, 1], got " + probability);
        }
        if (!(minArea > 0 && minArea <= maxArea && maxArea < 1)) {
            throw new IllegalArgumentException("area range must satisfy 0 < minArea <= maxArea < 1, got ["
                    + minArea + ", " + maxArea + "]");
        }
        if (!(minAspectRatio > 0 && minAspectRatio <= 1)) {
            throw new IllegalArgumentException("minAspectRatio must be in (0, 1], got " + minAspectRatio);
        }
    }

    /** The paper's defaults: probability 0.5, area 2% to 40%, aspect ratio 0.3 to 3.3. */
    public static RandomErasing zhong2017() {
        return new RandomErasing(0.5, 0.02, 0.4, 0.3);
    }

    @Override
    public Image apply(Image image, SplittableRandom random) {
        if (random.nextDouble() >= probability) {
            return image;
        }
        int height = image.height();
        int width = image.width();
        double area = (double) height * width;
        double maxAspectRatio = 1 / minAspectRatio;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            double targetArea = area * (minArea + (maxArea - minArea) * random.nextDouble());
            double aspectRatio = minAspectRatio + (maxAspectRatio - minAspectRatio) * random.nextDouble();
            int erasedHeight = (int) Math.rint(Math.sqrt(targetArea * aspectRatio));
            int erasedWidth = (int) Math.rint(Math.sqrt(targetArea / aspectRatio));
            if (erasedHeight > 0 && erasedWidth > 0 && erasedHeight < height && erasedWidth < width) {
                int top = random.nextInt(height - erasedHeight + 1);
                int left = random.nextInt(width - erasedWidth + 1);
                return erase(image, top, left, erasedHeight, erasedWidth, random);
            }
        }
        return image;
    }

    private static Image erase(Image image, int top, int left, int erasedHeight, int erasedWidth,
                               SplittableRandom random) {
        int channels = image.channels();
        float[] out = image.pixels().clone();
        for (int y = top; y < top + erasedHeight; y++) {
            int start = (y * image.width() + left) * channels;
            for (int i = start; i < start + erasedWidth * channels; i++) {
                out[i] = (float) random.nextDouble();
            }
        }
        return new Image(image.height(), image.width(), channels, out);
    }
}
