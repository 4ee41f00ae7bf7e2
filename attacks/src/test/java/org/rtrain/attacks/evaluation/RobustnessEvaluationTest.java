package org.rtrain.attacks.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.rtrain.attacks.AttackFixtures;
import org.rtrain.attacks.PgdAttack;
import org.rtrain.attacks.disturbance.Disturbance;
import org.rtrain.attacks.disturbance.RandomCropDisturbance;
import org.rtrain.attacks.disturbance.RandomFiveCropDisturbance;
import org.rtrain.attacks.disturbance.RandomGrayscaleDisturbance;
import org.rtrain.attacks.gradient.InputGradientTest;

class RobustnessEvaluationTest {

    private static final List<Double> EPSILONS = List.of(0.0, 0.05, 0.1, 0.2);

    /** Trained once for the class: evaluations never modify the model. */
    private static MultiLayerNetwork trained;

    @BeforeAll
    static void train() {
        trained = AttackFixtures.trainedCnn();
    }

    /** Table 1's disturbances, FGSM and PGD (10 steps of eps / 4, random start) at {@link #EPSILONS}. */
    private static RobustnessEvaluation evaluation(Integer maxAttacked) {
        return RobustnessEvaluation.builder().disturbances(Disturbance.table1()).fgsmEpsilons(EPSILONS)
                .pgdEpsilons(EPSILONS).pgdSteps(10).pgdRelativeStepSize(0.25).maxAttackedExamples(maxAttacked).seed(5)
                .build();
    }

    private static Supplier<java.util.Iterator<DataSet>> batches(DataSet data, int batchSize) {
        List<DataSet> list = data.batchBy(batchSize);
        return list::iterator;
    }

    @Test
    void curvesOnATrainedModelAreSaneAndStartAtTheCleanAccuracy() {
        MultiLayerNetwork net = trained;
        DataSet test = AttackFixtures.learnable(60, 12);
        INDArray before = test.getFeatures().dup();
        RobustnessResult result = evaluation(null).evaluate(net, CNN2DFormat.NCHW, batches(test, 16));
        assertEquals(before, test.getFeatures(), "the test batches were modified");

        AccuracyEstimate clean = result.clean();
        assertEquals(60, clean.examples());
        assertEquals(AttackFixtures.accuracy(net, test.getFeatures(), test.getLabels()), clean.top1(), 1e-12);
        assertTrue(clean.top1() > 0.9, "fixture model did not learn: " + clean.top1());
        assertNull(clean.top5(), "3 classes: no top-5");
        assertEquals(Disturbance.table1().stream().map(Disturbance::name).toList(),
                new ArrayList<>(result.disturbances().keySet()));
        result.disturbances().values().forEach(accuracy -> assertEquals(60, accuracy.examples()));

        List<AttackAccuracy> fgsm = result.curve(AttackAccuracy.FGSM);
        List<AttackAccuracy> pgd = result.curve(AttackAccuracy.PGD);
        assertEquals(EPSILONS, fgsm.stream().map(AttackAccuracy::epsilon).toList());
        assertEquals(clean, fgsm.get(0).accuracy(), "FGSM at eps 0 must give the clean accuracy exactly");
        assertEquals(clean, pgd.get(0).accuracy(), "PGD at eps 0 must give the clean accuracy exactly");
        double slack = 2.0 / 60;
        for (int i = 1; i < EPSILONS.size(); i++) {
            assertTrue(fgsm.get(i).accuracy().top1() <= fgsm.get(i - 1).accuracy().top1() + slack, "FGSM curve rises");
            assertTrue(pgd.get(i).accuracy().top1() <= pgd.get(i - 1).accuracy().top1() + slack, "PGD curve rises");
            assertTrue(pgd.get(i).accuracy().top1() <= fgsm.get(i).accuracy().top1() + slack,
                    "PGD weaker than FGSM at eps " + EPSILONS.get(i));
            ConfidenceInterval interval = pgd.get(i).accuracy().top1Interval();
            assertTrue(interval.lower() < interval.upper(), "degenerate interval " + interval);
        }
        assertTrue(pgd.get(3).accuracy().top1() < clean.top1() - 0.2, "PGD at 0.2 barely hurt: " + result.toJson());

        assertEquals(result, RobustnessResult.fromJson(result.toJson()));
        RobustnessEvaluation randomOnly = RobustnessEvaluation.builder().disturbances(Disturbance.table1())
                .pgdEpsilons(List.of(0.1)).pgdSteps(2).pgdRelativeStepSize(0.5).seed(5).build();
        assertEquals(randomOnly.evaluate(net, CNN2DFormat.NCHW, batches(test, 16)),
                randomOnly.evaluate(net, CNN2DFormat.NCHW, batches(test, 16)), "not reproducible");
    }

