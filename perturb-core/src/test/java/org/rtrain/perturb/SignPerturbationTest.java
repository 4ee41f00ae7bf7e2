package org.rtrain.perturb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Map;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

class SignPerturbationTest {

    private static Random rng(long seed) {
        return Nd4j.getRandomFactory().getNewRandomInstance(seed);
    }

    @Test
    void multiplierTakesOnlyTwoValuesAndGrowsWithTheGivenProbability() {
        for (double p : new double[] {0.5, 0.3}) {
            double eps = 0.2;
            int n = 200_000;
            INDArray x = Nd4j.ones(DataType.FLOAT, n);
            INDArray m = new SignPerturbation(eps, p).drawMultiplier(x, eps, rng(7));
            float[] values = m.toFloatVector();
            long grown = 0;
            for (float v : values) {
                boolean isGrow = Math.abs(v - (1 + eps)) < 1e-6;
                boolean isShrink = Math.abs(v - (1 - eps)) < 1e-6;
                assertTrue(isGrow || isShrink, "multiplier " + v + " is neither 1-eps nor 1+eps");
                grown += isGrow ? 1 : 0;
            }
            double sigma = Math.sqrt(n * p * (1 - p));
            assertEquals(n * p, grown, 5 * sigma, "growth count for p=" + p);
        }
    }

