package org.rtrain.models.zoo;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossL2;
import org.rtrain.models.layers.CapsuleLengthVertex;
import org.rtrain.models.layers.CapsuleMaskVertex;
import org.rtrain.models.layers.CapsuleRoutingLayer;
import org.rtrain.models.layers.CapsuleSquashVertex;
import org.rtrain.models.training.LearningRateSchedule;
import org.rtrain.models.training.MarginLoss;
import org.rtrain.models.training.OptimizerSettings;

/**
 * The capsule network of the paper's Table 4 (MNIST).
 *
 * <p>From Sabour, Frosst and Hinton, "Dynamic Routing Between Capsules" (NIPS 2017): conv 9x9 (256,
 * ReLU); primary capsules, a 9x9 stride-2 convolution of 32 x 8 channels whose outputs form 32
 * capsule types of 8 values at each position, squashed ({@link CapsuleSquashVertex}); one 16-value
 * capsule per class computed by 3 iterations of routing by agreement ({@link CapsuleRoutingLayer},
 * with the per-capsule bias of the authors' code); class scores are capsule lengths
 * ({@link CapsuleLengthVertex}) trained with the {@link MarginLoss}. Optionally a reconstruction
 * decoder (FC 512 ReLU, FC 1024 ReLU, FC pixels sigmoid) reads the class capsules masked by the
 * true label ({@link CapsuleMaskVertex}); its sum of squared errors, weighted by
 * {@value #RECONSTRUCTION_WEIGHT}, is added to the loss. At 28x28x1 with 10 classes: 6.8M
 * parameters without the decoder, 8.2M with it.
 *
 * <p>Without the decoder the network has one input (the image, pixels in [0, 1]) and one output
 * (class capsule lengths). With it, the graph has inputs {@code input} and {@value #LABEL_INPUT}
 * and outputs {@code output} (lengths) and {@value #RECONSTRUCTION_OUTPUT} (the image, flattened
 * in the input's layout); {@link #reconstructionBatch} builds the training batch it needs.
 *
 * <p>Where DL4J 1.0.0-M2.1 falls short of the paper, and what is done about it. Its
 * {@code PrimaryCapsules} layer neither squashes nor groups a capsule's values across channels: a
 * plain convolution and {@link CapsuleSquashVertex} replace it. Its SameDiff layers
 * ({@code CapsuleLayer} and {@code CapsuleStrengthLayer}, measured) backpropagate twice the
 * gradient they receive, and its {@code CapsuleLayer} takes about 3 s per forward pass at the
 * paper's size (batch 32, 2 cores) by tiling its input over every class capsule: the routing is
 * {@link CapsuleRoutingLayer} and the lengths a {@link CapsuleLengthVertex}, with gradients
 * written out and checked against finite differences. Every parameter of the paper's model is
 * there and trained as the paper says. With the sign perturbation on hidden activations, the squashed
 * primary capsules (the routing layer's input) are perturbed like every activation a weighted layer
 * reads; the label input of the decoder is not (no weighted layer reads it).
 */
public final class CapsNet {

    /** Published parameters without the decoder (Sabour et al. 2017, section 5). */
    public static final long PUBLISHED_PARAMETERS = 6_800_000;
    /** Published parameters with the reconstruction decoder. */
    public static final long PUBLISHED_PARAMETERS_WITH_DECODER = 8_200_000;
    /** Weight of the reconstruction's sum of squared errors in the loss. */
    public static final double RECONSTRUCTION_WEIGHT = 0.0005;
    /** Name of the label input of a network with the decoder. */
    public static final String LABEL_INPUT = "label";
    /** Name of the reconstruction output of a network with the decoder. */
    public static final String RECONSTRUCTION_OUTPUT = "reconstruction";

    private CapsNet() {
    }

    /**
     * The authors' optimiser: Adam (TensorFlow's defaults) at 0.001 with TensorFlow's exponential
     * decay, 0.96 every 2,000 steps, no weight decay.
     */
    public static OptimizerSettings adamOptimizer() {
        return new OptimizerSettings(OptimizerSettings.Method.ADAM, 0.001, 0.9,
                new LearningRateSchedule.Exponential(0.96, 2000), 0.0, false);
    }

