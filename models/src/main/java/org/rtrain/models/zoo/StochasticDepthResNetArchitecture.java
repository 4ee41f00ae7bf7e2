package org.rtrain.models.zoo;

import java.util.Objects;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * {@link StochasticDepthResNet} as an {@link Architecture}: a CIFAR-style ResNet of {@code depth}
 * layers whose residual blocks are dropped in training with linearly decaying survival probability.
 *
 * @param depth                    {@code 6n + 2} layers with weights (n >= 1 blocks per stage); 110 in the paper
 * @param baseWidth                channels of the first stage (then 2x and 4x), {@code >= 1}; 16 in the paper
 * @param finalSurvivalProbability survival probability of the last block, in (0, 1]; 0.5 in the paper,
 *                                 1 for a plain ResNet
 * @param dataFormat               layout of the input and of the convolutional activations
 */
public record StochasticDepthResNetArchitecture(int depth, int baseWidth, double finalSurvivalProbability,
                                                CNN2DFormat dataFormat) implements Architecture {

    public StochasticDepthResNetArchitecture {
        if (depth < 8 || (depth - 2) % 6 != 0) {
            throw new IllegalArgumentException("StochasticDepthResNet depth must be 6n + 2 with n >= 1 (8, 14, 20, "
                    + "..., 110), got " + depth);
        }
        if (baseWidth < 1) {
            throw new IllegalArgumentException("StochasticDepthResNet baseWidth must be >= 1, got " + baseWidth);
        }
        if (!(finalSurvivalProbability > 0 && finalSurvivalProbability <= 1)) {
            throw new IllegalArgumentException("StochasticDepthResNet finalSurvivalProbability must be in (0, 1], got "
                    + finalSurvivalProbability);
        }
        Objects.requireNonNull(dataFormat, "dataFormat");
    }

    /** The paper's ResNet-110: 16/32/64 channels, survival decaying linearly to 0.5, channels-first. */
    public static StochasticDepthResNetArchitecture paper() {
        return new StochasticDepthResNetArchitecture(110, 16, 0.5, CNN2DFormat.NCHW);
    }

    /** Residual blocks per stage. */
    public int blocksPerStage() {
        return (depth - 2) / 6;
    }

    /**
     * Survival probability of block {@code block} (1-based, of {@code 3 * blocksPerStage()}):
     * {@code 1 - block / blocks * (1 - finalSurvivalProbability)}, as the authors' code sets it.
     */
    public double survivalProbability(int block) {
        int blocks = 3 * blocksPerStage();
        if (block < 1 || block > blocks) {
            throw new IllegalArgumentException("block must be in [1, " + blocks + "], got " + block);
        }
        return 1.0 - (double) block / blocks * (1.0 - finalSurvivalProbability);
    }

    @Override
    public ComputationGraph network(ModelSettings settings) {
        return StochasticDepthResNet.network(this, settings);
    }

    @Override
    public CNN2DFormat inputFormat() {
        return dataFormat;
    }
}