    @Test
    void onlyTheFirstExamplesAreAttackedWhenCapped() {
        MultiLayerNetwork net = trained;
        DataSet test = AttackFixtures.learnable(60, 13);
        RobustnessEvaluation capped = RobustnessEvaluation.builder().fgsmEpsilons(List.of(0.0, 0.1))
                .pgdEpsilons(List.of(0.1)).pgdSteps(3).pgdRelativeStepSize(0.5).pgdRestarts(2).maxAttackedExamples(20)
                .seed(6).build();
        RobustnessResult result = capped.evaluate(net, CNN2DFormat.NCHW, batches(test, 16));
        assertEquals(60, result.clean().examples());
        result.attacks().forEach(point -> assertEquals(20, point.accuracy().examples(), point.toString()));
        INDArray first = test.getFeatures().get(NDArrayIndex.interval(0, 20));
        INDArray firstLabels = test.getLabels().get(NDArrayIndex.interval(0, 20));
        assertEquals(AttackFixtures.accuracy(net, first, firstLabels), result.attacks().get(0).accuracy().top1(), 1e-12,
                "eps 0 on the attacked examples is their clean accuracy");
    }

    @Test
    void pgdAttacksFewerExamplesThanFgsmWhenItsOwnCapIsSmaller() {
        MultiLayerNetwork net = trained;
        DataSet test = AttackFixtures.learnable(60, 13);
        RobustnessEvaluation pgdOnlySettings = RobustnessEvaluation.builder().pgdEpsilons(List.of(0.1)).pgdSteps(3)
                .pgdRelativeStepSize(0.5).maxAttackedExamples(40).seed(6).build();
        RobustnessEvaluation evaluation = pgdOnlySettings.toBuilder().fgsmEpsilons(List.of(0.0, 0.1)).build()
                .withPgd(List.of(0.1, 0.2), 20);
        RobustnessResult result = evaluation.evaluate(net, CNN2DFormat.NCHW, batches(test, 16));
        assertEquals(List.of(40, 40, 20, 20), result.attacks().stream().map(p -> (int) p.accuracy().examples())
                .toList(), "FGSM on the first 40, PGD on the first 20 (spanning two batches of 16)");
        RobustnessResult pgdOnly = pgdOnlySettings.evaluate(net, CNN2DFormat.NCHW, batches(test, 16));
        RobustnessResult pgdCapped = pgdOnlySettings.toBuilder().maxAttackedExamples(null).maxPgdExamples(40).build()
                .evaluate(net, CNN2DFormat.NCHW, batches(test, 16));
        assertEquals(pgdOnly.attacks(), pgdCapped.attacks(), "a PGD cap equal to the shared cap changes nothing");
        assertThrows(IllegalArgumentException.class, () -> evaluation.withPgd(List.of(0.1), 0));
    }

