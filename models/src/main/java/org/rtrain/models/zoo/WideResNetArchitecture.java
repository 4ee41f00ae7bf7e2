package org.rtrain.models.zoo;

import java.util.Objects;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * {@link WideResNet} as an {@link Architecture}: WRN-{@code depth}-{@code widenFactor}.
 *
 * @param depth       {@code 6n + 4} layers with weights (n >= 1 blocks per stage): 10, 16, 22, 28, 40, ...
 * @param widenFactor multiplier k of the stage widths 16, 32 and 64, {@code >= 1}
 * @param dropRate    probability of dropping an activation between the two convolutions of a
 *                    block, in [0, 1); 0 disables dropout
 * @param dataFormat  layout of the input and of the convolutional activations
 */
public record WideResNetArchitecture(int depth, int widenFactor, double dropRate, CNN2DFormat dataFormat)
        implements Architecture {

    public WideResNetArchitecture {
        if (depth < 10 || (depth - 4) % 6 != 0) {
            throw new IllegalArgumentException("WideResNet depth must be 6n + 4 with n >= 1 (10, 16, 22, 28, 40, "
                    + "...), got " + depth);
        }
        if (widenFactor < 1) {
            throw new IllegalArgumentException("WideResNet widenFactor must be >= 1, got " + widenFactor);
        }
        if (!(dropRate >= 0 && dropRate < 1)) {
            throw new IllegalArgumentException("WideResNet dropRate must be in [0, 1), got " + dropRate);
        }
        Objects.requireNonNull(dataFormat, "dataFormat");
    }

    /** WRN-d-k with the paper's CIFAR dropout 0.3, channels-first. */
    public static WideResNetArchitecture cifar(int depth, int widenFactor) {
        return new WideResNetArchitecture(depth, widenFactor, 0.3, CNN2DFormat.NCHW);
    }

    /** WRN-d-k with the dropout of the authors' SVHN script, 0.4, channels-first. */
    public static WideResNetArchitecture svhn(int depth, int widenFactor) {
        return new WideResNetArchitecture(depth, widenFactor, 0.4, CNN2DFormat.NCHW);
    }

    /** Residual blocks per stage. */
    public int blocksPerStage() {
        return (depth - 4) / 6;
    }

    @Override
    public ComputationGraph network(ModelSettings settings) {
        return WideResNet.network(this, settings);
    }

    @Override
    public CNN2DFormat inputFormat() {
        return dataFormat;
    }
}
