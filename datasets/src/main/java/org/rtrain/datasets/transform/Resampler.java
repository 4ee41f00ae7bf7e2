package org.rtrain.datasets.transform;

import org.rtrain.datasets.image.Image;

/**
 * Bilinear resampling of a rectangle of an image to a new size, antialiased when shrinking: the
 * triangle filter is widened by the scale factor, as Pillow's {@code BILINEAR} resize (and
 * torchvision's {@code antialias=True}) does, so a 500-pixel crop shrunk to 224 averages every source
 * pixel instead of sampling a quarter of them. Separable: one horizontal pass, one vertical pass,
 * with the filter taps of each output row and column computed once.
 */
final class Resampler {

    private Resampler() {
    }

    /** Taps of a one-dimensional resampling: output {@code i} reads {@code count[i]} inputs from {@code first[i]}. */
    private record Taps(int[] first, int[] count, float[] weights, int maxCount) {
    }

    /**
     * Resamples the rectangle {@code [top, top + cropHeight) x [left, left + cropWidth)} of
     * {@code image} to {@code outHeight x outWidth}; pixels outside the rectangle never contribute.
     */
    static Image resizedCrop(Image image, int top, int left, int cropHeight, int cropWidth, int outHeight,
                             int outWidth) {
        return window(image, top, left, cropHeight, cropWidth, outHeight, outWidth, 0, 0, outHeight, outWidth);
    }

    /** Resamples the whole image to {@code outHeight x outWidth}. */
    static Image resize(Image image, int outHeight, int outWidth) {
        return resizedCrop(image, 0, 0, image.height(), image.width(), outHeight, outWidth);
    }

    /**
     * The {@code windowHeight x windowWidth} window at {@code (windowTop, windowLeft)} of the image
     * {@link #resizedCrop} would produce, computing only the outputs inside the window and reading
     * only the source rows they need.
     */
    static Image window(Image image, int top, int left, int cropHeight, int cropWidth, int outHeight, int outWidth,
                        int windowTop, int windowLeft, int windowHeight, int windowWidth) {
        if (top < 0 || left < 0 || cropHeight <= 0 || cropWidth <= 0 || top + cropHeight > image.height()
                || left + cropWidth > image.width()) {
            throw new IllegalArgumentException("crop " + cropHeight + "x" + cropWidth + " at (" + top + ", " + left
                    + ") does not fit the " + image.height() + "x" + image.width() + " image");
        }
        if (windowTop < 0 || windowLeft < 0 || windowTop + windowHeight > outHeight
                || windowLeft + windowWidth > outWidth) {
            throw new IllegalArgumentException("window " + windowHeight + "x" + windowWidth + " at (" + windowTop
                    + ", " + windowLeft + ") does not fit the " + outHeight + "x" + outWidth + " output");
        }
        int channels = image.channels();
        float[] source = image.pixels();
        int sourceRow = image.width() * channels;
        Taps vertical = taps(cropHeight, outHeight);
        Taps horizontal = taps(cropWidth, outWidth);
        int firstRow = vertical.first[windowTop];
        int endRow = 0;
        for (int y = windowTop; y < windowTop + windowHeight; y++) {
            endRow = Math.max(endRow, vertical.first[y] + vertical.count[y]);
        }

        int rowLength = windowWidth * channels;
        float[] rows = new float[(endRow - firstRow) * rowLength];
        for (int y = firstRow; y < endRow; y++) {
            int in = (top + y) * sourceRow + left * channels;
            int out = (y - firstRow) * rowLength;
            for (int x = 0; x < windowWidth; x++) {
                int outX = windowLeft + x;
                int weightBase = outX * horizontal.maxCount;
                int from = in + horizontal.first[outX] * channels;
                int target = out + x * channels;
                for (int k = 0; k < horizontal.count[outX]; k++) {
                    float weight = horizontal.weights[weightBase + k];
                    int at = from + k * channels;
                    for (int c = 0; c < channels; c++) {
                        rows[target + c] += weight * source[at + c];
                    }
                }
            }
        }

        float[] result = new float[windowHeight * rowLength];
        for (int y = 0; y < windowHeight; y++) {
            int outY = windowTop + y;
            int weightBase = outY * vertical.maxCount;
            int out = y * rowLength;
            for (int k = 0; k < vertical.count[outY]; k++) {
                float weight = vertical.weights[weightBase + k];
                int in = (vertical.first[outY] + k - firstRow) * rowLength;
                for (int i = 0; i < rowLength; i++) {
                    result[out + i] += weight * rows[in + i];
                }
            }
        }
        // Each output is a convex combination of pixels in [0, 1], but float weights that sum to 1 only up to
        // rounding can overshoot by an ulp: keep the pixel range exact (attacks check it).
        for (int i = 0; i < result.length; i++) {
            result[i] = Math.min(1f, Math.max(0f, result[i]));
        }
        return new Image(windowHeight, windowWidth, channels, result);
    }

    private static Taps taps(int inSize, int outSize) {
        double scale = (double) inSize / outSize;
        double filterScale = Math.max(scale, 1.0);
        double support = filterScale;
        int maxCount = (int) Math.ceil(support) * 2 + 1;
        int[] first = new int[outSize];
        int[] count = new int[outSize];
        float[] weights = new float[outSize * maxCount];
        double[] raw = new double[maxCount];
        for (int i = 0; i < outSize; i++) {
            double center = (i + 0.5) * scale;
            int min = Math.max(0, (int) (center - support + 0.5));
            int max = Math.min(inSize, (int) (center + support + 0.5));
            double total = 0;
            int n = 0;
            for (int j = min; j < max && n < maxCount; j++, n++) {
                double w = Math.max(0, 1 - Math.abs((j + 0.5 - center) / filterScale));
                raw[n] = w;
                total += w;
            }
            if (total == 0) {
                // Upsampling right at the border: take the nearest pixel.
                min = Math.min(inSize - 1, Math.max(0, (int) center));
                n = 1;
                raw[0] = 1;
                total = 1;
            }
            first[i] = min;
            count[i] = n;
            for (int k = 0; k < n; k++) {
                weights[i * maxCount + k] = (float) (raw[k] / total);
            }
        }
        return new Taps(first, count, weights, maxCount);
    }
}
