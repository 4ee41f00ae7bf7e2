package org.rtrain.models.zoo;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.rtrain.perturb.PerturbationPlacement;
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
        return settings.optimizer().configure(new NeuralNetConfiguration.Builder().seed(settings.seed()))
                .weightInit(WeightInit.RELU)
                .graphBuilder()
                .addInputs(INPUT)
                .setInputTypes(InputType.convolutional(input.height(), input.width(), input.channels(),
                        CNN2DFormat.NCHW));
    }

    /**
     * An initialised network whose convolution, pooling and batch-norm layers run on the native kernels.
     * With the sign perturbation placed, its initial parameters are those of the same configuration
     * without it: the perturbation vertices change DL4J's topological order, and with it the order in
     * which layers draw their initial weights, and base and R- runs of a seed must start from the
     * same weights.
     */
    static ComputationGraph initialised(ComputationGraphConfiguration conf) {
        NativeFastPath.enable();
        ComputationGraph network = new ComputationGraph(conf);
        network.init();
        ComputationGraphConfiguration unperturbed = PerturbationPlacement.removeFrom(conf);
        if (unperturbed.getVertices().size() != conf.getVertices().size()) {
            ComputationGraph reference = new ComputationGraph(unperturbed);
            reference.init();
            network.setParamTable(reference.paramTable());
        }
        return network;
    }
}