    /** The configuration, with the input normalisation and the perturbation of {@code settings}. */
    public static ComputationGraphConfiguration configuration(CapsNetArchitecture architecture,
                                                              ModelSettings settings) {
        InputShape input = settings.input();
        CNN2DFormat format = architecture.dataFormat();
        int convHeight = input.height() - 8;
        int convWidth = input.width() - 8;
        if (convHeight < 9 || convWidth < 9) {
            throw new IllegalArgumentException("CapsNet's two 9x9 convolutions need images of at least 17x17, got "
                    + input.height() + "x" + input.width());
        }
        int primaryChannels = architecture.primaryCapsuleTypes() * architecture.primaryCapsuleDimensions();

        ComputationGraphConfiguration.GraphBuilder graph = settings.optimizer()
                .configure(new NeuralNetConfiguration.Builder())
                .seed(settings.seed())
                .weightInit(WeightInit.XAVIER)
                .convolutionMode(ConvolutionMode.Truncate)
                .graphBuilder()
                .addInputs(GraphNetworks.INPUT);
        InputType image = InputType.convolutional(input.height(), input.width(), input.channels(), format);
        // A separate ReLU layer: DL4J M2.1's oneDNN convolution helper gives wrong weight gradients for a
        // channels-last convolution with a built-in ReLU.
        graph.addLayer("conv1", new ConvolutionLayer.Builder(9, 9).nOut(architecture.convChannels())
                .activation(Activation.IDENTITY).weightInit(WeightInit.RELU).dataFormat(format)
                .helperAllowFallback(false).build(), settings.inputPreProcessor(format), GraphNetworks.INPUT);
        graph.addLayer("relu1", new ActivationLayer(Activation.RELU), "conv1");
        graph.addLayer("primary", new ConvolutionLayer.Builder(9, 9).stride(2, 2).nOut(primaryChannels)
                .activation(Activation.IDENTITY).dataFormat(format).helperAllowFallback(false).build(), "relu1");
        graph.addVertex("primary_capsules", new CapsuleSquashVertex(architecture.primaryCapsuleDimensions(), format),
                "primary");
        graph.addLayer("class_capsules", new CapsuleRoutingLayer.Builder(input.classes(),
                architecture.classCapsuleDimensions(), architecture.routings()).build(), "primary_capsules");
        graph.addVertex("lengths", new CapsuleLengthVertex(), "class_capsules");
        graph.addLayer("output", new LossLayer.Builder(MarginLoss.sabour()).activation(Activation.IDENTITY).build(),
                "lengths");
        if (architecture.reconstruction()) {
            graph.addInputs(LABEL_INPUT)
                    .setInputTypes(image, InputType.feedForward(input.classes()))
                    .addVertex("masked_capsules", new CapsuleMaskVertex(), "class_capsules", LABEL_INPUT)
                    .addLayer("decoder1", new DenseLayer.Builder().nOut(512).activation(Activation.RELU)
                            .weightInit(WeightInit.RELU).build(), "masked_capsules")
                    .addLayer("decoder2", new DenseLayer.Builder().nOut(1024).activation(Activation.RELU)
                            .weightInit(WeightInit.RELU).build(), "decoder1")
                    .addLayer(RECONSTRUCTION_OUTPUT, new OutputLayer.Builder(new LossL2(Nd4j.valueArrayOf(
                            new long[] {1, pixels(input)}, RECONSTRUCTION_WEIGHT)))
                            .nOut(pixels(input)).activation(Activation.SIGMOID).build(), "decoder2")
                    .setOutputs("output", RECONSTRUCTION_OUTPUT);
        } else {
            graph.setInputTypes(image).setOutputs("output");
        }
        return settings.placePerturbation(graph.build());
    }

    /** An initialised network on the native (oneDNN/cuDNN) path. */
    public static ComputationGraph network(CapsNetArchitecture architecture, ModelSettings settings) {
        return GraphNetworks.initialised(configuration(architecture, settings));
    }

    /**
     * A training batch for a network with the decoder: features (images, one-hot labels), labels
     * (one-hot labels for the margin loss, the images flattened in their own layout for the
     * reconstruction). Neither argument is modified.
     */
    public static MultiDataSet reconstructionBatch(INDArray images, INDArray labels) {
        if (images.rank() != 4 || labels.rank() != 2 || images.size(0) != labels.size(0)) {
            throw new IllegalArgumentException("CapsNet.reconstructionBatch: expected images [batch, ...3 axes] "
                    + "and one-hot labels [batch, classes] of the same batch, got " + java.util.Arrays.toString(
                    images.shape()) + " and " + java.util.Arrays.toString(labels.shape()));
        }
        INDArray flattened = images.dup('c').reshape('c', images.size(0), images.length() / images.size(0));
        return new MultiDataSet(new INDArray[] {images, labels}, new INDArray[] {labels, flattened});
    }

    private static int pixels(InputShape input) {
        return input.channels() * input.height() * input.width();
    }
}
