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
import org.deeplearning4j.nn.conf.WorkspaceMode;
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
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

class SignPerturbationTest {

    private static Random rng(long seed) {
        return Nd4j.getRandomFactory().getNewRandomInstance(seed);
    }

    @Test
    void multiplierIsExactlyOnePlusOrMinusEpsilonAndGrowsWithTheGivenProbability() {
        for (double p : new double[] {0.5, 0.3}) {
            double eps = 0.2;
            int n = 200_000;
            INDArray x = Nd4j.ones(DataType.FLOAT, n);
            INDArray m = new SignPerturbation(eps, p).drawMultiplier(x, eps, rng(7));
            float[] values = m.toFloatVector();
            long grown = 0;
            for (float v : values) {
                boolean isGrow = v == (float) (1 + eps);
                boolean isShrink = v == (float) (1 - eps);
                assertTrue(isGrow || isShrink, "multiplier " + v + " is neither 1-eps nor 1+eps");
                grown += isGrow ? 1 : 0;
            }
            double sigma = Math.sqrt(n * p * (1 - p));
            assertEquals(n * p, grown, 5 * sigma, "growth count for p=" + p);
        }
        INDArray doubles = new SignPerturbation(0.2).drawMultiplier(Nd4j.ones(DataType.DOUBLE, 1000), 0.2, rng(8));
        for (double v : doubles.toDoubleVector()) {
            assertTrue(v == 1.2 || v == 1 - 0.2, "DOUBLE multiplier " + v);
        }
    }

