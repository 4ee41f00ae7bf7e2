package org.rtrain.attacks.gradient;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.ToDoubleFunction;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.rtrain.attacks.AttackFixtures;
import org.rtrain.models.layers.PixelNormalization;
import org.rtrain.models.layers.PixelNormalizationPreProcessor;
import org.rtrain.perturb.PerturbationPlacement;
import org.rtrain.perturb.SignPerturbation;
import org.rtrain.perturb.backend.NativeFastPath;

/**
 * The training twin gives the loss, parameter gradient and input gradient of exactly the training
 * pass DL4J runs: the input gradient is that of the training-mode loss with the pass's own random
 * draws (dropout, perturbation, drop-path) and batch statistics, checked against finite differences
 * of that loss with the random stream reseeded before each evaluation.
 */
class TrainingPassGradientTest {

    private static final long SEED = 61;

    private static final String TRAINING_LOSS = "relative error vs finite differences of the training-mode loss";

    /** The training-mode mean loss of {@code model} (a network or a graph) with the random stream at {@link #SEED}. */
    private static ToDoubleFunction<INDArray> trainingLoss(Model model, INDArray labels) {
        return in -> {
            Nd4j.getRandom().setSeed(SEED);
            DataSet batch = new DataSet(in, labels);
            return model instanceof ComputationGraph graph ? graph.score(batch, true)
                    : ((MultiLayerNetwork) model).score(batch, true);
        };
    }

    /**
     * Asserts that {@code inputGradient} matches finite differences of {@code model}'s training-mode loss at
     * (x, y) over every {@code stride}-th input element; {@code what} starts the failure message.
     */
    private static void assertMatchesFiniteDifferences(Model model, INDArray x, INDArray y, INDArray inputGradient,
            int stride, String what) {
        double worst = FiniteDifferences.worstRelativeError(x, inputGradient, trainingLoss(model, y), stride);
        assertTrue(worst < 1e-5, what + ": " + worst);
    }

    private static TrainingPassGradient.Pass seededPass(TrainingPassGradient twin, INDArray x, INDArray y) {
        Nd4j.getRandom().setSeed(SEED);
        return twin.run(x, y);
    }

    /**
     * {@code model} (a network or a graph) after DL4J's own training pass on (x, y) with the random stream at
     * {@link #SEED}.
     */
    private static Model dl4jsPass(Model model, INDArray x, INDArray y) {
        Nd4j.getRandom().setSeed(SEED);
        if (model instanceof ComputationGraph graph) {
            graph.setInputs(x);
            graph.setLabels(y);
            graph.computeGradientAndScore();
        } else {
            MultiLayerNetwork net = (MultiLayerNetwork) model;
            net.setInput(x);
            net.setLabels(y);
            net.computeGradientAndScore();
        }
        return model;
    }

    /** Asserts that the twin's {@code pass} has the loss and parameter gradient of the pass {@code dl4j} last ran. */
    private static void assertSameLossAndParameterGradient(Model dl4j, TrainingPassGradient.Pass pass) {
        assertEquals(dl4j.score(), pass.loss(), 1e-12, "loss differs from computeGradientAndScore's");
        assertEquals(dl4j.getGradientsViewArray(), pass.parameterGradient(), "parameter gradient differs");
    }

    /** The batch-norm CNN with dropout, with the sign perturbation on its input and every hidden layer too. */
    private static MultiLayerNetwork perturbedBatchNormCnn(CNN2DFormat format) {
        MultiLayerNetwork plain = AttackFixtures.batchNormCnn(format, false);
        MultiLayerConfiguration conf = PerturbationPlacement.inputAndAllHidden()
                .applyTo(plain.getLayerWiseConfigurations(), new SignPerturbation(0.2));
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init(plain.params().dup(), false);
        return net;
    }

    @Test
    void networkPassIsDl4jsOwnTrainingPassWithItsInputGradient() {
        // NCHW: DL4J's own NHWC convolution (off oneDNN, as in double precision) backpropagates its input
        // IDropout with the gradient in NCHW, which the perturbation refuses.
        MultiLayerNetwork net = perturbedBatchNormCnn(CNN2DFormat.NCHW);
        INDArray x = AttackFixtures.images(5, 62);
        INDArray y = AttackFixtures.labels(5);
        TrainingPassGradient.Pass pass = AttackFixtures.leavingAlone(x,
                () -> seededPass(new TrainingPassGradient(net), x, y));
        assertArrayEquals(x.shape(), pass.inputGradient().shape());

        assertSameLossAndParameterGradient(dl4jsPass(net, x, y), pass);
        Nd4j.getRandom().setSeed(SEED);
        assertEquals(net.calculateGradients(x, y, null, null).getSecond(), pass.inputGradient(),
                "input gradient differs from calculateGradients' (training mode, same draws)");

        assertMatchesFiniteDifferences(net, x, y, pass.inputGradient(), 3, TRAINING_LOSS);
    }

