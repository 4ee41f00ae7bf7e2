package org.rtrain.models.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.rtrain.models.count.MultiplyAddCounter;
import org.rtrain.models.count.ParameterCount;
import org.rtrain.models.layers.CapsuleMaskVertex;
import org.rtrain.models.layers.CapsuleSquashVertex;
import org.rtrain.models.layers.GradientChecks;
import org.rtrain.models.layers.PixelNormalization;
import org.rtrain.models.training.LearningRateSchedule;
import org.rtrain.models.training.OptimizerSettings;
import org.rtrain.perturb.backend.NativeFastPath;

class CapsNetTest {

    private static final OptimizerSettings ADAM = new OptimizerSettings(OptimizerSettings.Method.ADAM, 0.01, 0.9,
            new LearningRateSchedule.Constant(), 0, false);

    /** A CapsNet small enough for tests: 8 channels, 4 capsule types of 4 values, class capsules of 6. */
    private static CapsNetArchitecture small(boolean reconstruction, CNN2DFormat format) {
        return new CapsNetArchitecture(8, 4, 4, 6, 3, reconstruction, format);
    }

    @Test
    void paperSizeHasThePublishedParameterCountsWithAndWithoutTheDecoder() {
        ModelSettings mnist = ZooFixtures.settings(1, 28, 10, PerturbationSettings.none(), ADAM);
        long without = ParameterCount.trainable(CapsNetArchitecture.paper().network(mnist));
        assertEquals(CapsNet.PUBLISHED_PARAMETERS, without, 0.02 * CapsNet.PUBLISHED_PARAMETERS);
        long with = ParameterCount.trainable(CapsNetArchitecture.paper().withReconstruction(true).network(mnist));
        assertEquals(CapsNet.PUBLISHED_PARAMETERS_WITH_DECODER, with, 0.02 * CapsNet.PUBLISHED_PARAMETERS_WITH_DECODER);
    }

    @Test
    void multiplyAddsAreTheTwoConvolutionsAndThePredictionVectors() {
        ModelSettings mnist = ZooFixtures.settings(1, 28, 10, PerturbationSettings.none(), ADAM);
        long conv1 = 20L * 20 * 256 * 9 * 9;
        long primaryCapsules = 6L * 6 * 256 * 9 * 9 * 256;
        long predictions = 1152L * 10 * 16 * 8;
        assertEquals(conv1 + primaryCapsules + predictions, MultiplyAddCounter.count(CapsNet.configuration(
                CapsNetArchitecture.paper(), mnist), InputType.convolutional(28, 28, 1, CNN2DFormat.NHWC)).total());
    }

    @Test
    void withoutTheDecoderOneImageGivesOneRowOfCapsuleLengths() {
        ComputationGraph network = small(false, CNN2DFormat.NHWC)
                .network(ZooFixtures.settings(1, 28, 5, ZooFixtures.perturbationEverywhere(), ADAM));
        NativeFastPath.requireOnFastPath(network);
        assertEquals(List.of("input"), network.getConfiguration().getNetworkInputs());
        DataSet batch = ZooFixtures.learnableBatch(5, 1, 28, 5, 1);
        INDArray images = ZooFixtures.inLayout(batch.getFeatures(), CNN2DFormat.NHWC);
        INDArray lengths = network.outputSingle(images);
        assertArrayEquals(new long[] {5, 5}, lengths.shape());
        assertTrue(lengths.minNumber().doubleValue() >= 0 && lengths.maxNumber().doubleValue() < 1,
                "capsule lengths lie in [0, 1): " + lengths);
        ZooFixtures.assertFiniteNonZero(ZooFixtures.gradients(network, new INDArray[] {images},
                new INDArray[] {batch.getLabels()}));
    }

    @Test
    void withTheDecoderTheLabelMasksTheCapsulesAndEveryParameterGetsAGradient() {
        ComputationGraph network = small(true, CNN2DFormat.NHWC)
                .network(ZooFixtures.settings(1, 28, 5, ZooFixtures.perturbationEverywhere(), ADAM));
        assertEquals(List.of("input", CapsNet.LABEL_INPUT), network.getConfiguration().getNetworkInputs());
        assertEquals(List.of("output", CapsNet.RECONSTRUCTION_OUTPUT), network.getConfiguration().getNetworkOutputs());
        DataSet batch = ZooFixtures.learnableBatch(5, 1, 28, 5, 2);
        MultiDataSet data = CapsNet.reconstructionBatch(ZooFixtures.inLayout(batch.getFeatures(), CNN2DFormat.NHWC),
                batch.getLabels());
        assertArrayEquals(new long[] {5, 28 * 28}, data.getLabels(1).shape());
        ZooFixtures.assertFiniteNonZero(ZooFixtures.gradients(network, data.getFeatures(), data.getLabels()));

        Map<String, INDArray> activations = network.feedForward(data.getFeatures(), false, false);
        INDArray masked = activations.get("masked_capsules").reshape(5, 5, 6);
        INDArray capsules = activations.get("class_capsules");
        for (int example = 0; example < 5; example++) {
            for (int k = 0; k < 5; k++) {
                INDArray expected = k == example ? capsule(capsules, example, k) : Nd4j.zeros(DataType.FLOAT, 6);
                assertTrue(expected.equalsWithEps(capsule(masked, example, k), 1e-6),
                        "example " + example + ", capsule " + k);
            }
        }
    }

