package org.rtrain.models.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class StochasticDepthVertexTest {

    /** input -> shortcut (dense) and residual (dense), merged by {@code merge}, then a softmax classifier. */
    private static ComputationGraph block(StochasticDepthVertex merge, DataType dataType) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(7).dataType(dataType)
                .updater(new NoOp()).graphBuilder()
                .addInputs("input").setInputTypes(InputType.feedForward(4))
                .addLayer("shortcut", new DenseLayer.Builder().nOut(3).activation(Activation.TANH).build(), "input")
                .addLayer("residual", new DenseLayer.Builder().nOut(3).activation(Activation.TANH).build(), "input")
                .addVertex("merge", merge, "shortcut", "residual")
                .addLayer("output", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2)
                        .activation(Activation.SOFTMAX).build(), "merge")
                .setOutputs("output").build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        return graph;
    }

    /** Whether the merge kept the residual branch in a training forward pass drawn after seeding with {@code seed}. */
    private static boolean keptWithSeed(ComputationGraph graph, INDArray x, long seed) {
        Nd4j.getRandom().setSeed(seed);
        Map<String, INDArray> activations = graph.feedForward(x, true);
        INDArray merged = activations.get("merge");
        INDArray shortcut = activations.get("shortcut");
        INDArray sum = shortcut.add(activations.get("residual"));
        if (merged.equalsWithEps(sum, 1e-6)) {
            return true;
        }
        assertTrue(merged.equalsWithEps(shortcut, 1e-6), "merge is neither shortcut + residual nor shortcut");
        return false;
    }

    @Test
    void gradientMatchesFiniteDifferencesWithTheBranchKeptAndDropped() {
        GradientChecks.inDoublePrecision(() -> {
            ComputationGraph graph = block(new StochasticDepthVertex(0.5), DataType.DOUBLE);
            INDArray x = Nd4j.rand(DataType.DOUBLE, 5, 4).subi(0.5);
            INDArray y = Nd4j.eye(2).castTo(DataType.DOUBLE).getRows(0, 1, 0, 1, 1);
            boolean[] checked = new boolean[2];
            for (long seed = 1; seed < 50 && !(checked[0] && checked[1]); seed++) {
                boolean kept = keptWithSeed(graph, x, seed);
                if (checked[kept ? 1 : 0]) {
                    continue;
                }
                long fixedSeed = seed;
                assertTrue(GradientCheckUtil.checkGradients(GradientChecks.of(graph, new INDArray[] {x},
                        new INDArray[] {y}, 1e-10)
                        .callEachIter(g -> Nd4j.getRandom().setSeed(fixedSeed))), "kept = " + kept);
                graph.setInputs(x);
                graph.setLabels(y);
                Nd4j.getRandom().setSeed(fixedSeed);
                graph.computeGradientAndScore();
                double residualGradient = graph.gradient().getGradientFor("residual_W").norm2Number().doubleValue();
                assertEquals(kept, residualGradient > 0, "a dropped branch gets no gradient, a kept one does");
                checked[kept ? 1 : 0] = true;
            }
            assertTrue(checked[0] && checked[1], "seeds never gave both a kept and a dropped branch");
        });
    }

    @Test
    void branchIsKeptAtTheSurvivalRateForTheWholeBatch() {
        double survival = 0.7;
        ComputationGraph graph = block(new StochasticDepthVertex(survival), DataType.FLOAT);
        INDArray x = Nd4j.rand(DataType.FLOAT, 6, 4).subi(0.5);
        Nd4j.getRandom().setSeed(12345);
        int trials = 2000;
        int kept = 0;
        for (int i = 0; i < trials; i++) {
            Map<String, INDArray> activations = graph.feedForward(x, true);
            INDArray sum = activations.get("shortcut").add(activations.get("residual"));
            // The whole batch shares one draw: every row keeps the branch or none does.
            if (activations.get("merge").equalsWithEps(sum, 1e-6)) {
                kept++;
            } else {
                assertTrue(activations.get("merge").equalsWithEps(activations.get("shortcut"), 1e-6),
                        "some rows kept the branch and others did not");
            }
        }
        double standardError = Math.sqrt(survival * (1 - survival) / trials);
        assertEquals(survival, kept / (double) trials, 4 * standardError);
    }

    @Test
    void inferenceScalesTheBranchBySurvivalAndTheInferenceFormDoesSoInTraining() {
        double survival = 0.6;
        StochasticDepthVertex vertex = new StochasticDepthVertex(survival);
        ComputationGraph graph = block(vertex, DataType.FLOAT);
        INDArray x = Nd4j.rand(DataType.FLOAT, 3, 4);
        Map<String, INDArray> inference = graph.feedForward(x, false);
        INDArray expected = inference.get("shortcut").add(inference.get("residual").mul(survival));
        assertTrue(inference.get("merge").equalsWithEps(expected, 1e-6));

        assertEquals(new StochasticDepthVertex(survival, true), vertex.inferenceForm());
        ComputationGraph deterministic = block(vertex.inferenceForm(), DataType.FLOAT);
        deterministic.setParams(graph.params());
        for (int i = 0; i < 5; i++) {
            assertTrue(deterministic.feedForward(x, true).get("merge").equalsWithEps(expected, 1e-6));
        }
    }

    @Test
    void survivesJsonAndRejectsBadConfigurations() {
        ComputationGraphConfiguration conf = block(new StochasticDepthVertex(0.8), DataType.FLOAT).getConfiguration();
        ComputationGraphConfiguration restored = ComputationGraphConfiguration.fromJson(conf.toJson());
        assertEquals(conf, restored);
        assertEquals(new StochasticDepthVertex(0.8), restored.getVertices().get("merge"));

        assertThrows(IllegalArgumentException.class, () -> new StochasticDepthVertex(0.0));
        assertThrows(IllegalArgumentException.class, () -> new StochasticDepthVertex(1.5));
        assertThrows(InvalidInputTypeException.class, () -> new StochasticDepthVertex(0.5)
                .getOutputType(0, InputType.feedForward(3), InputType.feedForward(4)));
    }
}
