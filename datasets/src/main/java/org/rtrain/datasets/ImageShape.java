package org.rtrain.datasets;

/**
 * The size of the images a dataset delivers to a network: rows, columns and channels.
 *
 * @param height   rows
 * @param width    columns
 * @param channels 1 (grey) or 3 (RGB)
 */
public record ImageShape(int height, int width, int channels) {

    public ImageShape {
        if (height <= 0 || width <= 0 || channels <= 0) {
            throw new IllegalArgumentException("image shape must be positive, got " + height + "x" + width + "x"
                    + channels);
        }
    }
}
