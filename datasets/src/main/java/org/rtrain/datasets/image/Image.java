package org.rtrain.datasets.image;

/**
 * One decoded image: pixels in [0, 1], channels-last ({@code pixels[(y * width + x) * channels + c]}).
 *
 * @param height   rows
 * @param width    columns
 * @param channels 1 (grey) or 3 (RGB)
 * @param pixels   {@code height * width * channels} values in [0, 1]
 */
public record Image(int height, int width, int channels, float[] pixels) {

    public Image {
        if (height <= 0 || width <= 0 || channels <= 0) {
            throw new IllegalArgumentException("image shape must be positive, got " + height + "x" + width + "x"
                    + channels);
        }
        if (pixels.length != (long) height * width * channels) {
            throw new IllegalArgumentException("image " + height + "x" + width + "x" + channels + " needs "
                    + (long) height * width * channels + " pixels, got " + pixels.length);
        }
    }

    /** The value at row {@code y}, column {@code x}, channel {@code c}. */
    public float get(int y, int x, int c) {
        return pixels[(y * width + x) * channels + c];
    }
}
