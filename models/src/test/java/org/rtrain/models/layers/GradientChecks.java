package org.rtrain.models.layers;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The finite-difference gradient checks of this module's tests, as DL4J's own gradient-check tests run them: in
 * double precision, with a step of 1e-6 and a relative error of at most 1e-5 above an absolute floor.
 */
public final class GradientChecks {

    private GradientChecks() {
    }

    /** Runs {@code check} with ND4J's default floating-point type set to double, then restores the former default. */
    public static void inDoublePrecision(Runnable check) {
        DataType defaultType = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            check.run();
        } finally {
            Nd4j.setDefaultDataTypes(defaultType, defaultType);
        }
    }

    /** The check of every parameter of {@code graph} on one batch; differences below {@code minAbsoluteError} pass. */
    public static GradientCheckUtil.GraphConfig of(ComputationGraph graph, INDArray[] inputs, INDArray[] labels,
                                                   double minAbsoluteError) {
        return new GradientCheckUtil.GraphConfig().net(graph).inputs(inputs).labels(labels).epsilon(1e-6)
                .maxRelError(1e-5).minAbsoluteError(minAbsoluteError);
    }

    /** The check of every parameter of {@code network} on one batch; differences below {@code minAbsoluteError} pass. */
    public static GradientCheckUtil.MLNConfig of(MultiLayerNetwork network, INDArray input, INDArray labels,
                                                 double minAbsoluteError) {
        return new GradientCheckUtil.MLNConfig().net(network).input(input).labels(labels).epsilon(1e-6)
                .maxRelError(1e-5).minAbsoluteError(minAbsoluteError);
    }
}
