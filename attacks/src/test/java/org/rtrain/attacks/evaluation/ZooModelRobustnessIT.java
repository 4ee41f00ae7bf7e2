package org.rtrain.attacks.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.rtrain.attacks.AttackFixtures;
import org.rtrain.attacks.gradient.InputGradient;
import org.rtrain.models.layers.PixelNormalization;
import org.rtrain.models.training.OptimizerSettings;
import org.rtrain.models.zoo.Architecture;
import org.rtrain.models.zoo.InputShape;
import org.rtrain.models.zoo.LeNetArchitecture;
import org.rtrain.models.zoo.ModelSettings;
import org.rtrain.models.zoo.PerturbationSettings;
import org.rtrain.perturb.PerturbationPlacement;
import org.rtrain.perturb.backend.NativeFastPath;

/**
 * The zoo's networks as their architectures build them (native oneDNN path, NHWC, dropout and the sign
 * perturbation on) through this module's public API: a loop over architectures.
 */
class ZooModelRobustnessIT {

    private static final List<Architecture> ZOO = List.of(LeNetArchitecture.paper());

    private static ModelSettings settings(long seed) {
        return new ModelSettings(new InputShape(1, 28, 28, 10), PixelNormalization.identity(1),
                new PerturbationSettings(0.3, 0.5, PerturbationPlacement.inputAndAllHidden()),
                OptimizerSettings.constant(0.01, 0.9, 5e-4), seed);
    }

    private static DataSet batch(Architecture architecture, int n, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray pixels = Nd4j.rand(DataType.FLOAT, n, 1, 28, 28);
        INDArray features = architecture.inputFormat() == org.deeplearning4j.nn.conf.CNN2DFormat.NHWC
                ? AttackFixtures.channelsLast(pixels) : pixels;
        INDArray labels = Nd4j.zeros(DataType.FLOAT, n, 10);
        for (int i = 0; i < n; i++) {
            labels.putScalar(i, i % 10, 1.0);
        }
        return new DataSet(features, labels);
    }

    @Test
    void everyZooModelIsAttackedAndEvaluatedThroughThePublicApi() {
        RobustnessEvaluation evaluation = RobustnessEvaluation.standard(RobustnessEvaluation.MNIST_EPSILONS, 1)
                .withMaxAttackedExamples(8);
        for (Architecture architecture : ZOO) {
            Model model = architecture.network(settings(2));
            List<DataSet> test = List.of(batch(architecture, 8, 3), batch(architecture, 8, 4));
            RobustnessResult result = evaluation.evaluate(model, architecture.inputFormat(), test::iterator);
            assertEquals(16, result.clean().examples(), architecture.toString());
            assertEquals(5, result.disturbances().size());
            assertEquals(10, result.attacks().size());
            result.attacks().forEach(point -> assertEquals(8, point.accuracy().examples()));
            assertEquals(result.curve(AttackAccuracy.FGSM).get(0).accuracy(),
                    result.curve(AttackAccuracy.PGD).get(0).accuracy());
            assertEquals(result, evaluation.evaluate(model, new ListDataSetIterator<>(DataSet.merge(test).asList(), 8)),
                    architecture + ": the iterator's evaluation did not find the architecture's input layout");

            InputGradient gradient = InputGradient.forModel(model);
            DataSet one = test.get(0);
            assertEquals(gradient.of(one.getFeatures(), one.getLabels()),
                    gradient.of(one.getFeatures(), one.getLabels()), "dropout or perturbation on in the twin");
        }
    }

    @Test
    void inputGradientOnTheNativePathAgreesWithDl4jsStockPath() {
        Architecture lenet = LeNetArchitecture.paper();
        MultiLayerNetwork stock;
        String before = System.getProperty(NativeFastPath.HELPERS_DISABLE_PROPERTY);
        try {
            System.setProperty(NativeFastPath.HELPERS_DISABLE_PROPERTY, "true");
            stock = (MultiLayerNetwork) lenet.network(settings(5));
            System.clearProperty(NativeFastPath.HELPERS_DISABLE_PROPERTY);
        } finally {
            if (before != null) {
                System.setProperty(NativeFastPath.HELPERS_DISABLE_PROPERTY, before);
            }
        }
        MultiLayerNetwork nativePath = (MultiLayerNetwork) lenet.network(settings(5));
        assertFalse(NativeFastPath.layersOffFastPath(stock).isEmpty(), "fixture: the stock network is on oneDNN");
        assertTrue(NativeFastPath.layersOffFastPath(nativePath).isEmpty(), "fixture: LeNet is off the native path");
        assertEquals(stock.params(), nativePath.params());

        DataSet data = batch(lenet, 16, 6);
        INDArray expected = InputGradient.forModel(stock).of(data.getFeatures(), data.getLabels());
        INDArray actual = InputGradient.forModel(nativePath).of(data.getFeatures(), data.getLabels());
        double scale = Transforms.abs(expected).maxNumber().doubleValue();
        double difference = Transforms.abs(actual.sub(expected)).maxNumber().doubleValue();
        assertTrue(scale > 0 && difference < 1e-4 * scale, "native vs stock input gradient: max difference "
                + difference + " at scale " + scale);
    }
}
