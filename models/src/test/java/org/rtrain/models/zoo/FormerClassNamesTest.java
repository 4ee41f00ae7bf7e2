package org.rtrain.models.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.rtrain.models.layers.PixelNormalization;
import org.rtrain.models.training.LearningRateSchedule;
import org.rtrain.models.training.OptimizerSettings;

class FormerClassNamesTest {

    /** Classical momentum with a cosine schedule: both are classes of this module in a saved configuration. */
    private static final OptimizerSettings MOMENTUM_COSINE = new OptimizerSettings(OptimizerSettings.Method.MOMENTUM,
            0.1, 0.9, new LearningRateSchedule.Cosine(10), 1e-4, false);
    private static final Pattern MODULE_CLASS = Pattern.compile("org\\.rtrain\\.models\\.[\\w.$]+");

    /** Configurations that together name every class of this module DL4J writes into a configuration. */
    private static List<String> graphConfigurations() {
        ModelSettings mnist = ZooFixtures.settings(1, 28, 10, PerturbationSettings.none(), MOMENTUM_COSINE);
        ModelSettings cifar = ZooFixtures.settings(3, 32, 5, PerturbationSettings.none(), MOMENTUM_COSINE);
        ComputationGraph capsNet = new CapsNetArchitecture(8, 4, 4, 6, 3, true, CNN2DFormat.NCHW).network(mnist);
        CondenseNetArchitecture condenseNet = new CondenseNetArchitecture(List.of(2, 1, 1, 1, 2),
                List.of(4, 4, 4, 4, 8), 4, 2, 2, 1e-3, 0.5);
        ComputationGraph condensing = condenseNet.network(cifar);
        CondenseNet.condense(condensing, 1.0);
        ComputationGraph resNet = new StochasticDepthResNetArchitecture(8, 4, 0.5, CNN2DFormat.NCHW).network(cifar);
        return List.of(capsNet.getConfiguration().toJson(), condensing.getConfiguration().toJson(),
                CondenseNet.inferenceConfiguration(condensing, condenseNet, cifar).toJson(),
                resNet.getConfiguration().toJson());
    }

    private static MultiLayerConfiguration normalisedLeNet() {
        ModelSettings settings = new ModelSettings(new InputShape(1, 28, 28, 10),
                new PixelNormalization(List.of(0.5), List.of(0.25)), PerturbationSettings.none(), MOMENTUM_COSINE, 4);
        return ((MultiLayerNetwork) LeNetArchitecture.paper().network(settings)).getLayerWiseConfigurations();
    }

    private static String withFormerNames(String json) {
        for (Map.Entry<String, String> renamed : FormerClassNames.all().entrySet()) {
            json = json.replace('"' + renamed.getValue() + '"', '"' + renamed.getKey() + '"');
        }
        return json;
    }

    @Test
    void everyClassOfTheModuleInASavedConfigurationHasItsFormerName() throws Exception {
        Set<String> named = new TreeSet<>();
        for (String json : graphConfigurations()) {
            Matcher matcher = MODULE_CLASS.matcher(json);
            while (matcher.find()) {
                named.add(matcher.group());
            }
        }
        Matcher matcher = MODULE_CLASS.matcher(normalisedLeNet().toJson());
        while (matcher.find()) {
            named.add(matcher.group());
        }
        assertEquals(new TreeSet<>(FormerClassNames.all().values()), named);
        for (String current : named) {
            Class.forName(current);
        }
    }

    @Test
    void readsConfigurationsThatNameTheFormerClasses() {
        FormerClassNames.register();
        FormerClassNames.register();
        for (String json : graphConfigurations()) {
            String former = withFormerNames(json);
            assertNotEquals(json, former);
            assertEquals(json, ComputationGraphConfiguration.fromJson(former).toJson());
        }
        MultiLayerConfiguration leNet = normalisedLeNet();
        String former = withFormerNames(leNet.toJson());
        assertNotEquals(leNet.toJson(), former);
        assertEquals(leNet, MultiLayerConfiguration.fromJson(former));
        assertEquals(leNet, MultiLayerConfiguration.fromYaml(withFormerNames(leNet.toYaml())));
    }

    @Test
    void namesItDoesNotKnowStillFail() {
        FormerClassNames.register();
        String json = normalisedLeNet().toJson().replace("\"org.rtrain.models.training.ClassicalMomentum\"",
                "\"org.rtrain.models.NoSuchUpdater\"");
        assertThrows(RuntimeException.class, () -> MultiLayerConfiguration.fromJson(json));
        assertEquals("org.rtrain.models.training.MarginLoss",
                FormerClassNames.currentName("org.rtrain.models.MarginLoss").orElseThrow());
    }
}
