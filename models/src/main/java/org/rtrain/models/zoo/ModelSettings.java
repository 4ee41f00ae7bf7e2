package org.rtrain.models.zoo;

import java.util.Objects;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.rtrain.models.layers.PixelNormalization;
import org.rtrain.models.layers.PixelNormalizationPreProcessor;
import org.rtrain.models.training.OptimizerSettings;

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

    /**
     * The preprocessor that normalises the network's input pixels laid out as {@code format}, to
     * put on the first layer; null when the normalisation is the identity.
     */
    public PixelNormalizationPreProcessor inputPreProcessor(CNN2DFormat format) {
        if (normalization.channels() != input.channels()) {
            throw new IllegalArgumentException("normalization has " + normalization.channels()
                    + " channels but the input has " + input.channels());
        }
        return normalization.isIdentity() ? null : PixelNormalizationPreProcessor.of(normalization, format);
    }

    /** {@code conf} with the sign perturbation placed as {@link #perturbation()} says; {@code conf} itself when none. */
    public ComputationGraphConfiguration placePerturbation(ComputationGraphConfiguration conf) {
        return perturbation.isNone() ? conf : perturbation.placement().applyTo(conf, perturbation.perturbation());
    }

    /** {@link #placePerturbation(ComputationGraphConfiguration)} for a MultiLayerNetwork's configuration. */
    public MultiLayerConfiguration placePerturbation(MultiLayerConfiguration conf) {
        return perturbation.isNone() ? conf : perturbation.placement().applyTo(conf, perturbation.perturbation());
    }
}
