package org.rtrain.datasets.transform;

import java.util.SplittableRandom;

import org.rtrain.datasets.image.Image;
import org.rtrain.datasets.image.ImageTransform;

/**
 * Crops a random rectangle covering a random fraction of the image's area at a random aspect ratio
 * and resizes it to a square: the standard ImageNet training augmentation.
 *
 * <p>From Szegedy et al. 2015 (Inception, "Going deeper with convolutions": patches of 8% to 100%
 * of the image area with aspect ratio between 3/4 and 4/3), in the form of torchvision's
 * {@code RandomResizedCrop}, which the papers behind the ImageNet rows (Inception-v3, CondenseNet,
 * NASNet-A) train with. The algorithm, exactly torchvision's: up to ten times draw
 * {@code scale ~ U(minScale, maxScale)} and {@code log(ratio) ~ U(log minRatio, log maxRatio)}, set
 * {@code w = round(sqrt(area * scale * ratio))}, {@code h = round(sqrt(area * scale / ratio))}, and
 * keep the first that fits, at a uniform position ({@code top} drawn before {@code left}); otherwise
 * take the centred crop of the whole image clamped to the ratio range. The crop is resampled
 * bilinearly with antialiasing.
 *
 * @param size     side of the square output (224; 331 for NASNet-A Large)
 * @param minScale smallest fraction of the area, in (0, maxScale]
 * @param maxScale largest fraction of the area, in [minScale, 1]
 * @param minRatio smallest width/height ratio, positive
 * @param maxRatio largest width/height ratio, at least minRatio
 */
public record RandomResizedCrop(int size, double minScale, double maxScale, double minRatio, double maxRatio)
        implements ImageTransform {

    private static final int ATTEMPTS = 10;

    public RandomResizedCrop {
        if (size <= 0) {
            throw new IllegalArgumentException("size must be positive, got " + size);
        }
        if (!(minScale > 0 && minScale <= maxScale && maxScale <= 1)) {
            throw new IllegalArgumentException("scale range must satisfy 0 < minScale <= maxScale <= 1, got ["
                    + minScale + ", " + maxScale + "]");
        }
        if (!(minRatio > 0 && minRatio <= maxRatio && Double.isFinite(maxRatio))) {
            throw new IllegalArgumentException("ratio range must satisfy 0 < minRatio <= maxRatio, got ["
                    + minRatio + ", " + maxRatio + "]");
        }
    }

    /** torchvision's defaults: scale 0.08 to 1, ratio 3/4 to 4/3, at the given output size. */
    public static RandomResizedCrop imagenet(int size) {
        return new RandomResizedCrop(size, 0.08, 1.0, 3.0 / 4.0, 4.0 / 3.0);
    }

    @Override
    public Image apply(Image image, SplittableRandom random) {
        CropBox box = sampleBox(image.height(), image.width(), random);
        return Resampler.resizedCrop(image, box.top(), box.left(), box.height(), box.width(), size, size);
    }

    /** The rectangle {@link #apply} crops from an image of this size, drawing from {@code random}. */
    public CropBox sampleBox(int height, int width, SplittableRandom random) {
        double area = (double) height * width;
        double logMinRatio = Math.log(minRatio);
        double logMaxRatio = Math.log(maxRatio);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            double targetArea = area * uniform(random, minScale, maxScale);
            double ratio = Math.exp(uniform(random, logMinRatio, logMaxRatio));
            int cropWidth = (int) Math.rint(Math.sqrt(targetArea * ratio));
            int cropHeight = (int) Math.rint(Math.sqrt(targetArea / ratio));
            if (cropWidth > 0 && cropWidth <= width && cropHeight > 0 && cropHeight <= height) {
                int top = random.nextInt(height - cropHeight + 1);
                int left = random.nextInt(width - cropWidth + 1);
                return new CropBox(top, left, cropHeight, cropWidth);
            }
        }
        double imageRatio = (double) width / height;
        int cropWidth = width;
        int cropHeight = height;
        if (imageRatio < minRatio) {
            cropHeight = (int) Math.rint(cropWidth / minRatio);
        } else if (imageRatio > maxRatio) {
            cropWidth = (int) Math.rint(cropHeight * maxRatio);
        }
        return new CropBox((height - cropHeight) / 2, (width - cropWidth) / 2, cropHeight, cropWidth);
    }

    private static double uniform(SplittableRandom random, double from, double to) {
        return from + (to - from) * random.nextDouble();
    }
}
