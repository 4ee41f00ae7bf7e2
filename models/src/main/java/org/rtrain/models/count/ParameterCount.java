package org.rtrain.models.count;

import java.util.Map;
import java.util.Set;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.layers.FrozenLayer;
import org.deeplearning4j.nn.layers.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.rtrain.perturb.NetworkAdapter;

/**
 * Trainable parameters of a network, as papers count them: DL4J's {@code numParams()} also counts
 * batch normalisation's running mean and variance, which are statistics, not parameters.
 */
public final class ParameterCount {

    private static final Set<String> BATCH_NORM_STATISTICS = Set.of(BatchNormalizationParamInitializer.GLOBAL_MEAN,
            BatchNormalizationParamInitializer.GLOBAL_VAR, BatchNormalizationParamInitializer.GLOBAL_LOG_STD);

    private ParameterCount() {
    }

    /** Trainable parameters of an initialised MultiLayerNetwork or ComputationGraph. */
    public static long trainable(Model network) {
        long total = 0;
        for (Layer layer : NetworkAdapter.of(network).layers()) {
            if (layer instanceof FrozenLayer || layer instanceof FrozenLayerWithBackprop) {
                continue;
            }
            boolean batchNorm = layer instanceof org.deeplearning4j.nn.layers.normalization.BatchNormalization;
            for (Map.Entry<String, INDArray> entry : layer.paramTable(false).entrySet()) {
                if (!(batchNorm && BATCH_NORM_STATISTICS.contains(entry.getKey()))) {
                    total += entry.getValue().length();
                }
            }
        }
        return total;
    }
}