    @Test
    void channelsFirstAndChannelsLastComputeTheSameLossAndGradients() {
        DataSet batch = ZooFixtures.learnableBatch(4, 1, 28, 4, 3);
        ZooFixtures.assertLayoutsAgree(format -> small(false, format)
                .network(ZooFixtures.settings(1, 28, 4, PerturbationSettings.none(), ADAM)), batch);
    }

    @Test
    void perturbationGoesOnBothConvolutionsAndTheDecoderButNotOnTheCapsuleLayer() {
        ComputationGraphConfiguration conf = CapsNet.configuration(small(true, CNN2DFormat.NHWC),
                ZooFixtures.settings(1, 28, 10, ZooFixtures.perturbationEverywhere(), ADAM));
        assertEquals(List.of("input_perturbed"), conf.getVertexInputs().get("conv1"), "network input");
        assertEquals(List.of("relu1_perturbed"), conf.getVertexInputs().get("primary"), "conv1's activations");
        assertEquals(List.of("primary_capsules_perturbed"), conf.getVertexInputs().get("class_capsules"),
                "the primary capsules, input of the routing layer");
        assertEquals(List.of("masked_capsules_perturbed"), conf.getVertexInputs().get("decoder1"), "masked capsules");
        assertEquals(List.of("class_capsules", CapsNet.LABEL_INPUT), conf.getVertexInputs().get("masked_capsules"),
                "the label input is read by no weighted layer");
        assertEquals(conf, ComputationGraphConfiguration.fromJson(conf.toJson()));
    }

    @Test
    void smokeTrainingReducesTheLossWithAndWithoutThePerturbationAndTheDecoder() {
        DataSet batch = ZooFixtures.learnableBatch(8, 1, 28, 4, 4);
        INDArray images = ZooFixtures.inLayout(batch.getFeatures(), CNN2DFormat.NHWC);
        ZooFixtures.assertTrainsWithAndWithoutThePerturbation(perturbation -> small(false, CNN2DFormat.NHWC)
                .network(ZooFixtures.settings(1, 28, 4, perturbation, ADAM)), new DataSet(images, batch.getLabels()),
                10);
        ComputationGraph withDecoder = small(true, CNN2DFormat.NHWC)
                .network(ZooFixtures.settings(1, 28, 4, ZooFixtures.perturbationEverywhere(), ADAM));
        MultiDataSet data = CapsNet.reconstructionBatch(images, batch.getLabels());
        ZooFixtures.assertTrainingReducesLoss(withDecoder, data, 10, "with the decoder");
    }

    @Test
    void squashGroupsConsecutiveChannelsIntoCapsulesInBothLayouts() {
        // One position, 4 channels, capsules of 2: (3, 4) and (0, 0.5).
        INDArray nhwc = Nd4j.createFromArray(3f, 4f, 0f, 0.5f).reshape(1, 1, 1, 4);
        for (CNN2DFormat format : CNN2DFormat.values()) {
            ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().graphBuilder()
                    .addInputs("in").setInputTypes(InputType.convolutional(1, 1, 4, format))
                    .addVertex("squash", new CapsuleSquashVertex(2, format), "in")
                    .setOutputs("squash").build();
            ComputationGraph graph = new ComputationGraph(conf);
            graph.init();
            INDArray capsules = graph.outputSingle(format == CNN2DFormat.NHWC ? nhwc : nhwc.permute(0, 3, 1, 2).dup());
            assertArrayEquals(new long[] {1, 2, 2}, capsules.shape());
            // |s| = 5: scale 25 / 26 along (0.6, 0.8); |s| = 0.5: scale 0.25 / 1.25 along (0, 1).
            INDArray expected = Nd4j.createFromArray(new float[][][] {{{0.6f * 25 / 26, 0.8f * 25 / 26},
                    {0f, 0.2f}}});
            assertTrue(expected.equalsWithEps(capsules, 1e-4), format + ": " + capsules);
            assertEquals(conf, ComputationGraphConfiguration.fromJson(conf.toJson()));
        }
        assertThrows(InvalidInputTypeException.class, () -> new NeuralNetConfiguration.Builder().graphBuilder()
                .addInputs("in").setInputTypes(InputType.convolutional(2, 2, 3, CNN2DFormat.NHWC))
                .addVertex("squash", new CapsuleSquashVertex(2, CNN2DFormat.NHWC), "in")
                .setOutputs("squash").build(), "3 channels do not split into capsules of 2");
    }

    @Test
    void wholeNetworkGradientMatchesFiniteDifferencesInBothLayoutsAndWithTheDecoder() {
        GradientChecks.inDoublePrecision(() -> {
            for (CNN2DFormat format : CNN2DFormat.values()) {
                checkWholeNetworkGradient(format, false);
            }
            checkWholeNetworkGradient(CNN2DFormat.NHWC, true);
        });
    }

