package org.rtrain.models.zoo;

import java.util.List;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.TrainingListener;

/**
 * {@link CondenseNet} as an {@link Architecture}: the training-time network with learned group
 * convolutions.
 *
 * @param blockLayers            dense layers per block (CondenseNet-74: 4, 6, 8, 10, 8)
 * @param growthRates            growth rate k of each block (CondenseNet-74: 8, 16, 32, 64, 128)
 * @param bottleneckWidth        the 1x1 convolution outputs {@code bottleneckWidth * k} channels (4)
 * @param groups                 groups G of the learned 1x1 and of the 3x3 group convolutions
 * @param condenseFactor         condensation factor C: each group of a 1x1 ends with 1/C of its inputs
 * @param groupLassoCoefficient  lambda of the group-lasso regulariser during condensation; 0 disables it
 *                               (the official code's default)
 * @param classifierKeepFraction fraction of classifier inputs the test-time network keeps, those with the
 *                               largest L1 norm of weights, in (0, 1]; the official conversion keeps 0.5
 */
public record CondenseNetArchitecture(List<Integer> blockLayers, List<Integer> growthRates, int bottleneckWidth,
                                      int groups, int condenseFactor, double groupLassoCoefficient,
                                      double classifierKeepFraction) implements Architecture {

    public CondenseNetArchitecture {
        blockLayers = List.copyOf(blockLayers);
        growthRates = List.copyOf(growthRates);
        if (blockLayers.isEmpty() || blockLayers.size() != growthRates.size()) {
            throw new IllegalArgumentException("CondenseNet needs one growth rate per block, got blockLayers "
                    + blockLayers + " and growthRates " + growthRates);
        }
        if (blockLayers.stream().anyMatch(n -> n < 1) || growthRates.stream().anyMatch(k -> k < 1)) {
            throw new IllegalArgumentException("CondenseNet blockLayers and growthRates must be >= 1, got "
                    + blockLayers + " and " + growthRates);
        }
        if (bottleneckWidth < 1 || groups < 1 || condenseFactor < 1) {
            throw new IllegalArgumentException("CondenseNet bottleneckWidth, groups and condenseFactor must be >= 1, got "
                    + bottleneckWidth + ", " + groups + ", " + condenseFactor);
        }
        if (!(groupLassoCoefficient >= 0) || Double.isInfinite(groupLassoCoefficient)) {
            throw new IllegalArgumentException("CondenseNet groupLassoCoefficient must be finite and >= 0, got "
                    + groupLassoCoefficient);
        }
        if (!(classifierKeepFraction > 0 && classifierKeepFraction <= 1)) {
            throw new IllegalArgumentException("CondenseNet classifierKeepFraction must be in (0, 1], got "
                    + classifierKeepFraction);
        }
        int channels = 2 * growthRates.get(0);
        for (int b = 0; b < blockLayers.size(); b++) {
            int k = growthRates.get(b);
            if ((bottleneckWidth * k) % groups != 0 || k % groups != 0) {
                throw new IllegalArgumentException("CondenseNet block " + (b + 1) + ": growth rate " + k + " and "
                        + "bottleneck width " + bottleneckWidth * k + " must be divisible by groups " + groups);
            }
            for (int l = 0; l < blockLayers.get(b); l++) {
                if (channels % groups != 0 || channels % condenseFactor != 0) {
                    throw new IllegalArgumentException("CondenseNet block " + (b + 1) + " layer " + (l + 1) + ": its "
                            + channels + " input channels must be divisible by groups " + groups
                            + " and condenseFactor " + condenseFactor);
                }
                channels += k;
            }
        }
    }

    /**
     * CondenseNet-74 for ImageNet with {@code G = C = groups} (the paper's 4 and 8), without group lasso,
     * keeping half of the classifier inputs at test time, as the official code does.
     */
    public static CondenseNetArchitecture imagenet74(int groups) {
        return new CondenseNetArchitecture(List.of(4, 6, 8, 10, 8), List.of(8, 16, 32, 64, 128), 4, groups, groups,
                0.0, 0.5);
    }

    /** Channels entering the classifier. */
    public int finalChannels() {
        int channels = 2 * growthRates.get(0);
        for (int b = 0; b < blockLayers.size(); b++) {
            channels += blockLayers.get(b) * growthRates.get(b);
        }
        return channels;
    }

    /** The training-time network; see {@link CondenseNet#network}. */
    @Override
    public ComputationGraph network(ModelSettings settings) {
        return CondenseNet.network(this, settings);
    }

    /** The condensation schedule over the first half of training (Huang et al. 2018, section 3). */
    @Override
    public List<TrainingListener> trainingListeners(long totalIterations) {
        return List.of(new CondensationListener(totalIterations));
    }

    /** The condensed test-time network, index-select then group convolutions: {@link CondenseNet#inferenceNetwork}. */
    @Override
    public ComputationGraph inferenceNetwork(Model trained, ModelSettings settings) {
        return CondenseNet.inferenceNetwork((ComputationGraph) trained, this, settings);
    }
}
