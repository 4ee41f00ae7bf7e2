package org.rtrain.models.zoo;

import java.util.List;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.shade.jackson.annotation.JsonSubTypes;
import org.nd4j.shade.jackson.annotation.JsonTypeInfo;

/**
 * One architecture of the zoo as a validated, JSON-serialisable record of its own options (depth,
 * width, groups, dropout, ...). Everything that depends on the data and the training run (input
 * shape, classes, pixel normalisation, perturbation, optimiser, seed) comes in {@link ModelSettings}.
 *
 * <p>Every model of the zoo is built the same way, from its architecture record and the settings: its
 * class {@code M} ({@link LeNet}, {@link WideResNet}, ...) has {@code M.configuration(architecture, settings)}
 * for the DL4J configuration and {@code M.network(architecture, settings)} for the initialised network,
 * which {@link #network(ModelSettings)} returns; a model whose deployed network differs from the trained one
 * ({@link CondenseNet}) adds {@code M.inferenceConfiguration} and {@code M.inferenceNetwork}, which
 * {@link #inferenceNetwork(Model, ModelSettings)} returns.
 *
 * <p>Experiment specs hold an architecture as JSON, e.g. {@code {"type":"WideResNet","depth":16,
 * "widenFactor":8,"dropRate":0.3}}, so a spec changes the network without recompiling.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = LeNetArchitecture.class, name = "LeNet"),
        @JsonSubTypes.Type(value = CondenseNetArchitecture.class, name = "CondenseNet"),
        @JsonSubTypes.Type(value = InceptionV3Architecture.class, name = "InceptionV3"),
        @JsonSubTypes.Type(value = NasNetAArchitecture.class, name = "NASNetA"),
        @JsonSubTypes.Type(value = CapsNetArchitecture.class, name = "CapsNet"),
        @JsonSubTypes.Type(value = StochasticDepthResNetArchitecture.class, name = "StochasticDepthResNet"),
        @JsonSubTypes.Type(value = WideResNetArchitecture.class, name = "WideResNet"),
})
public interface Architecture {

    /**
     * The network for {@code settings}, initialised, with its convolution, pooling and batch-norm
     * layers on the native (oneDNN/cuDNN) path: a MultiLayerNetwork or a ComputationGraph with one
     * image input taking pixels in [0, 1] laid out as {@link #inputFormat()}, and one output of class
     * scores (probabilities, or capsule lengths). A CapsNet with its reconstruction decoder also
     * takes the label as a second input and has a second output ({@link CapsNet}).
     */
    Model network(ModelSettings settings);

    /** Layout of the image input the built network takes. */
    default CNN2DFormat inputFormat() {
        return CNN2DFormat.NCHW;
    }

    /**
     * Listeners the network needs while it trains for {@code totalIterations} steps (CondenseNet: its
     * condensation schedule); none by default.
     */
    default List<TrainingListener> trainingListeners(long totalIterations) {
        return List.of();
    }

    /**
     * The network to evaluate and deploy once {@code trained} has finished training (CondenseNet: the
     * condensed test-time network); {@code trained} itself by default.
     */
    default Model inferenceNetwork(Model trained, ModelSettings settings) {
        return trained;
    }
}