    @Test
    void inputGradientIsInPixelsThroughTheFirstLayersPreprocessor() {
        PixelNormalization normalization = new PixelNormalization(List.of(0.45), List.of(0.2));
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(63)
                .dataType(DataType.DOUBLE).updater(new Sgd(0.1)).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(3).activation(Activation.TANH).build())
                .layer(new DenseLayer.Builder().nOut(6).activation(Activation.TANH).dropOut(0.5).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .inputPreProcessor(0, PixelNormalizationPreProcessor.of(normalization, CNN2DFormat.NCHW))
                .setInputType(InputType.convolutional(8, 8, 1))
                .build());
        net.init();
        INDArray x = AttackFixtures.images(4, 64);
        INDArray y = AttackFixtures.labels(4);
        TrainingPassGradient.Pass pass = seededPass(new TrainingPassGradient(net), x, y);
        assertMatchesFiniteDifferences(net, x, y, pass.inputGradient(), 5,
                "relative error vs finite differences in pixel units");
        assertTrue(net.getLayerWiseConfigurations().getInputPreProcess(0) instanceof PixelNormalizationPreProcessor,
                "the network's own preprocessor was replaced");
    }

    @Test
    void graphPassWithBatchNormAndDropPathMatchesFiniteDifferencesAndDl4jsPass() {
        ComputationGraph graph = InputGradientTest.batchNormStochasticDepthGraph();
        INDArray x = AttackFixtures.images(3, 6, 65);
        INDArray y = AttackFixtures.labels(3);
        TrainingPassGradient twin = new TrainingPassGradient(graph);
        TrainingPassGradient.Pass pass = seededPass(twin, x, y);
        assertMatchesFiniteDifferences(graph, x, y, pass.inputGradient(), 5, TRAINING_LOSS);

        assertSameLossAndParameterGradient(dl4jsPass(graph, x, y), pass);

        graph.fit(new DataSet(x, y));
        assertMatchesFiniteDifferences(graph, x, y, seededPass(twin, x, y).inputGradient(), 5,
                "the twin lost track of the trained parameters");
    }

    @Test
    void graphWithWorkspacesKeepsTheInputGradientBeyondThePass() {
        ComputationGraph graph = InputGradientTest.residualMergeGraph();
        INDArray x = AttackFixtures.images(4, 6, 66);
        INDArray y = AttackFixtures.labels(4);
        TrainingPassGradient twin = new TrainingPassGradient(graph);
        INDArray first = seededPass(twin, x, y).inputGradient();
        INDArray copy = first.dup();
        seededPass(twin, x.mul(0.5), y);
        assertEquals(copy, first, "the first pass's input gradient was overwritten by the second pass");
        assertMatchesFiniteDifferences(graph, x, y, first, 5, TRAINING_LOSS);
    }

    @Test
    void twinRunsAtTheNetworksIterationSoSchedulesSeeTheSameStep() {
        ISchedule epsilon = new MapSchedule.Builder(ScheduleType.ITERATION).add(0, 0.0).add(10, 0.5).build();
        MultiLayerNetwork plain = AttackFixtures.smallCnn(1.0);
        MultiLayerNetwork net = new MultiLayerNetwork(PerturbationPlacement.input().applyTo(
                plain.getLayerWiseConfigurations(), new SignPerturbation(0.1).withEpsilonSchedule(epsilon)));
        net.init(plain.params().dup(), false);
        INDArray x = AttackFixtures.images(3, 67);
        INDArray y = AttackFixtures.labels(3);
        TrainingPassGradient twin = new TrainingPassGradient(net);
        net.setIterationCount(17);
        INDArray atSeventeen = seededPass(twin, x, y).parameterGradient().dup();
        assertEquals(dl4jsPass(net, x, y).getGradientsViewArray(), atSeventeen, "the twin did not run at iteration 17");
        net.setIterationCount(0);
        assertNotEquals(atSeventeen, seededPass(twin, x, y).parameterGradient(),
                "epsilon 0 (iteration 0) and 0.5 (iteration 17) gave the same gradient");
    }

    @Test
    void twinIsBuiltOnTheNativePathWhateverTheNetworkWasBuiltOn() {
        String before = System.getProperty(NativeFastPath.HELPERS_DISABLE_PROPERTY);
        try {
            System.setProperty(NativeFastPath.HELPERS_DISABLE_PROPERTY, "true");
            MultiLayerNetwork stock = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3)
                    .dataType(DataType.FLOAT).updater(new Sgd(0.1)).list()
                    .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.IDENTITY).build())
                    .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2)
                            .stride(2, 2).build())
                    .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                            .activation(Activation.SOFTMAX).build())
                    .setInputType(InputType.convolutional(8, 8, 1)).build());
            stock.init();
            assertEquals(2, NativeFastPath.layersOffFastPath(stock).size(), "the stock network uses im2col");
            // A caller that cleared the property after building its network (as a benchmark of the stock path does).
            System.clearProperty(NativeFastPath.HELPERS_DISABLE_PROPERTY);
            MultiLayerNetwork twin = (MultiLayerNetwork) new TrainingPassGradient(stock).twin();
            assertEquals(List.of(), NativeFastPath.layersOffFastPath(twin));
        } finally {
            if (before == null) {
                System.clearProperty(NativeFastPath.HELPERS_DISABLE_PROPERTY);
            } else {
                System.setProperty(NativeFastPath.HELPERS_DISABLE_PROPERTY, before);
            }
        }
    }

    @Test
    void onlyNetworksAndGraphsHaveATrainingTwin() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> TrainingPassGradient.forModel(AttackFixtures.smallCnn(1.0).getLayer(0)));
        assertTrue(error.getMessage().contains("MultiLayerNetwork or a ComputationGraph"), error.getMessage());
    }
}