    private static void checkWholeNetworkGradient(CNN2DFormat format, boolean reconstruction) {
        // 19x19 -> conv 11x11 -> primary 2x2: 8 capsules of 2 values, routed to 3 capsules of 2.
        ModelSettings settings = new ModelSettings(new InputShape(1, 19, 19, 3), PixelNormalization.identity(1),
                PerturbationSettings.none(), OptimizerSettings.constant(1.0, 0, 0), 9);
        ComputationGraphConfiguration conf = CapsNet.configuration(
                new CapsNetArchitecture(1, 2, 2, 2, 3, reconstruction, format), settings);
        conf.setDataType(DataType.DOUBLE);
        withoutUpdater(conf);
        ComputationGraph network = new ComputationGraph(conf);
        network.init();
        INDArray images = ZooFixtures.inLayout(Nd4j.rand(DataType.DOUBLE, 3, 1, 19, 19), format);
        INDArray labels = Nd4j.eye(3).castTo(DataType.DOUBLE);
        MultiDataSet data = CapsNet.reconstructionBatch(images, labels);
        // Every parameter once (channels last, no decoder); elsewhere the convolution weights are left out (their
        // biases take the same backward path) and so are the decoder's 1.4M dense parameters, to keep the check to
        // seconds: the capsule parameters then get the reconstruction's gradient through the mask.
        Set<String> skipped = new java.util.HashSet<>();
        if (format == CNN2DFormat.NCHW || reconstruction) {
            skipped.addAll(Set.of("conv1_W", "primary_W"));
        }
        if (reconstruction) {
            skipped.addAll(Set.of("decoder1_W", "decoder1_b", "decoder2_W", "decoder2_b",
                    CapsNet.RECONSTRUCTION_OUTPUT + "_W", CapsNet.RECONSTRUCTION_OUTPUT + "_b"));
        }
        assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(network)
                .inputs(reconstruction ? data.getFeatures() : new INDArray[] {images})
                .labels(reconstruction ? data.getLabels() : new INDArray[] {labels})
                .epsilon(1e-6).maxRelError(1e-4).minAbsoluteError(1e-9).excludeParams(skipped)),
                format + ", decoder " + reconstruction);
    }

    @Test
    void squashAndMaskGradientsMatchFiniteDifferences() {
        GradientChecks.inDoublePrecision(() -> {
            for (CNN2DFormat format : CNN2DFormat.values()) {
                ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(5)
                        .dataType(DataType.DOUBLE).updater(new NoOp()).graphBuilder()
                        .addInputs("features", "label")
                        .setInputTypes(InputType.convolutional(2, 1, 3, format), InputType.feedForward(4))
                        .addLayer("capsule_values", new ConvolutionLayer.Builder(1, 1).nOut(6)
                                .activation(Activation.IDENTITY).dataFormat(format).build(), "features")
                        .addVertex("capsules", new CapsuleSquashVertex(3, format), "capsule_values")
                        .addVertex("masked", new CapsuleMaskVertex(), "capsules", "label")
                        .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2)
                                .activation(Activation.IDENTITY).build(), "masked")
                        .setOutputs("out").build();
                assertEquals(conf, ComputationGraphConfiguration.fromJson(conf.toJson()));
                ComputationGraph graph = new ComputationGraph(conf);
                graph.init();
                INDArray features = ZooFixtures.inLayout(Nd4j.rand(DataType.DOUBLE, 4, 3, 2, 1).subi(0.5), format);
                INDArray labels = Nd4j.eye(4).castTo(DataType.DOUBLE);
                assertTrue(GradientCheckUtil.checkGradients(GradientChecks.of(graph, new INDArray[] {features, labels},
                        new INDArray[] {Nd4j.rand(DataType.DOUBLE, 4, 2)}, 1e-10)), format.toString());
            }
        });
    }

    @Test
    void badInputsGetClearErrors() {
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> CapsNet.configuration(CapsNetArchitecture.paper(),
                        ZooFixtures.settings(1, 16, 10, PerturbationSettings.none(), ADAM)));
        assertTrue(size.getMessage().contains("17x17"), size.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CapsNetArchitecture(256, 32, 8, 16, 0, false,
                CNN2DFormat.NHWC));
        assertThrows(IllegalArgumentException.class, () -> CapsNet.reconstructionBatch(Nd4j.zeros(3, 28, 28, 1),
                Nd4j.zeros(2, 10)));
    }

    /** Gradient checks need DL4J's NoOp updater on every layer. */
    private static void withoutUpdater(ComputationGraphConfiguration conf) {
        for (GraphVertex vertex : conf.getVertices().values()) {
            if (vertex instanceof LayerVertex layerVertex) {
                Layer layer = layerVertex.getLayerConf().getLayer();
                if (layer instanceof BaseLayer withParameters) {
                    withParameters.setIUpdater(new NoOp());
                }
            }
        }
    }

    private static INDArray capsule(INDArray capsules, int example, int k) {
        return capsules.get(NDArrayIndex.point(example), NDArrayIndex.point(k), NDArrayIndex.all());
    }
}
