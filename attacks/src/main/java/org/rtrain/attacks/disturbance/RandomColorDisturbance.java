package org.rtrain.attacks.disturbance;

import java.util.SplittableRandom;

import org.rtrain.attacks.PixelRange;

/**
 * Random colour jitter: brightness, contrast, saturation and hue changed by random amounts, in a
 * random order, per image.
 *
 * <p>torchvision's {@code ColorJitter(brightness, contrast, saturation, hue)} and its algorithms:
 * for each image the four adjustments are put in a random order, then factors are drawn uniformly,
 * {@code b, c, s} from {@code [max(0, 1 - strength), 1 + strength]} and {@code h} from
 * {@code [-hue, hue]}; a zero strength skips that adjustment. With {@code blend(a, b, f) =
 * clip(f * a + (1 - f) * b, 0, 1)} and the ITU-R 601-2 luma {@code L}:
 * brightness {@code blend(x, 0, b)}; contrast {@code blend(x, mean(L), c)}, the mean over the whole
 * image; saturation {@code blend(x, L, s)}; hue: to HSV, {@code H <- (H + h) mod 1}, back to RGB.
 * A grey (1-channel) image gets brightness and contrast only, as in torchvision.
 *
 * <p>The standard strengths (0.4, 0.4, 0.4, 0.1) are SimCLR's colour distortion at strength 0.5,
 * the value it uses on CIFAR-10 ({@code ColorJitter(0.8 s, 0.8 s, 0.8 s, 0.2 s)}; Chen et al., "A
 * simple framework for contrastive learning of visual representations", 2020, appendix A and B.9);
 * 0.4 for brightness, contrast and saturation is also the ImageNet setting of fb.resnet.torch.
 *
 * @param brightness strength of the brightness change, {@code >= 0}
 * @param contrast   strength of the contrast change, {@code >= 0}
 * @param saturation strength of the saturation change, {@code >= 0}
 * @param hue        largest hue shift as a fraction of the colour wheel, in [0, 0.5]
 */
public record RandomColorDisturbance(double brightness, double contrast, double saturation, double hue)
        implements Disturbance {

    /** Table 1's column name. */
    public static final String NAME = "random_color";

    public RandomColorDisturbance {
        requireStrength(brightness, "brightness");
        requireStrength(contrast, "contrast");
        requireStrength(saturation, "saturation");
        if (!(hue >= 0 && hue <= 0.5)) {
            throw new IllegalArgumentException("random_color hue must be in [0, 0.5], got " + hue);
        }
    }

    private static void requireStrength(double value, String field) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("random_color " + field + " must be a finite number >= 0, got " + value);
        }
    }

    /** Brightness, contrast and saturation 0.4, hue 0.1. */
    public static RandomColorDisturbance standard() {
        return new RandomColorDisturbance(0.4, 0.4, 0.4, 0.1);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public double[][][] disturb(double[][][] image, SplittableRandom random) {
        ImageBatch.requireGreyOrRgb(image, NAME);
        int[] order = {0, 1, 2, 3};
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        double brightnessFactor = factor(brightness, random);
        double contrastFactor = factor(contrast, random);
        double saturationFactor = factor(saturation, random);
        double hueShift = hue > 0 ? -hue + 2 * hue * random.nextDouble() : 0;
        double[][][] out = image;
        for (int adjustment : order) {
            out = switch (adjustment) {
                case 0 -> brightness > 0 ? adjustBrightness(out, brightnessFactor) : out;
                case 1 -> contrast > 0 ? adjustContrast(out, contrastFactor) : out;
                case 2 -> saturation > 0 ? adjustSaturation(out, saturationFactor) : out;
                default -> hue > 0 ? adjustHue(out, hueShift) : out;
            };
        }
        return out;
    }

    private static double factor(double strength, SplittableRandom random) {
        if (strength == 0) {
            return 1;
        }
        double low = Math.max(0, 1 - strength);
        return low + (1 + strength - low) * random.nextDouble();
    }

    /** {@code clip(factor * x, 0, 1)}. */
    static double[][][] adjustBrightness(double[][][] image, double factor) {
        return blend(image, (c, y, x) -> 0, factor);
    }

    /** {@code clip(factor * x + (1 - factor) * mean(luma), 0, 1)}. */
    static double[][][] adjustContrast(double[][][] image, double factor) {
        int height = image[0].length;
        int width = image[0][0].length;
        double sum = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                sum += ImageBatch.luma(image, y, x);
            }
        }
        double mean = sum / (height * width);
        return blend(image, (c, y, x) -> mean, factor);
    }

    /** {@code clip(factor * x + (1 - factor) * luma(x), 0, 1)}; a grey image is returned as it is. */
    static double[][][] adjustSaturation(double[][][] image, double factor) {
        if (image.length == 1) {
            return image;
        }
        return blend(image, (c, y, x) -> ImageBatch.luma(image, y, x), factor);
    }

    /** Hue rotated by {@code shift} (a fraction of the colour wheel) in HSV; a grey image is returned as it is. */
    static double[][][] adjustHue(double[][][] image, double shift) {
        if (image.length == 1) {
            return image;
        }
        int height = image[0].length;
        int width = image[0][0].length;
        double[][][] out = new double[3][height][width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double r = image[0][y][x];
                double g = image[1][y][x];
                double b = image[2][y][x];
                // RGB -> HSV as torchvision's _rgb2hsv does it.
                double max = Math.max(r, Math.max(g, b));
                double min = Math.min(r, Math.min(g, b));
                double chroma = max - min;
                double saturation = max == min ? 0 : chroma / max;
                double divisor = max == min ? 1 : chroma;
                double rc = (max - r) / divisor;
                double gc = (max - g) / divisor;
                double bc = (max - b) / divisor;
                double h;
                if (max == r) {
                    h = bc - gc;
                } else if (max == g) {
                    h = 2.0 + rc - bc;
                } else {
                    h = 4.0 + gc - rc;
                }
                h = (h / 6.0 + 1.0) % 1.0;
                h = ((h + shift) % 1.0 + 1.0) % 1.0;
                // HSV -> RGB as torchvision's _hsv2rgb does it.
                double sector = Math.floor(h * 6.0);
                double f = h * 6.0 - sector;
                double p = clip(max * (1.0 - saturation));
                double q = clip(max * (1.0 - saturation * f));
                double t = clip(max * (1.0 - saturation * (1.0 - f)));
                double v = max;
                double[] rgb = switch (((int) sector) % 6) {
                    case 0 -> new double[] {v, t, p};
                    case 1 -> new double[] {q, v, p};
                    case 2 -> new double[] {p, v, t};
                    case 3 -> new double[] {p, q, v};
                    case 4 -> new double[] {t, p, v};
                    default -> new double[] {v, p, q};
                };
                for (int c = 0; c < 3; c++) {
                    out[c][y][x] = rgb[c];
                }
            }
        }
        return out;
    }

    @FunctionalInterface
    private interface Other {
        double at(int c, int y, int x);
    }

    private static double[][][] blend(double[][][] image, Other other, double factor) {
        int height = image[0].length;
        int width = image[0][0].length;
        double[][][] out = new double[image.length][height][width];
        for (int c = 0; c < image.length; c++) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    out[c][y][x] = clip(factor * image[c][y][x] + (1 - factor) * other.at(c, y, x));
                }
            }
        }
        return out;
    }

    private static double clip(double value) {
        return Math.min(PixelRange.MAX, Math.max(PixelRange.MIN, value));
    }
}
