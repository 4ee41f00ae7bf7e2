package org.rtrain.models.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rtrain.models.layers.PixelNormalization;
import org.rtrain.models.training.LearningRateSchedule;
import org.rtrain.models.training.OptimizerSettings;
import org.rtrain.perturb.PerturbationPlacement;
import org.rtrain.perturb.backend.LeanConvolution;

/**
 * Configuration JSON that the zoo wrote at commit 69ff665 (in {@code saved-69ff665/}), as checkpoints hold
 * it: every custom layer, vertex, preprocessor, loss and updater is there under its serialised class name,
 * as it was before the module was split into packages. With {@link FormerClassNames} registered it must still
 * load into a working network and serialise back to the same text under the classes' names now, and the zoo
 * must still build the same configurations.
 */
class SavedConfigurationTest {

    private static final String DIRECTORY = "/org/rtrain/models/saved-69ff665/";
    private static final PerturbationSettings EVERYWHERE = new PerturbationSettings(0.2, 0.5,
            PerturbationPlacement.inputAndAllHidden());
    private static final PixelNormalization RGB = new PixelNormalization(List.of(0.485, 0.456, 0.406),
            List.of(0.229, 0.224, 0.225));
    private static final PixelNormalization GREY = new PixelNormalization(List.of(0.1307), List.of(0.3081));
    private static final OptimizerSettings SGD = OptimizerSettings.constant(0.05, 0.9, 1e-4);
    private static final OptimizerSettings ADAM = new OptimizerSettings(OptimizerSettings.Method.ADAM, 0.01, 0.9,
            new LearningRateSchedule.Constant(), 0, false);
    private static final CondenseNetArchitecture CONDENSENET = new CondenseNetArchitecture(List.of(2, 1, 1, 1, 2),
            List.of(4, 4, 4, 4, 8), 4, 2, 2, 1e-3, 0.5);
    private static final ModelSettings CONDENSENET_SETTINGS = new ModelSettings(new InputShape(3, 32, 32, 5), RGB,
            EVERYWHERE, SGD, 7);

    /** Each saved graph configuration and the inputs of one forward pass through it. */
    private static final Map<String, List<long[]>> GRAPHS = Map.of(
            "condensenet-condensed-training.json", List.of(new long[] {2, 3, 32, 32}),
            "condensenet-test-time.json", List.of(new long[] {2, 3, 32, 32}),
            "capsnet-reconstruction.json", List.of(new long[] {2, 28, 28, 1}, new long[] {2, 5}),
            "stochastic-depth-resnet.json", List.of(new long[] {2, 3, 32, 32}));

    @Test
    void savedGraphConfigurationsLoadRunAndSerialiseUnchanged() throws IOException {
        FormerClassNames.register();
        for (Map.Entry<String, List<long[]>> saved : GRAPHS.entrySet()) {
            String json = read(saved.getKey());
            ComputationGraphConfiguration conf = ComputationGraphConfiguration.fromJson(json);
            assertEquals(withCurrentNames(json), conf.toJson(), saved.getKey());
            ComputationGraph network = new ComputationGraph(conf);
            network.init();
            INDArray[] inputs = saved.getValue().stream().map(shape -> Nd4j.rand(DataType.FLOAT, shape))
                    .toArray(INDArray[]::new);
            network.output(inputs);
        }
    }

    @Test
    void savedLeNetConfigurationLoadsRunsAndSerialisesUnchanged() throws IOException {
        FormerClassNames.register();
        String json = read("lenet.json");
        MultiLayerConfiguration conf = MultiLayerConfiguration.fromJson(json);
        assertEquals(withCurrentNames(json), conf.toJson());
        MultiLayerNetwork network = new MultiLayerNetwork(conf);
        network.init();
        network.output(Nd4j.rand(DataType.FLOAT, 2, 28, 28, 1));
    }

    @Test
    void theZooStillBuildsTheSavedConfigurations() throws IOException {
        ComputationGraph training = CondenseNet.network(CONDENSENET, CONDENSENET_SETTINGS);
        CondenseNet.condense(training, 1.0);
        assertEquals(current("condensenet-condensed-training.json"), training.getConfiguration().toJson());
        assertEquals(current("condensenet-test-time.json"),
                CondenseNet.inferenceConfiguration(training, CONDENSENET, CONDENSENET_SETTINGS).toJson());
        assertEquals(current("capsnet-reconstruction.json"), CapsNet.configuration(
                new CapsNetArchitecture(8, 4, 4, 6, 3, true, CNN2DFormat.NHWC),
                new ModelSettings(new InputShape(1, 28, 28, 5), GREY, EVERYWHERE, ADAM, 42)).toJson());
        assertEquals(current("stochastic-depth-resnet.json"), StochasticDepthResNet.configuration(
                new StochasticDepthResNetArchitecture(8, 4, 0.5, CNN2DFormat.NCHW),
                new ModelSettings(new InputShape(3, 32, 32, 5), RGB, EVERYWHERE, SGD, 7)).toJson());
        ModelSettings mnist = new ModelSettings(new InputShape(1, 28, 28, 10), GREY, EVERYWHERE, LeNet.caffeOptimizer(),
                3);
        // LeNet's convolutions are LeanConvolutions since 69ff665 (DL4J's function, bit-identical training); with
        // DL4J's layer back in their place the configuration is the saved one.
        assertEquals(current("lenet.json"), LeanConvolution.withDl4jConvolutions(
                LeNet.configuration(LeNetArchitecture.paper(), mnist)).toJson());
    }

    /** The saved configuration {@code name} with each class under its name now. */
    private static String current(String name) throws IOException {
        return withCurrentNames(read(name));
    }

    private static String withCurrentNames(String json) {
        for (Map.Entry<String, String> renamed : FormerClassNames.all().entrySet()) {
            json = json.replace('"' + renamed.getKey() + '"', '"' + renamed.getValue() + '"');
        }
        return json;
    }

    private static String read(String name) throws IOException {
        try (InputStream in = SavedConfigurationTest.class.getResourceAsStream(DIRECTORY + name)) {
            if (in == null) {
                throw new IOException("missing test resource " + DIRECTORY + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
