package org.rtrain.models;

import java.util.Objects;

/**
 * What a zoo network is built with apart from its {@link Architecture}: the data it sees, how it is
 * trained and its seed.
 *
 * @param input         image shape and number of classes
 * @param normalization per-channel normalisation applied inside the network, so that it takes pixels in [0, 1]
 * @param perturbation  the sign perturbation (R- variants), or {@link PerturbationSettings#none()}
 * @param optimizer     SGD settings, learning-rate schedule and weight decay
 * @param seed          seed of the weight initialisation and of DL4J's random stream
 */
public record ModelSettings(InputShape input, PixelNormalization normalization, PerturbationSettings perturbation,
                            OptimizerSettings optimizer, long seed) {

    public ModelSettings {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(normalization, "normalization");
        Objects.requireNonNull(perturbation, "perturbation");
        Objects.requireNonNull(optimizer, "optimizer");
    }
}
