package org.rtrain.perturb.backend;

import java.util.Collection;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The second half of a custom DL4J layer configuration's {@code instantiate}, once it has created its runtime
 * layer: the steps DL4J's own layer configurations take, in their order (the parameter initialiser draws the
 * initial weights, so the order fixes which numbers each layer gets).
 */
public final class LayerInstantiation {

    private LayerInstantiation() {
    }

    /**
     * Gives {@code layer} its listeners, index and parameters, the latter initialised by {@code initializer} in
     * {@code paramsView} when {@code initializeParams}, and its configuration; returns {@code layer}.
     */
    public static <L extends Layer> L wire(L layer, NeuralNetConfiguration conf,
                                           Collection<TrainingListener> trainingListeners, int layerIndex,
                                           INDArray paramsView, boolean initializeParams,
                                           ParamInitializer initializer) {
        layer.setListeners(trainingListeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(paramsView);
        layer.setParamTable(initializer.init(conf, paramsView, initializeParams));
        layer.setConf(conf);
        return layer;
    }
}