    @Test
    void graphsAndChannelsLastModelsWithBatchNormAreEvaluated() {
        ComputationGraph graph = InputGradientTest.batchNormStochasticDepthGraph();
        DataSet graphTest = new DataSet(AttackFixtures.images(12, 6, 14), AttackFixtures.labels(12));
        RobustnessEvaluation small = RobustnessEvaluation.builder().disturbances(Disturbance.table1())
                .fgsmEpsilons(List.of(0.0, 0.1)).pgdEpsilons(List.of(0.0, 0.1)).pgdSteps(3).pgdRelativeStepSize(0.5)
                .seed(7).build();
        RobustnessResult graphResult = small.evaluate(graph, CNN2DFormat.NCHW, batches(graphTest, 5));
        assertEquals(12, graphResult.clean().examples());
        assertEquals(graphResult.clean(), graphResult.curve(AttackAccuracy.PGD).get(0).accuracy());

        MultiLayerNetwork channelsLast = AttackFixtures.batchNormCnn(CNN2DFormat.NHWC, false);
        DataSet nchw = AttackFixtures.learnable(12, 15);
        DataSet nhwc = new DataSet(AttackFixtures.channelsLast(nchw.getFeatures()), nchw.getLabels());
        RobustnessResult nhwcResult = small.evaluate(channelsLast, CNN2DFormat.NHWC, batches(nhwc, 5));
        assertEquals(12, nhwcResult.disturbances().get(RandomFiveCropDisturbance.NAME).examples());
        assertEquals(nhwcResult.clean(), nhwcResult.curve(AttackAccuracy.FGSM).get(0).accuracy());
    }

    @Test
    void topFiveCountsWithMoreThanFiveClassesOnly() {
        AccuracyCounter seven = new AccuracyCounter("seven classes");
        INDArray scores = Nd4j.createFromArray(new double[][] {
                {0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3},   // true class 5 ranks 6th: miss
                {0.1, 0.9, 0.8, 0.7, 0.6, 0.5, 0.2},   // true class 5 ranks 5th: top-5 hit
                {0.5, 0.5, 0.1, 0.1, 0.1, 0.1, 0.1},   // tie with a lower index: true class 1 ranks 2nd
                {0.3, 0.3, 0.1, 0.1, 0.1, 0.1, 0.1},   // tie, true class 0 is the argmax: top-1 hit
                {Double.NaN, 0, 0, 0, 0, 0, 0}});      // NaN score of the true class: miss
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, 5, 7);
        int[] truth = {5, 5, 1, 0, 0};
        for (int i = 0; i < truth.length; i++) {
            labels.putScalar(i, truth[i], 1.0);
        }
        seven.add(scores, labels);
        AccuracyEstimate estimate = seven.estimate();
        assertEquals(5, estimate.examples());
        assertEquals(1 / 5.0, estimate.top1(), 1e-12);
        assertEquals(3 / 5.0, estimate.top5(), 1e-12);

        AccuracyCounter five = new AccuracyCounter("five classes");
        five.add(Nd4j.createFromArray(new double[][] {{0.1, 0.2, 0.3, 0.2, 0.2}}),
                Nd4j.createFromArray(new double[][] {{0, 0, 1, 0, 0}}));
        assertNull(five.estimate().top5());
        assertNull(five.estimate().top5Interval());

