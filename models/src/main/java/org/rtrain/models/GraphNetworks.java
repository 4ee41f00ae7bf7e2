package org.rtrain.models;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.rtrain.perturb.backend.NativeFastPath;

/**
 * What every ComputationGraph of the zoo shares: one image input named {@value #INPUT} in NCHW, the
 * optimiser and seed of the {@link ModelSettings}, the pixel normalisation on the first layer, the sign
 * perturbation placed as the settings say, and initialisation on the native path.
 */
final class GraphNetworks {

    /** Name of the image input of every zoo graph. */
    static final String INPUT = "input";

    private GraphNetworks() {
    }

    /** A graph builder with the settings' seed, updater and weight decay, and the image input declared. */
    static ComputationGraphConfiguration.GraphBuilder builder(ModelSettings settings) {
        InputShape input = settings.input();
        if (settings.normalization().channels() != input.channels()) {
            throw new IllegalArgumentException("normalization has " + settings.normalization().channels()
                    + " channels but the input has " + input.channels());
        }
        return new NeuralNetConfiguration.Builder()
                .seed(settings.seed())
                .updater(settings.optimizer().updater())
                .l2(settings.optimizer().weightDecay())
                .weightInit(WeightInit.RELU)
                .graphBuilder()
                .addInputs(INPUT)
                .setInputTypes(InputType.convolutional(input.height(), input.width(), input.channels(),
                        CNN2DFormat.NCHW));
    }

    /** The preprocessor of the first layer: the pixel normalisation, or null when it is the identity. */
    static InputPreProcessor inputPreProcessor(ModelSettings settings) {
        return settings.normalization().isIdentity() ? null
                : PixelNormalizationPreProcessor.of(settings.normalization(), CNN2DFormat.NCHW);
    }

    /** {@code conf} with the settings' perturbation placed on it. */
    static ComputationGraphConfiguration perturbed(ComputationGraphConfiguration conf, ModelSettings settings) {
        PerturbationSettings perturbation = settings.perturbation();
        return perturbation.isNone() ? conf : perturbation.placement().applyTo(conf, perturbation.perturbation());
    }

    /** An initialised network whose convolution, pooling and batch-norm layers run on the native kernels. */
    static ComputationGraph initialised(ComputationGraphConfiguration conf) {
        NativeFastPath.enable();
        ComputationGraph network = new ComputationGraph(conf);
        network.init();
        return network;
    }
}
