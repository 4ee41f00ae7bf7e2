package org.rtrain.models.zoo;

/**
 * The images a network classifies.
 *
 * @param channels image channels (1 grey, 3 colour)
 * @param height   image height in pixels
 * @param width    image width in pixels
 * @param classes  number of classes
 */
public record InputShape(int channels, int height, int width, int classes) {

    public InputShape {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("input shape must be positive, got " + channels + "x" + height + "x"
                    + width);
        }
        if (classes < 2) {
            throw new IllegalArgumentException("classes must be >= 2, got " + classes);
        }
    }
}
