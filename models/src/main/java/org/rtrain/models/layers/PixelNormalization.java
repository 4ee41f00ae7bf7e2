package org.rtrain.models.layers;

import java.util.List;

/**
 * Per-channel normalisation {@code (x - mean[c]) / std[c]} that a network applies to its input
 * pixels in [0, 1], so that attacks and disturbances work in pixel space while the layers see
 * normalised data.
 *
 * @param mean per-channel mean in pixel units
 * @param std  per-channel standard deviation in pixel units, each {@code > 0}
 */
public record PixelNormalization(List<Double> mean, List<Double> std) {

    public PixelNormalization {
        mean = List.copyOf(mean);
        std = List.copyOf(std);
        if (mean.size() != std.size() || mean.isEmpty()) {
            throw new IllegalArgumentException("normalisation needs one mean and one std per channel, got "
                    + mean.size() + " means and " + std.size() + " stds");
        }
        for (int c = 0; c < std.size(); c++) {
            if (!(std.get(c) > 0) || Double.isInfinite(std.get(c)) || !Double.isFinite(mean.get(c))) {
                throw new IllegalArgumentException("channel " + c + ": mean must be finite and std finite and > 0, got "
                        + mean.get(c) + " and " + std.get(c));
            }
        }
    }

    /** No normalisation: the network sees pixels in [0, 1] (LeNet, as in Caffe). */
    public static PixelNormalization identity(int channels) {
        return new PixelNormalization(java.util.Collections.nCopies(channels, 0.0),
                java.util.Collections.nCopies(channels, 1.0));
    }

    /** True when this normalisation changes nothing. */
    public boolean isIdentity() {
        return mean.stream().allMatch(m -> m == 0.0) && std.stream().allMatch(s -> s == 1.0);
    }

    /** Number of channels. */
    public int channels() {
        return mean.size();
    }
}
