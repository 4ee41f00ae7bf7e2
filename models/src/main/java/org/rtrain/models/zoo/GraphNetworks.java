package org.rtrain.models.zoo;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.rtrain.perturb.PerturbationPlacement;
import org.rtrain.perturb.backend.NativeFastPath;

/**
 * What every ComputationGraph of the zoo shares: one image input named {@value #INPUT} (NCHW unless the
 * architecture says otherwise), the optimiser and seed of the {@link ModelSettings}, the pixel normalisation
 * on the first layer, the sign perturbation placed as the settings say, and initialisation on the native
 * path; and the pieces the two residual networks share.
 */
final class GraphNetworks {

    /** Name of the image input of every zoo graph. */
    static final String INPUT = "input";

    private GraphNetworks() {
    }

    /** A graph builder with the settings' seed, updater and weight decay, and the NCHW image input declared. */
    static ComputationGraphConfiguration.GraphBuilder builder(ModelSettings settings) {
        return builder(settings, CNN2DFormat.NCHW);
    }

    /** A graph builder with the settings' seed, updater and weight decay, and the image input in {@code format}. */
    static ComputationGraphConfiguration.GraphBuilder builder(ModelSettings settings, CNN2DFormat format) {
        InputShape input = settings.input();
        return settings.optimizer().configure(new NeuralNetConfiguration.Builder().seed(settings.seed()))
                .weightInit(WeightInit.RELU)
                .graphBuilder()
                .addInputs(INPUT)
                .setInputTypes(InputType.convolutional(input.height(), input.width(), input.channels(), format));
    }

    /**
     * Ends a residual network: average pooling of the {@code poolHeight x poolWidth} feature map of
     * {@code features} into a softmax classifier named {@code output}, then the settings' perturbation placed.
     */
    static ComputationGraphConfiguration poolAndClassify(ComputationGraphConfiguration.GraphBuilder graph,
                                                         String features, int poolHeight, int poolWidth,
                                                         ModelSettings settings, CNN2DFormat format) {
        graph.addLayer("pool", new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(poolHeight, poolWidth)
                .stride(1, 1).dataFormat(format).helperAllowFallback(false).build(), features);
        graph.addLayer("output", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .nOut(settings.input().classes()).activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).build(),
                "pool");
        graph.setOutputs("output");
        return settings.placePerturbation(graph.build());
    }

    /**
     * A residual network's convolution: {@code kernel x kernel}, padded to keep the size at stride 1, no bias
     * (batch normalisation follows or precedes it), identity activation, on the native path.
     */
    static ConvolutionLayer.Builder residualConvolution(int kernel, int channels, int stride, CNN2DFormat format) {
        return new ConvolutionLayer.Builder(kernel, kernel).nOut(channels).stride(stride, stride)
                .padding(kernel / 2, kernel / 2).hasBias(false).activation(Activation.IDENTITY).dataFormat(format)
                .helperAllowFallback(false);
    }

    /** A residual network's batch normalisation, with DL4J's defaults, on the native path. */
    static BatchNormalization batchNorm(CNN2DFormat format) {
        return new BatchNormalization.Builder().dataFormat(format).helperAllowFallback(false).build();
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
