package org.rtrain.attacks.disturbance;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Applies a disturbance to a batch of images laid out as NCHW or NHWC, one image at a time as a
 * {@code [channel][row][column]} array, into a new array of the same shape and data type.
 */
final class ImageBatch {

    private ImageBatch() {
    }

    /**
     * {@code disturbance} applied to every image of {@code images} in batch order, drawing from
     * {@code random}; {@code images} is not modified.
     */
    static INDArray map(INDArray images, CNN2DFormat format, SplittableRandom random, Disturbance disturbance) {
        if (images.rank() != 4) {
            throw new IllegalArgumentException(disturbance.name() + ": expected a batch of images [batch, "
                    + (format == CNN2DFormat.NCHW ? "channels, height, width" : "height, width, channels")
                    + "] (" + format + "), got shape " + Arrays.toString(images.shape()));
        }
        boolean nchw = format == CNN2DFormat.NCHW;
        int n = Math.toIntExact(images.size(0));
        int channels = Math.toIntExact(images.size(nchw ? 1 : 3));
        int height = Math.toIntExact(images.size(nchw ? 2 : 1));
        int width = Math.toIntExact(images.size(nchw ? 3 : 2));
        double[] in = images.dup('c').data().asDouble();
        double[] out = new double[in.length];
        int size = channels * height * width;
        for (int i = 0; i < n; i++) {
            double[][][] image = new double[channels][height][width];
            for (int c = 0; c < channels; c++) {
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        image[c][y][x] = in[i * size + index(nchw, channels, height, width, c, y, x)];
                    }
                }
            }
            double[][][] result = disturbance.disturb(image, random);
            for (int c = 0; c < channels; c++) {
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        out[i * size + index(nchw, channels, height, width, c, y, x)] = result[c][y][x];
                    }
                }
            }
        }
        return Nd4j.create(out, images.shape(), 'c').castTo(images.dataType());
    }

    /** Throws unless the image has 1 (grey) or 3 (RGB) channels. */
    static void requireGreyOrRgb(double[][][] image, String who) {
        if (image.length != 1 && image.length != 3) {
            throw new IllegalArgumentException(who + ": images must have 1 (grey) or 3 (RGB) channels, got "
                    + image.length + "; is the layout (NCHW/NHWC) the right one?");
        }
    }

    /** The ITU-R 601-2 luma {@code 0.299 R + 0.587 G + 0.114 B} of an RGB pixel, or the grey value itself. */
    static double luma(double[][][] image, int y, int x) {
        return image.length == 1 ? image[0][y][x]
                : 0.299 * image[0][y][x] + 0.587 * image[1][y][x] + 0.114 * image[2][y][x];
    }

    private static int index(boolean nchw, int channels, int height, int width, int c, int y, int x) {
        return nchw ? (c * height + y) * width + x : (y * width + x) * channels + c;
    }
}
