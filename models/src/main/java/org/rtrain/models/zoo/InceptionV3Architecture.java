package org.rtrain.models.zoo;

import java.util.Objects;

import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * {@link InceptionV3} as an {@link Architecture}.
 *
 * @param stem            {@link Stem#IMAGENET} (299x299, the paper's network) or {@link Stem#CIFAR} (32x32)
 * @param widthMultiplier every layer's channels are scaled by this factor (at least 1 channel), in (0, 1];
 *                        1 is the published network, small values give smoke-test networks
 * @param auxiliaryHead   adds the auxiliary classifier on the 17x17 grid as a second output
 *                        ({@code aux_output}, loss weight 0.4); ImageNet stem only
 * @param dropRate        probability of dropping a classifier input, in [0, 1)
 */
public record InceptionV3Architecture(Stem stem, double widthMultiplier, boolean auxiliaryHead, double dropRate)
        implements Architecture {

    /** How the network reduces the image before the first Inception module. */
    public enum Stem {
        /** The paper's 299x299 stem: three strided reductions to a 35x35 grid. */
        IMAGENET,
        /** The 32x32 adaptation of github.com/weiaicunzai/pytorch-cifar100: no reduction, a 30x30 grid. */
        CIFAR
    }

    public InceptionV3Architecture {
        Objects.requireNonNull(stem, "stem");
        if (!(widthMultiplier > 0 && widthMultiplier <= 1)) {
            throw new IllegalArgumentException("InceptionV3 widthMultiplier must be in (0, 1], got " + widthMultiplier);
        }
        if (!(dropRate >= 0 && dropRate < 1)) {
            throw new IllegalArgumentException("InceptionV3 dropRate must be in [0, 1), got " + dropRate);
        }
        if (auxiliaryHead && stem != Stem.IMAGENET) {
            throw new IllegalArgumentException("InceptionV3 auxiliaryHead needs the IMAGENET stem: the CIFAR stem's "
                    + "14x14 grid is too small for its 5x5 pooling and 5x5 convolution");
        }
    }

    /** The ImageNet network of Szegedy et al. (2016), without the auxiliary head, dropout 0.5. */
    public static InceptionV3Architecture imagenet() {
        return new InceptionV3Architecture(Stem.IMAGENET, 1.0, false, 0.5);
    }

    /** The reproduced paper's Table 5 network for CIFAR-100, dropout 0.5. */
    public static InceptionV3Architecture cifar() {
        return new InceptionV3Architecture(Stem.CIFAR, 1.0, false, 0.5);
    }

    @Override
    public ComputationGraph network(ModelSettings settings) {
        return InceptionV3.network(this, settings);
    }
}
