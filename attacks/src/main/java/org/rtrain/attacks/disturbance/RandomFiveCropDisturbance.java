package org.rtrain.attacks.disturbance;

import java.util.SplittableRandom;

/**
 * Random five-crop: one of torchvision's five crops (top-left, top-right, bottom-left, bottom-right,
 * centre), chosen uniformly at random per image, resized back to the input size with bilinear
 * interpolation.
 *
 * <p>torchvision's {@code FiveCrop(size)} followed by {@code Resize} (bilinear, half-pixel centres,
 * {@code align_corners=False}; antialiasing does not act when enlarging). The crop side is
 * {@code round(cropFraction * side)}; the standard 0.875 is the ratio of the classic ImageNet
 * evaluation, {@code Resize(256)} then a 224 crop, and gives 28 of 32, 25 of 28, 196 of 224,
 * 262 of 299 and 290 of 331 pixels. The centre crop starts at {@code round((side - crop) / 2)},
 * rounding half to even as Python's {@code round} in torchvision's {@code center_crop} does.
 *
 * @param cropFraction crop side as a fraction of the image side, in (0, 1]
 */
public record RandomFiveCropDisturbance(double cropFraction) implements Disturbance {

    /** Table 1's column name. */
    public static final String NAME = "random_five_crop";
    /** 224 / 256, the standard ImageNet evaluation crop. */
    public static final double STANDARD_CROP_FRACTION = 0.875;
    /** Number of crops to choose from. */
    public static final int CROPS = 5;

    public RandomFiveCropDisturbance {
        if (!(cropFraction > 0 && cropFraction <= 1)) {
            throw new IllegalArgumentException("random_five_crop cropFraction must be in (0, 1], got " + cropFraction);
        }
    }

    /** Crops of 87.5% of the side (28 of 32 pixels). */
    public static RandomFiveCropDisturbance standard() {
        return new RandomFiveCropDisturbance(STANDARD_CROP_FRACTION);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public double[][][] disturb(double[][][] image, SplittableRandom random) {
        int height = image[0].length;
        int width = image[0][0].length;
        int crop = random.nextInt(CROPS);
        return resizeBilinear(crop(image, cropSide(height), cropSide(width), crop), height, width);
    }

    private int cropSide(int side) {
        return (int) Math.max(1, Math.round(cropFraction * side));
    }

    /**
     * Crop {@code index} of torchvision's {@code five_crop} order: 0 top-left, 1 top-right,
     * 2 bottom-left, 3 bottom-right, 4 centre.
     */
    static double[][][] crop(double[][][] image, int cropHeight, int cropWidth, int index) {
        int height = image[0].length;
        int width = image[0][0].length;
        int top = switch (index) {
            case 0, 1 -> 0;
            case 2, 3 -> height - cropHeight;
            default -> (int) Math.rint((height - cropHeight) / 2.0);
        };
        int left = switch (index) {
            case 0, 2 -> 0;
            case 1, 3 -> width - cropWidth;
            default -> (int) Math.rint((width - cropWidth) / 2.0);
        };
        double[][][] out = new double[image.length][cropHeight][cropWidth];
        for (int c = 0; c < image.length; c++) {
            for (int y = 0; y < cropHeight; y++) {
                System.arraycopy(image[c][top + y], left, out[c][y], 0, cropWidth);
            }
        }
        return out;
    }

    /** Bilinear resize with half-pixel centres, as PyTorch's {@code interpolate(align_corners=False)}. */
    static double[][][] resizeBilinear(double[][][] image, int height, int width) {
        int inHeight = image[0].length;
        int inWidth = image[0][0].length;
        double[][][] out = new double[image.length][height][width];
        for (int y = 0; y < height; y++) {
            double sourceY = Math.max(0, (y + 0.5) * inHeight / height - 0.5);
            int y0 = (int) sourceY;
            int y1 = Math.min(y0 + 1, inHeight - 1);
            double wy = sourceY - y0;
            for (int x = 0; x < width; x++) {
                double sourceX = Math.max(0, (x + 0.5) * inWidth / width - 0.5);
                int x0 = (int) sourceX;
                int x1 = Math.min(x0 + 1, inWidth - 1);
                double wx = sourceX - x0;
                for (int c = 0; c < image.length; c++) {
                    double[][] plane = image[c];
                    out[c][y][x] = (1 - wy) * ((1 - wx) * plane[y0][x0] + wx * plane[y0][x1])
                            + wy * ((1 - wx) * plane[y1][x0] + wx * plane[y1][x1]);
                }
            }
        }
        return out;
    }
}
