package org.rtrain.models.zoo;

import java.util.Objects;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * {@link CapsNet} as an {@link Architecture}: the sizes of its layers and whether it has the
 * reconstruction decoder.
 *
 * @param convChannels             channels of the first (9x9, ReLU) convolution, {@code >= 1}; 256 in the paper
 * @param primaryCapsuleTypes      primary capsule channels (types), {@code >= 1}; 32 in the paper
 * @param primaryCapsuleDimensions values per primary capsule, {@code >= 1}; 8 in the paper
 * @param classCapsuleDimensions   values per class capsule, {@code >= 1}; 16 in the paper
 * @param routings                 iterations of routing by agreement, {@code >= 1}; 3 in the paper
 * @param reconstruction           with the reconstruction decoder: the network then takes the label as
 *                                 a second input and has a second output (see {@link CapsNet})
 * @param dataFormat               layout of the input and of the convolutional activations
 */
public record CapsNetArchitecture(int convChannels, int primaryCapsuleTypes, int primaryCapsuleDimensions,
                                  int classCapsuleDimensions, int routings, boolean reconstruction,
                                  CNN2DFormat dataFormat) implements Architecture {

    public CapsNetArchitecture {
        requirePositive(convChannels, "convChannels");
        requirePositive(primaryCapsuleTypes, "primaryCapsuleTypes");
        requirePositive(primaryCapsuleDimensions, "primaryCapsuleDimensions");
        requirePositive(classCapsuleDimensions, "classCapsuleDimensions");
        requirePositive(routings, "routings");
        Objects.requireNonNull(dataFormat, "dataFormat");
    }

    /**
     * The paper's CapsNet with 3 routing iterations and no decoder, the configuration of Sabour et
     * al.'s 0.35% MNIST error (Table 1) that the reproduced paper's CapsNet row matches; channels-last.
     */
    public static CapsNetArchitecture paper() {
        return new CapsNetArchitecture(256, 32, 8, 16, 3, false, CNN2DFormat.NHWC);
    }

    /** A copy with or without the reconstruction decoder. */
    public CapsNetArchitecture withReconstruction(boolean withDecoder) {
        return new CapsNetArchitecture(convChannels, primaryCapsuleTypes, primaryCapsuleDimensions,
                classCapsuleDimensions, routings, withDecoder, dataFormat);
    }

    @Override
    public ComputationGraph network(ModelSettings settings) {
        return CapsNet.network(this, settings);
    }

    @Override
    public CNN2DFormat inputFormat() {
        return dataFormat;
    }

    private static void requirePositive(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException("CapsNet " + name + " must be >= 1, got " + value);
        }
    }
}