    @Test
    void applyMultipliesByExactlyTheMultiplierDrawnFromTheSameRandomState() {
        INDArray rank4 = Nd4j.rand(DataType.DOUBLE, 5, 3, 4, 6).subi(0.5);
        for (PerturbationGranularity granularity : PerturbationGranularity.values()) {
            for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE, DataType.FLOAT16}) {
                for (double p : new double[] {0.5, 0.3}) {
                    INDArray x = rank4.castTo(type);
                    SignPerturbation perturbation = new SignPerturbation(0.3, p).withGranularity(granularity);
                    INDArray m = perturbation.drawMultiplier(x, 0.3, rng(21));
                    assertEquals(type, m.dataType());
                    INDArray full = m.rank() == 4 ? m
                            : m.reshape(m.rank() == 1 ? new long[] {5, 1, 1, 1} : new long[] {5, 3, 1, 1})
                            .broadcast(5, 3, 4, 6);
                    INDArray expected = x.mul(full);
                    assertEquals(expected, perturbation.apply(x, rng(21)), granularity + " " + type + " p=" + p);
                }
            }
        }
    }

    @Test
    void stridedInputsGetTheSameDrawAsTheirRowMajorCopy() {
        INDArray base = Nd4j.rand(DataType.FLOAT, 40, 300).subi(0.5);
        INDArray columns = base.get(NDArrayIndex.all(), NDArrayIndex.interval(10, 250));
        INDArray permuted = Nd4j.rand(DataType.FLOAT, 4, 5, 6, 3).permute(0, 3, 1, 2);
        SignPerturbation perturbation = new SignPerturbation(0.2);
        for (INDArray x : new INDArray[] {columns, permuted}) {
            INDArray before = x.dup();
            INDArray out = perturbation.apply(x, rng(9));
            assertEquals(before, x, "input mutated");
            assertEquals(perturbation.apply(x.dup('c'), rng(9)), out);
        }
    }

    @Test
    void columnMajorInputsTakeTheDrawInTheirMemoryOrderAndBackpropAcrossOrders() {
        for (double p : new double[] {0.5, 0.3}) {
            INDArray rowMajor = Nd4j.rand(DataType.FLOAT, 64, 500).subi(0.5);
            INDArray columnMajor = rowMajor.dup('f');
            SignPerturbation perturbation = new SignPerturbation(0.2, p);
            INDArray m = perturbation.drawMultiplier(columnMajor, 0.2, rng(10));
            assertEquals('f', m.ordering());
            assertArrayEquals(perturbation.drawMultiplier(rowMajor, 0.2, rng(10)).data().asFloat(), m.data().asFloat(),
                    "the same draw in memory order");
            assertEquals(columnMajor.mul(m), perturbation.apply(columnMajor, rng(10)));

            // DL4J's dense layers give column-major activations and can return a row-major gradient.
            INDArray out = perturbation.applyDropout(columnMajor, columnMajor.ulike(), 0, 0,
                    LayerWorkspaceMgr.noWorkspaces());
            INDArray used = out.div(columnMajor);
            INDArray grad = Nd4j.rand(DataType.FLOAT, 64, 500);
            assertEquals('c', grad.ordering());
            INDArray expected = grad.mul(used);
            assertTrue(perturbation.backprop(grad, grad, 0, 0).equalsWithEps(expected, 1e-6), "p=" + p);
        }
    }

    @Test
    void backpropInPlaceAsDl4jCallsItUsesTheForwardMultiplier() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            for (double p : new double[] {0.5, 0.3}) {
                INDArray x = Nd4j.rand(type, 70, 1100).addi(0.5);
                SignPerturbation perturbation = new SignPerturbation(0.25, p);
                INDArray out = perturbation.applyDropout(x, x.ulike(), 0, 0, LayerWorkspaceMgr.noWorkspaces());
                INDArray grad = Nd4j.rand(type, 70, 1100);
                INDArray expected = grad.mul(out.div(x));
                INDArray back = perturbation.backprop(grad, grad, 0, 0);
                assertTrue(back == grad, "DL4J passes the same array and uses what comes back");
                assertTrue(back.equalsWithEps(expected, type == DataType.FLOAT ? 1e-6 : 1e-12), type + " p=" + p);
            }
        }
    }

    @Test
    void emptyActivationsPassThrough() {
        INDArray empty = Nd4j.create(DataType.FLOAT, 0, 5);
        SignPerturbation perturbation = new SignPerturbation(0.1);
        assertTrue(perturbation.apply(empty, rng(1)).isEmpty());
        INDArray out = perturbation.applyDropout(empty, null, 0, 0, LayerWorkspaceMgr.noWorkspaces());
        assertArrayEquals(new long[] {0, 5}, out.shape());
        assertTrue(perturbation.backprop(empty, empty, 0, 0).isEmpty());
    }

    @Test
    void backpropRejectsAGradientOfAnotherShape() {
        SignPerturbation perturbation = new SignPerturbation(0.1);
        perturbation.applyDropout(Nd4j.ones(DataType.FLOAT, 4, 5), null, 0, 0, LayerWorkspaceMgr.noWorkspaces());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> perturbation.backprop(Nd4j.ones(DataType.FLOAT, 5, 4), null, 0, 0));
        assertTrue(e.getMessage().contains("[5, 4]") && e.getMessage().contains("[4, 5]"), e.getMessage());
    }

    @Test
    void applyDropoutDrawsFromNd4jsStreamReproduciblyAndFreshEachCall() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 32, 100);
        SignPerturbation perturbation = new SignPerturbation(0.1);
        Nd4j.getRandom().setSeed(77);
        INDArray first = perturbation.applyDropout(x, null, 0, 0, LayerWorkspaceMgr.noWorkspaces());
        INDArray second = perturbation.applyDropout(x, null, 0, 0, LayerWorkspaceMgr.noWorkspaces());
        Nd4j.getRandom().setSeed(77);
        assertEquals(first, perturbation.applyDropout(x, null, 0, 0, LayerWorkspaceMgr.noWorkspaces()));
        assertNotEquals(first, second);
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
                () -> new SignPerturbation(0.1).apply(Nd4j.ones(DataType.INT32, 3), rng(1)));
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
    void trainingWithWorkspacesIsReproducibleFromTheNetworkSeed() {
        INDArray x = Nd4j.rand(DataType.DOUBLE, 16, 4).subi(0.5);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, 16, 3);
        for (int i = 0; i < 16; i++) {
            y.putScalar(i, i % 3, 1.0);
        }
        INDArray[] params = new INDArray[2];
        for (int run = 0; run < 2; run++) {
            MultiLayerConfiguration conf = smallNet(PerturbationPlacement.inputAndAllHidden());
            conf.setTrainingWorkspaceMode(WorkspaceMode.ENABLED);
            MultiLayerNetwork net = new MultiLayerNetwork(conf);
            net.init();
            for (int step = 0; step < 5; step++) {
                net.fit(x, y);
            }
            params[run] = net.params().dup();
        }
        assertEquals(params[0], params[1], "same seed, different training");
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
