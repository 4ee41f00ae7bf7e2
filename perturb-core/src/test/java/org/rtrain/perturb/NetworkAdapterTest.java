package org.rtrain.perturb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.listeners.ScoreIterationListener;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class NetworkAdapterTest {

    private static MultiLayerNetwork network() {
        MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3)
                .dataType(DataType.DOUBLE).updater(new Nesterovs(0.1, 0.9)).l2(1e-3).list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(5).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(5).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .build());
        network.init();
        return network;
    }

    private static DataSet batch() {
        INDArray features = Nd4j.rand(DataType.DOUBLE, 6, 4);
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, 6, 3);
        for (int i = 0; i < 6; i++) {
            labels.putScalar(i, i % 3, 1.0);
        }
        return new DataSet(features, labels);
    }

    /** One manual step through the adapter: the pass, the updater, the parameter update. */
    private static double manualStep(NetworkAdapter adapter, DataSet batch) {
        double loss = adapter.computeGradientAndScore(batch.getFeatures(), batch.getLabels());
        adapter.applyUpdater(adapter.iterationCount(), adapter.epochCount(), batch.numExamples());
        Model model = adapter.model();
        model.params().subi(model.getGradientsViewArray().reshape(model.params().shape()));
        adapter.setIterationCount(adapter.iterationCount() + 1);
        return loss;
    }

    @Test
    void takesNetworksAndGraphsOnly() {
        MultiLayerNetwork network = network();
        assertSame(network, NetworkAdapter.of(network).model());
        ComputationGraph graph = network.toComputationGraph();
        assertSame(graph, NetworkAdapter.of(graph).model());
        IllegalArgumentException layer = assertThrows(IllegalArgumentException.class,
                () -> NetworkAdapter.of(network.getLayer(0)));
        assertTrue(layer.getMessage().contains("MultiLayerNetwork or a ComputationGraph"), layer.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NetworkAdapter.of(null));
    }

    @Test
    void matchHandsOverTheConcreteNetwork() {
        MultiLayerNetwork network = network();
        ComputationGraph graph = network.toComputationGraph();
        assertEquals("network", NetworkAdapter.of(network).match(n -> "network", g -> "graph"));
        assertEquals("graph", NetworkAdapter.of(graph).match(n -> "network", g -> "graph"));
        assertSame(graph, NetworkAdapter.of(graph).match(n -> n, g -> g));
    }

    @Test
    void bothKindsComputeWhatDl4jComputesForThem() {
        DataSet batch = batch();
        MultiLayerNetwork network = network();
        ComputationGraph graph = network.toComputationGraph();
        NetworkAdapter chain = NetworkAdapter.of(network);
        NetworkAdapter dag = NetworkAdapter.of(graph);
        assertEquals(2, chain.layers().length);
        assertEquals(2, dag.layers().length);
        assertEquals(network.output(batch.getFeatures(), false), chain.output(batch.getFeatures()));
        assertEquals(graph.outputSingle(false, batch.getFeatures()), dag.output(batch.getFeatures()));
        assertEquals(network.scoreExamples(batch, false), chain.lossPerExample(batch));
        assertTrue(chain.lossPerExample(batch).equalsWithEps(dag.lossPerExample(batch), 1e-12));

        // A manual step through the adapter is DL4J's own fit, on either kind.
        MultiLayerNetwork fitted = network();
        for (int step = 0; step < 3; step++) {
            fitted.fit(batch);
            double chainLoss = manualStep(chain, batch);
            double dagLoss = manualStep(dag, batch);
            assertEquals(fitted.score(), chainLoss, 1e-12, "step " + step);
            assertEquals(chainLoss, dagLoss, 1e-12, "step " + step);
        }
        assertTrue(fitted.params().equalsWithEps(network.params(), 1e-12), "network differs from fit");
        assertTrue(fitted.params().equalsWithEps(graph.params(), 1e-12), "graph differs from fit");
        assertEquals(3, network.getIterationCount());
        assertEquals(3, graph.getIterationCount());

        NetworkAdapter refitted = NetworkAdapter.of(network().toComputationGraph());
        for (int step = 0; step < 3; step++) {
            refitted.fit(batch);
        }
        assertTrue(fitted.params().equalsWithEps(refitted.model().params(), 1e-12), "adapter fit differs from fit");
    }

    @Test
    void countersScoreAndListenersReachTheNetwork() {
        for (Model model : List.<Model>of(network(), network().toComputationGraph())) {
            NetworkAdapter adapter = NetworkAdapter.of(model);
            adapter.setIterationCount(7);
            adapter.setEpochCount(2);
            adapter.incrementEpochCount();
            assertEquals(7, adapter.iterationCount());
            assertEquals(3, adapter.epochCount());
            adapter.setScore(1.5);
            assertEquals(1.5, model.score());
            ScoreIterationListener listener = new ScoreIterationListener(10);
            adapter.setListeners(List.of(listener));
            assertEquals(List.of(listener), List.copyOf(adapter.listeners()));
        }
    }
}
