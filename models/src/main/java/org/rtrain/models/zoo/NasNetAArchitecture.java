package org.rtrain.models.zoo;

import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * {@link NasNetA} as an {@link Architecture}, named as the paper does: "N @ P" is {@code cellRepeats}
 * normal cells per stage and {@code penultimateFilters} channels before the classifier.
 *
 * @param cellRepeats             normal cells N in each of the three stages, {@code >= 1}
 * @param penultimateFilters      channels of the last cells' output, a positive multiple of 96: the cells of
 *                                the three stages have {@code P/24}, {@code P/12} and {@code P/6} filters, the
 *                                two stem cells {@code P/96} and {@code P/48}
 * @param stemFilters             filters of the first 3x3 convolution, {@code >= 1}
 * @param skipReductionLayerInput after a reduction cell, feed the next normal cell the reduction cell's own
 *                                previous input instead of its input (TF-slim's {@code skip_reduction_layer_input}:
 *                                true for Large, false for Mobile)
 * @param dropRate                probability of dropping a classifier input, in [0, 1)
 */
public record NasNetAArchitecture(int cellRepeats, int penultimateFilters, int stemFilters,
                                  boolean skipReductionLayerInput, double dropRate) implements Architecture {

    public NasNetAArchitecture {
        if (cellRepeats < 1 || stemFilters < 1) {
            throw new IllegalArgumentException("NASNet-A cellRepeats and stemFilters must be >= 1, got " + cellRepeats
                    + " and " + stemFilters);
        }
        if (penultimateFilters < 96 || penultimateFilters % 96 != 0) {
            throw new IllegalArgumentException("NASNet-A penultimateFilters must be a positive multiple of 96 (24 per "
                    + "cell filter, and the first stem cell has a quarter of those), got " + penultimateFilters);
        }
        if (!(dropRate >= 0 && dropRate < 1)) {
            throw new IllegalArgumentException("NASNet-A dropRate must be in [0, 1), got " + dropRate);
        }
    }

    /** NASNet-A Large, 6 @ 4032, for 331x331 inputs (Zoph et al. 2018), dropout 0.5 as TF-slim. */
    public static NasNetAArchitecture large() {
        return new NasNetAArchitecture(6, 4032, 96, true, 0.5);
    }

    /** NASNet-A Mobile, 4 @ 1056, for 224x224 inputs, dropout 0.5 as TF-slim. */
    public static NasNetAArchitecture mobile() {
        return new NasNetAArchitecture(4, 1056, 32, false, 0.5);
    }

    @Override
    public ComputationGraph network(ModelSettings settings) {
        return NasNetA.network(this, settings);
    }
}
