package org.rtrain.models.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.rtrain.models.layers.PixelNormalization;
import org.rtrain.models.zoo.CapsNet;
import org.rtrain.models.zoo.InputShape;
import org.rtrain.models.zoo.LeNet;
import org.rtrain.models.zoo.LeNetArchitecture;
import org.rtrain.models.zoo.ModelSettings;
import org.rtrain.models.zoo.PerturbationSettings;
import org.rtrain.models.zoo.StochasticDepthResNet;
import org.rtrain.models.zoo.WideResNet;
import org.rtrain.models.zoo.WideResNetArchitecture;
import org.rtrain.models.zoo.ZooFixtures;

class OptimizerSettingsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyScheduleAndMethodRoundTripsThroughJson() throws Exception {
        List<OptimizerSettings> all = List.of(
                OptimizerSettings.constant(0.01, 0.9, 5e-4),
                LeNet.caffeOptimizer(),
                WideResNet.cifarOptimizer(),
                StochasticDepthResNet.cifarOptimizer(),
                CapsNet.adamOptimizer(),
                new OptimizerSettings(OptimizerSettings.Method.NESTEROV, 0.1, 0.9,
                        new LearningRateSchedule.Cosine(300), 1e-4, false));
        for (OptimizerSettings settings : all) {
            String json = JSON.writeValueAsString(settings);
            assertEquals(settings, JSON.readValue(json, OptimizerSettings.class), json);
        }
        assertTrue(JSON.writeValueAsString(WideResNet.cifarOptimizer()).contains("\"type\":\"step\""));
        MultiLayerConfiguration caffe = LeNet.configuration(LeNetArchitecture.paper(),
                LeNet.mnistSettings(PerturbationSettings.none(), 1));
        assertInstanceOf(ClassicalMomentum.class, ((BaseLayer) caffe.getConf(0).getLayer()).getIUpdater());
        assertEquals(caffe, MultiLayerConfiguration.fromJson(caffe.toJson()), "ClassicalMomentum inside a network");
    }

    @Test
    void badValuesAreRejectedNamingTheField() {
        IllegalArgumentException rate = assertThrows(IllegalArgumentException.class,
                () -> OptimizerSettings.constant(-1, 0.9, 0));
        assertTrue(rate.getMessage().contains("learningRate"), rate.getMessage());
        assertThrows(IllegalArgumentException.class, () -> OptimizerSettings.constant(0.1, 1.0, 0));
        assertThrows(IllegalArgumentException.class, () -> OptimizerSettings.constant(0.1, 0.9, Double.NaN));
        IllegalArgumentException milestones = assertThrows(IllegalArgumentException.class,
                () -> new LearningRateSchedule.StepDecay(List.of(60, 60), 0.2));
        assertTrue(milestones.getMessage().contains("increasing"), milestones.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule.StepDecay(List.of(0), 0.2));
        assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule.StepDecay(List.of(5), 2.0));
        assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule.Cosine(0));
        assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule.Inverse(0, 0.75));
        assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule.Exponential(0.96, 0));
    }

    @Test
    void stepDecayFollowsDl4jsEpochCounterInANetworkAndSurvivesItsJson() {
        OptimizerSettings settings = OptimizerSettings.constant(0.1, 0.9, 0)
                .withSchedule(new LearningRateSchedule.StepDecay(List.of(2, 3), 0.2));
        MultiLayerNetwork network = LeNet.network(new LeNetArchitecture(0.0, CNN2DFormat.NHWC),
                new ModelSettings(new InputShape(1, 28, 28, 10), PixelNormalization.identity(1),
                        PerturbationSettings.none(), settings, 1));
        assertEquals(network.getLayerWiseConfigurations(),
                MultiLayerConfiguration.fromJson(network.getLayerWiseConfigurations().toJson()));
        double[] expected = {0.1, 0.1, 0.02, 0.004, 0.004};
        for (int epoch = 0; epoch < expected.length; epoch++) {
            assertEquals(expected[epoch], network.getLearningRate(0), 1e-12, "epoch " + epoch);
            network.incrementEpochCount();
        }
    }

    @Test
    void cosineScheduleAnnealsByEpochInAComputationGraphAndSurvivesItsJson() {
        OptimizerSettings settings = OptimizerSettings.constant(0.2, 0.9, 0)
                .withSchedule(new LearningRateSchedule.Cosine(4));
        ComputationGraph network = new WideResNetArchitecture(10, 1, 0, CNN2DFormat.NCHW)
                .network(ZooFixtures.settings(3, 8, 2, PerturbationSettings.none(), settings));
        ComputationGraphConfiguration conf = network.getConfiguration();
        assertEquals(conf, ComputationGraphConfiguration.fromJson(conf.toJson()));
        double[] expected = {0.2, 0.2 * (1 + Math.cos(Math.PI / 4)) / 2, 0.1, 0.2 * (1 + Math.cos(3 * Math.PI / 4)) / 2,
                0.0, 0.0};
        for (int epoch = 0; epoch < expected.length; epoch++) {
            assertEquals(expected[epoch], network.getLearningRate("s1b1_conv1"), 1e-12, "epoch " + epoch);
            network.incrementEpochCount();
        }
    }

    @Test
    void classicalMomentumAccumulatesTheRateScaledGradientAsCaffeDoes() {
        // The rate drops from 0.5 to 0.1 at iteration 1: Caffe's form keeps the old velocity as it was.
        ClassicalMomentum config = new ClassicalMomentum(0.5, new MapSchedule(ScheduleType.ITERATION,
                java.util.Map.of(0, 0.5, 1, 0.1)), 0.9);
        INDArray state = Nd4j.zeros(DataType.DOUBLE, 1, 2);
        GradientUpdater<?> updater = config.instantiate(state, true);
        INDArray first = Nd4j.createFromArray(1.0, -2.0).reshape(1, 2);
        updater.applyUpdater(first, 0, 0);
        assertEquals(Nd4j.createFromArray(0.5, -1.0).reshape(1, 2), first, "update = rate * gradient");
        INDArray second = Nd4j.createFromArray(3.0, 1.0).reshape(1, 2);
        updater.applyUpdater(second, 1, 0);
        INDArray expected = Nd4j.createFromArray(0.9 * 0.5 + 0.1 * 3.0, 0.9 * -1.0 + 0.1 * 1.0).reshape(1, 2);
        assertTrue(expected.equalsWithEps(second, 1e-12), "update = momentum * velocity + rate * gradient: " + second);
        assertTrue(expected.equalsWithEps(state, 1e-12), "the velocity lives in the updater state view");
    }

    @Test
    void methodsBecomeTheirDl4jUpdatersWithTheSchedule() {
        assertInstanceOf(Nesterovs.class, OptimizerSettings.constant(0.1, 0.9, 0).updater());
        ClassicalMomentum caffe = assertInstanceOf(ClassicalMomentum.class, LeNet.caffeOptimizer().updater());
        assertEquals(0.01 * Math.pow(1 + 1e-4 * 100, -0.75), caffe.getLearningRate(100, 0), 1e-15);
        Adam adam = assertInstanceOf(Adam.class, CapsNet.adamOptimizer().updater());
        assertEquals(0.001 * Math.pow(0.96, 0.5), adam.getLearningRate(1000, 0), 1e-12);
        assertEquals(0.9, adam.getBeta1());
        Nesterovs wrn = assertInstanceOf(Nesterovs.class, WideResNet.cifarOptimizer().updater());
        assertEquals(0.1 * 0.2 * 0.2, wrn.getLearningRate(0, 119), 1e-12);
    }

    @Test
    void weightDecayIsL2OnWeightsAndOptionallyBiasesButNeverOnBatchNormalization() {
        for (boolean decayBiases : new boolean[] {false, true}) {
            OptimizerSettings settings = new OptimizerSettings(OptimizerSettings.Method.NESTEROV, 0.1, 0.9,
                    new LearningRateSchedule.Constant(), 5e-4, decayBiases);
            ComputationGraphConfiguration conf = WideResNet.configuration(WideResNetArchitecture.cifar(10, 1),
                    ZooFixtures.settings(3, 32, 10, PerturbationSettings.none(), settings));
            BaseLayer output = (BaseLayer) ((LayerVertex) conf.getVertices().get("output")).getLayerConf().getLayer();
            assertEquals(List.of(new L2Regularization(5e-4)), output.getRegularizationByParam("W"));
            assertEquals(decayBiases ? List.of(new L2Regularization(5e-4)) : List.of(),
                    output.getRegularizationByParam("b"));
            BatchNormalization batchNorm = (BatchNormalization) ((LayerVertex) conf.getVertices().get("bn"))
                    .getLayerConf().getLayer();
            assertNull(batchNorm.getRegularizationByParam("gamma"), "DL4J never decays batch-norm scale");
            assertNull(batchNorm.getRegularizationByParam("beta"), "DL4J never decays batch-norm shift");
        }
    }
}