    @Test
    void functionFormLeavesInputUntouchedAndActsAsXTimesMultiplier() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 3, 5, 5).subi(0.5);
        INDArray before = x.dup();
        SignPerturbation perturbation = new SignPerturbation(0.25);
        INDArray out = perturbation.apply(x, rng(1));
        assertEquals(before, x, "input was mutated");
        INDArray ratio = out.div(x).ravel();
        for (double r : ratio.toDoubleVector()) {
            assertTrue(Math.abs(r - 1.25) < 1e-5 || Math.abs(r - 0.75) < 1e-5, "ratio " + r);
        }
    }

    @Test
    void sameSeedGivesSameOutputAndAnotherSeedDoesNot() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 8, 20);
        SignPerturbation perturbation = new SignPerturbation(0.1);
        assertEquals(perturbation.apply(x, rng(42)), perturbation.apply(x, rng(42)));
        assertNotEquals(perturbation.apply(x, rng(42)), perturbation.apply(x, rng(43)));
    }

    @Test
    void applyDropoutDoesNotMutateItsInputAndBackpropUsesTheSameMultiplier() {
        INDArray x = Nd4j.rand(DataType.DOUBLE, 6, 10).subi(0.5);
        INDArray before = x.dup();
        SignPerturbation perturbation = new SignPerturbation(0.3);
        INDArray out = perturbation.applyDropout(x, null, 0, 0, LayerWorkspaceMgr.noWorkspaces());
        assertEquals(before, x);
        INDArray multiplier = out.div(x);
        INDArray grad = Nd4j.rand(DataType.DOUBLE, 6, 10);
        INDArray back = perturbation.backprop(grad.dup(), null, 0, 0);
        assertTrue(back.equalsWithEps(grad.mul(multiplier), 1e-12));
        perturbation.clear();
        assertThrows(IllegalStateException.class, () -> perturbation.backprop(grad, null, 0, 0));
    }

    @Test
    void sampleAndChannelGranularityShareOneDrawPerSampleOrChannel() {
        INDArray x = Nd4j.ones(DataType.FLOAT, 16, 3, 4, 4);
        INDArray perSample = new SignPerturbation(0.5).withGranularity(PerturbationGranularity.SAMPLE)
                .apply(x, rng(3));
        INDArray perChannel = new SignPerturbation(0.5).withGranularity(PerturbationGranularity.CHANNEL)
                .apply(x, rng(3));
        for (int i = 0; i < 16; i++) {
            INDArray sample = perSample.slice(i);
            assertEquals(sample.minNumber().doubleValue(), sample.maxNumber().doubleValue(), 0.0);
            for (int c = 0; c < 3; c++) {
                INDArray channel = perChannel.slice(i).slice(c);
                assertEquals(channel.minNumber().doubleValue(), channel.maxNumber().doubleValue(), 0.0);
            }
        }
        assertTrue(perSample.maxNumber().doubleValue() > perSample.minNumber().doubleValue(),
                "16 samples all drew the same multiplier");
    }

    @Test
    void epsilonFollowsItsSchedule() {
        MapSchedule schedule = new MapSchedule(ScheduleType.ITERATION, Map.of(0, 0.0, 10, 0.4));
        SignPerturbation perturbation = new SignPerturbation(0.0).withEpsilonSchedule(schedule);
        INDArray x = Nd4j.ones(DataType.FLOAT, 1000);
        INDArray early = perturbation.applyDropout(x, null, 5, 0, LayerWorkspaceMgr.noWorkspaces());
        INDArray late = perturbation.applyDropout(x, null, 12, 0, LayerWorkspaceMgr.noWorkspaces());
        assertEquals(x, early);
        assertEquals(1.4, late.maxNumber().doubleValue(), 1e-6);
        assertEquals(0.6, late.minNumber().doubleValue(), 1e-6);
    }

    @Test
    void rejectsInvalidParametersWithClearMessages() {
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> new SignPerturbation(-0.1));
        assertTrue(negative.getMessage().contains("epsilon"), negative.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SignPerturbation(Double.NaN));
        IllegalArgumentException probability = assertThrows(IllegalArgumentException.class,
                () -> new SignPerturbation(0.1, 1.5));
        assertTrue(probability.getMessage().contains("growProbability"), probability.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SignPerturbation(0.1, Double.NaN));
        assertThrows(IllegalArgumentException.class,
                () -> new SignPerturbation(0.1).apply(Nd4j.ones(DataType.INT, 3), rng(1)));
    }

    private static MultiLayerConfiguration smallNet(PerturbationPlacement placement) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(12345)
                .dataType(DataType.DOUBLE)
                .updater(new NoOp())
                .list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(6).activation(Activation.TANH).build())
                .layer(new DenseLayer.Builder().nIn(6).nOut(5).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(5).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .build();
        return placement.applyTo(conf, new SignPerturbation(0.3));
    }

    @Test
    void networkGradientMatchesFiniteDifferencesWithThePerturbationOn() {
        DataType defaultType = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            checkGradientsWithPerturbation();
        } finally {
            Nd4j.setDefaultDataTypes(defaultType, defaultType);
        }
    }

    private static void checkGradientsWithPerturbation() {
        MultiLayerNetwork net = new MultiLayerNetwork(smallNet(PerturbationPlacement.inputAndAllHidden()));
        net.init();
        INDArray x = Nd4j.rand(DataType.DOUBLE, 5, 4).subi(0.5);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, 5, 3);
        for (int i = 0; i < 5; i++) {
            y.putScalar(i, i % 3, 1.0);
        }
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(x)
                .labels(y).callEachIter(n -> Nd4j.getRandom().setSeed(12345))
                .epsilon(1e-6).maxRelError(1e-4).minAbsoluteError(1e-9));
        assertTrue(ok, "gradient check failed with the sign perturbation on input and hidden layers");
    }

    @Test
    void networkIsTheIdentityAtInference() {
        MultiLayerNetwork plain = new MultiLayerNetwork(smallNet(PerturbationPlacement.none()));
        plain.init();
        MultiLayerNetwork perturbed = new MultiLayerNetwork(smallNet(PerturbationPlacement.inputAndAllHidden()));
        perturbed.init(plain.params().dup(), true);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 7, 4);
        assertEquals(plain.output(x, false), perturbed.output(x, false));
        assertNotEquals(plain.output(x, false), perturbed.output(x, true), "training output not perturbed");
    }

    @Test
    void survivesJsonAndModelFileRoundTrips() throws Exception {
        MultiLayerConfiguration conf = smallNet(PerturbationPlacement.inputAndAllHidden());
        MultiLayerConfiguration restored = MultiLayerConfiguration.fromJson(conf.toJson());
        assertEquals(conf, restored);
        assertEquals(new SignPerturbation(0.3), restored.getConf(1).getLayer().getIDropout());

        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(net, bytes, false);
        MultiLayerNetwork loaded = ModelSerializer.restoreMultiLayerNetwork(
                new ByteArrayInputStream(bytes.toByteArray()), false);
        assertEquals(new SignPerturbation(0.3), loaded.getLayerWiseConfigurations().getConf(0).getLayer()
                .getIDropout());
        assertArrayEquals(net.params().toDoubleVector(), loaded.params().toDoubleVector(), 0.0);
    }
}
