package org.rtrain.datasets.transform;

/**
 * A rectangle of an image.
 *
 * @param top    first row
 * @param left   first column
 * @param height rows
 * @param width  columns
 */
public record CropBox(int top, int left, int height, int width) {

    public CropBox {
        if (top < 0 || left < 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("crop box needs top, left >= 0 and a positive size, got (" + top
                    + ", " + left + ") " + height + "x" + width);
        }
    }
}
