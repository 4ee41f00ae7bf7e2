package org.rtrain.datasets.transform;

import java.util.List;
import java.util.SplittableRandom;

import org.rtrain.datasets.image.Image;
import org.rtrain.datasets.image.ImageTransform;

/**
 * Subtracts a per-channel mean and divides by a per-channel standard deviation:
 * {@code x' = (x - mean[c]) / std[c]}.
 *
 * <p>The models of this project normalise inside the network (so that attacks work on [0, 1]
 * pixels), so the training pipeline normally does not use this; it is here for models that expect
 * normalised input and for checking statistics. Draws nothing from the generator.
 *
 * @param mean per-channel mean, one value per channel
 * @param std  per-channel standard deviation, positive, as many values as {@code mean}
 */
public record Normalization(List<Double> mean, List<Double> std) implements ImageTransform {

    public Normalization {
        mean = List.copyOf(mean);
        std = List.copyOf(std);
        if (mean.isEmpty() || mean.size() != std.size()) {
            throw new IllegalArgumentException("mean and std need one value per channel each, got " + mean.size()
                    + " and " + std.size());
        }
        for (int c = 0; c < std.size(); c++) {
            if (!(std.get(c) > 0) || !Double.isFinite(std.get(c)) || !Double.isFinite(mean.get(c))) {
                throw new IllegalArgumentException("std[" + c + "] must be positive and mean[" + c
                        + "] finite, got std " + std.get(c) + ", mean " + mean.get(c));
            }
        }
    }

    @Override
    public Image apply(Image image, SplittableRandom random) {
        int channels = image.channels();
        if (channels != mean.size()) {
            throw new IllegalArgumentException("normalisation has " + mean.size() + " channels, image has "
                    + channels);
        }
        float[] shift = new float[channels];
        float[] scale = new float[channels];
        for (int c = 0; c < channels; c++) {
            shift[c] = mean.get(c).floatValue();
            scale[c] = (float) (1 / std.get(c));
        }
        float[] source = image.pixels();
        float[] out = new float[source.length];
        for (int i = 0; i < source.length; i++) {
            int c = i % channels;
            out[i] = (source[i] - shift[c]) * scale[c];
        }
        return new Image(image.height(), image.width(), channels, out);
    }
}