        IllegalArgumentException notOneHot = assertThrows(IllegalArgumentException.class,
                () -> new AccuracyCounter("x").add(Nd4j.createFromArray(new double[][] {{0.2, 0.8}}),
                        Nd4j.createFromArray(new double[][] {{0.5, 0.5}})));
        assertTrue(notOneHot.getMessage().contains("not one-hot"), notOneHot.getMessage());
    }

    @Test
    void wilsonIntervalsMatchNewcombesPublishedValues() {
        // Newcombe, "Two-sided confidence intervals for the single proportion" (Stat. Med. 1998), Table I, method 3.
        assertInterval(0.2553, 0.3662, ConfidenceInterval.wilson(81, 263));
        assertInterval(0.0624, 0.1605, ConfidenceInterval.wilson(15, 148));
        assertInterval(0.0, 0.1611, ConfidenceInterval.wilson(0, 20));
        assertInterval(0.0061, 0.1718, ConfidenceInterval.wilson(1, 29));
        ConfidenceInterval all = ConfidenceInterval.wilson(20, 20);
        assertEquals(1.0, all.upper());
        assertInterval(0.8389, 1.0, all);
    }

    private static void assertInterval(double lower, double upper, ConfidenceInterval interval) {
        assertEquals(lower, interval.lower(), 5e-5, interval.toString());
        assertEquals(upper, interval.upper(), 5e-5, interval.toString());
    }

    @Test
    void badBatchesAreRefusedWithClearMessages() {
        MultiLayerNetwork net = AttackFixtures.smallCnn(1.0);
        RobustnessEvaluation evaluation = RobustnessEvaluation.builder().fgsmEpsilons(List.of(0.1)).pgdSteps(2)
                .pgdRelativeStepSize(0.5).seed(1).build();
        INDArray x = AttackFixtures.images(4, 16);
        INDArray fourClasses = Nd4j.eye(4).castTo(DataType.DOUBLE);
        assertMessage("one column per output class", () -> evaluation.evaluate(net, CNN2DFormat.NCHW,
                () -> List.of(new DataSet(x, fourClasses)).iterator()));
        assertMessage("no test examples", () -> evaluation.evaluate(net, CNN2DFormat.NCHW,
                () -> Collections.emptyIterator()));
        assertMessage("rank 4", () -> evaluation.evaluate(net, CNN2DFormat.NCHW,
                () -> List.of(new DataSet(x.reshape(4, 64), AttackFixtures.labels(4))).iterator()));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, call);
        assertTrue(error.getMessage().contains(expected), error.getMessage());
    }

    @Test
    void settingsValidateAndRoundTripThroughJson() {
        RobustnessEvaluation standard = RobustnessEvaluation.standard(RobustnessEvaluation.NATURAL_IMAGE_EPSILONS, 3)
                .withMaxAttackedExamples(500);
        assertEquals(standard, RobustnessEvaluation.fromJson(standard.toJson()), standard.toJson());
        assertEquals(new PgdAttack(0.3, 0.01, 40, true, 1, 3).epsilon(), standard.pgd(0.3).epsilon());
        assertEquals(0.01, standard.pgd(0.3).stepSize(), 1e-15);
        assertEquals(40, standard.pgd(0.3).steps());
        assertThrows(IllegalArgumentException.class, () -> RobustnessEvaluation.builder()
                .disturbances(List.of(RandomCropDisturbance.standard(), new RandomCropDisturbance(0.2))).seed(0)
                .build());
        assertThrows(IllegalArgumentException.class, () -> RobustnessEvaluation.builder().fgsmEpsilons(List.of(-0.1))
                .seed(0).build());
        assertThrows(IllegalArgumentException.class, () -> RobustnessEvaluation.builder().pgdSteps(0).seed(0).build());
        assertThrows(IllegalArgumentException.class, () -> RobustnessEvaluation.builder().maxAttackedExamples(0)
                .seed(0).build());
        IllegalStateException noSeed = assertThrows(IllegalStateException.class,
                () -> RobustnessEvaluation.builder().fgsmEpsilons(List.of(0.1)).build());
        assertTrue(noSeed.getMessage().contains("seed"), noSeed.getMessage());
    }

    @Test
    void theBuilderDefaultsToMadrysPgdOnEveryExampleAndStartsFromAnySettings() {
        RobustnessEvaluation built = RobustnessEvaluation.builder().disturbances(Disturbance.table1())
                .fgsmEpsilons(EPSILONS).pgdEpsilons(EPSILONS).seed(8).build();
        assertEquals(RobustnessEvaluation.standard(EPSILONS, 8), built);
        assertEquals(new RobustnessEvaluation(List.of(), List.of(), List.of(), RobustnessEvaluation.MADRY_STEPS,
                RobustnessEvaluation.MADRY_RELATIVE_STEP_SIZE, 1, null, 3, null),
                RobustnessEvaluation.builder().seed(3).build());
        RobustnessEvaluation every = new RobustnessEvaluation(List.of(RandomGrayscaleDisturbance.standard()),
                List.of(0.1), List.of(0.2), 7, 0.3, 2, 50, 9, 20);
        assertEquals(every, every.toBuilder().build());
        assertEquals(every.withSeed(10), every.toBuilder().seed(10).build());
    }

    @Test
    void theJsonFormIsTheOneSavedSpecsAndResultsHold() {
        // As written into results/paper/t4-mnist-lenet-*/seed-*/result.json (provenance.spec.evaluation).
        String saved = "{\"disturbances\":[{\"type\":\"random_crop\",\"paddingFraction\":0.125},"
                + "{\"type\":\"random_hflip\",\"flipProbability\":0.5},"
                + "{\"type\":\"random_grayscale\",\"grayscaleProbability\":0.1},"
                + "{\"type\":\"random_color\",\"brightness\":0.4,\"contrast\":0.4,\"saturation\":0.4,\"hue\":0.1},"
                + "{\"type\":\"random_five_crop\",\"cropFraction\":0.875}],"
                + "\"fgsmEpsilons\":[0.0,0.05,0.1,0.2,0.3],\"pgdEpsilons\":[0.05,0.1,0.2,0.3],\"pgdSteps\":40,"
                + "\"pgdRelativeStepSize\":0.03333333333333333,\"pgdRestarts\":1,\"maxAttackedExamples\":null,"
                + "\"seed\":20180701,\"maxPgdExamples\":1000}";
        RobustnessEvaluation paper = RobustnessEvaluation.standard(RobustnessEvaluation.MNIST_EPSILONS, 20180701)
                .withPgd(List.of(0.05, 0.1, 0.2, 0.3), 1000);
        assertEquals(saved, paper.toJson());
        assertEquals(paper, RobustnessEvaluation.fromJson(saved));
    }

    @Test
    void aDataSetIteratorIsEvaluatedInTheLayoutOfTheModelsLayers() {
        DataSet nchw = AttackFixtures.learnable(12, 16);
        RobustnessEvaluation small = RobustnessEvaluation.builder().disturbances(Disturbance.table1())
                .fgsmEpsilons(List.of(0.1)).pgdEpsilons(List.of(0.1)).pgdSteps(2).seed(11).build();
        DataSetIterator channelsFirst = new ListDataSetIterator<>(nchw.asList(), 5);
        RobustnessResult expected = small.evaluate(trained, CNN2DFormat.NCHW, batches(nchw, 5));
        assertEquals(expected, small.evaluate(trained, channelsFirst));
        // An exhausted iterator is reset: a second evaluation sees the same batches.
        assertEquals(expected, small.evaluate(trained, channelsFirst));

        MultiLayerNetwork channelsLast = AttackFixtures.batchNormCnn(CNN2DFormat.NHWC, false);
        DataSet nhwc = new DataSet(AttackFixtures.channelsLast(nchw.getFeatures()), nchw.getLabels());
        assertEquals(small.evaluate(channelsLast, CNN2DFormat.NHWC, batches(nhwc, 5)),
                small.evaluate(channelsLast, new ListDataSetIterator<>(nhwc.asList(), 5)));
        ComputationGraph graph = trained.toComputationGraph();
        assertEquals(small.evaluate(graph, CNN2DFormat.NCHW, batches(nchw, 5)),
                small.evaluate(graph, new ListDataSetIterator<>(nchw.asList(), 5)));

        assertMessage("MultiLayerNetwork or a ComputationGraph", () -> small.evaluate(trained.getLayer(0),
                new ListDataSetIterator<>(nchw.asList(), 5)));
        MultiLayerNetwork dense = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(4).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .build());
        dense.init();
        assertMessage("image layout", () -> small.evaluate(dense, new ListDataSetIterator<>(nchw.asList(), 5)));
    }
}
