package org.rtrain.datasets;

import org.rtrain.datasets.image.Image;

/**
 * A split of equally sized images held in memory as unsigned bytes, in the layout of the file they
 * were read from (so reading is one copy), converted to [0, 1] floats in channels-last order when an
 * image is asked for. MNIST, CIFAR and SVHN load into this.
 */
public final class ByteImages implements LabelledImages {

    /** How the bytes of one image are ordered. */
    public enum Layout {
        /** Row by row, the channels of each pixel together: {@code (y * width + x) * channels + c} (IDX). */
        INTERLEAVED,
        /** One plane per channel, each row by row: {@code (c * height + y) * width + x} (CIFAR binary). */
        PLANAR,
        /**
         * One plane per channel, each column by column, MATLAB's order for an {@code H x W x C x N}
         * array: {@code (c * width + x) * height + y} (SVHN .mat).
         */
        PLANAR_COLUMN_MAJOR
    }

    private static final float[] UNIT = new float[256];

    static {
        for (int v = 0; v < 256; v++) {
            UNIT[v] = v / 255f;
        }
    }

    private final String description;
    private final int height;
    private final int width;
    private final int channels;
    private final Layout layout;
    private final byte[] pixels;
    private final int[] labels;
    private final int numClasses;
    private final String checksum;
    private final boolean verified;

    /**
     * Images {@code pixels[i * height * width * channels ...]} in {@code layout}, with their labels.
     *
     * @throws IllegalArgumentException when sizes disagree or a label is outside {@code [0, numClasses)}
     */
    public ByteImages(String description, int height, int width, int channels, Layout layout, byte[] pixels,
                      int[] labels, int numClasses, String checksum, boolean verified) {
        if (height <= 0 || width <= 0 || channels <= 0 || numClasses <= 0) {
            throw new IllegalArgumentException("image shape and class count must be positive, got " + height + "x"
                    + width + "x" + channels + ", " + numClasses + " classes");
        }
        long imageSize = (long) height * width * channels;
        if (pixels.length != imageSize * labels.length) {
            throw new IllegalArgumentException(description + ": " + labels.length + " images of " + imageSize
                    + " bytes need " + imageSize * labels.length + " bytes, got " + pixels.length);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException(description + ": label of image " + i + " is " + labels[i]
                        + ", expected 0 to " + (numClasses - 1));
            }
        }
        this.description = description;
        this.height = height;
        this.width = width;
        this.channels = channels;
        this.layout = layout;
        this.pixels = pixels;
        this.labels = labels;
        this.numClasses = numClasses;
        this.checksum = checksum;
        this.verified = verified;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public int numClasses() {
        return numClasses;
    }

    @Override
    public int label(int index) {
        return labels[index];
    }

    /** Image rows. */
    public int height() {
        return height;
    }

    /** Image columns. */
    public int width() {
        return width;
    }

    /** Channels per pixel. */
    public int channels() {
        return channels;
    }

    /** The stored byte (0 to 255) of image {@code index} at row {@code y}, column {@code x}, channel {@code c}. */
    public int rawValue(int index, int y, int x, int c) {
        long base = (long) index * height * width * channels;
        return pixels[(int) (base + offset(y, x, c))] & 0xff;
    }

    private int offset(int y, int x, int c) {
        return switch (layout) {
            case INTERLEAVED -> (y * width + x) * channels + c;
            case PLANAR -> (c * height + y) * width + x;
            case PLANAR_COLUMN_MAJOR -> (c * width + x) * height + y;
        };
    }

    @Override
    public Image image(int index) {
        int plane = height * width;
        int base = index * plane * channels;
        float[] out = new float[plane * channels];
        switch (layout) {
            case INTERLEAVED -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = UNIT[pixels[base + i] & 0xff];
                }
            }
            case PLANAR -> {
                for (int c = 0; c < channels; c++) {
                    int in = base + c * plane;
                    for (int p = 0; p < plane; p++) {
                        out[p * channels + c] = UNIT[pixels[in + p] & 0xff];
                    }
                }
            }
            case PLANAR_COLUMN_MAJOR -> {
                for (int c = 0; c < channels; c++) {
                    for (int x = 0; x < width; x++) {
                        int in = base + (c * width + x) * height;
                        for (int y = 0; y < height; y++) {
                            out[(y * width + x) * channels + c] = UNIT[pixels[in + y] & 0xff];
                        }
                    }
                }
            }
        }
        return new Image(height, width, channels, out);
    }

    @Override
    public String checksum() {
        return checksum;
    }

    @Override
    public boolean verified() {
        return verified;
    }
}
