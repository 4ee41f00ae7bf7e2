package org.rtrain.models.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.VertexIndices;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rtrain.models.layers.PixelNormalization;
import org.rtrain.models.training.OptimizerSettings;
import org.rtrain.perturb.ChainedDropout;
import org.rtrain.perturb.PerturbationPlacement;
import org.rtrain.perturb.PerturbationVertex;
import org.rtrain.perturb.PlacementReport;
import org.rtrain.perturb.SignPerturbation;

/**
 * Every zoo network's R- variant, at the smoke sizes of the experiments' catalogue, perturbs each
 * activation that a layer with weights reads exactly once per forward pass, shared by all of the
 * activation's consumers; and starts from the same weights as its base variant. "A layer with
 * weights" is decided here from the built network's runtime layers, independently of the placement's
 * own rule, so that a new layer type cannot slip through unperturbed.
 */
class PlacementCoverageTest {

    private static final double EPSILON = 0.1;

    static Stream<Arguments> zoo() {
        return Stream.of(
                Arguments.of("LeNet", LeNetArchitecture.paper(), new InputShape(1, 28, 28, 10)),
                Arguments.of("CapsNet", new CapsNetArchitecture(16, 4, 4, 8, 2, false, CNN2DFormat.NHWC),
                        new InputShape(1, 28, 28, 10)),
                Arguments.of("StochasticDepthResNet", new StochasticDepthResNetArchitecture(8, 4, 0.5, CNN2DFormat.NCHW),
                        new InputShape(3, 32, 32, 10)),
                Arguments.of("WideResNet", WideResNetArchitecture.svhn(10, 1), new InputShape(3, 32, 32, 10)),
                Arguments.of("InceptionV3", new InceptionV3Architecture(InceptionV3Architecture.Stem.CIFAR, 0.0625,
                        false, 0.5), new InputShape(3, 32, 32, 10)),
                Arguments.of("NASNetA", new NasNetAArchitecture(1, 96, 8, true, 0.5), new InputShape(3, 32, 32, 10)),
                Arguments.of("CondenseNet", new CondenseNetArchitecture(List.of(1, 1, 1, 1, 1), List.of(8, 8, 8, 8, 8),
                        4, 4, 4, 1e-5, 0.5), new InputShape(3, 32, 32, 10)));
    }

    private static ModelSettings settings(InputShape input, PerturbationSettings perturbation) {
        return new ModelSettings(input, PixelNormalization.identity(input.channels()), perturbation,
                OptimizerSettings.constant(0.01, 0.9, 0), 42);
    }

    private static PerturbationSettings inputAndHidden() {
        return new PerturbationSettings(EPSILON, 0.5, PerturbationPlacement.inputAndAllHidden());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("zoo")
    void everyWeightedLayerInputIsPerturbedOnceAndSharedByAllConsumers(String name, Architecture architecture,
                                                                       InputShape input) {
        Model model = architecture.network(settings(input, inputAndHidden()));
        InputType inputType = InputType.convolutional(input.height(), input.width(), input.channels(),
                architecture.inputFormat());
        if (model instanceof MultiLayerNetwork chain) {
            PlacementReport report = PlacementReport.of(chain.getLayerWiseConfigurations(), inputType);
            System.out.println(name + ": " + report);
            for (int i = 0; i < chain.getnLayers(); i++) {
                boolean weighted = chain.getLayer(i).numParams() > 0;
                assertEquals(weighted, report.activations().get(i).perturbed(), name + " layer " + i);
            }
            return;
        }
        ComputationGraph graph = assertInstanceOf(ComputationGraph.class, model);
        ComputationGraphConfiguration conf = graph.getConfiguration();
        PlacementReport report = PlacementReport.of(conf, inputType);
        System.out.println(name + ": " + report);

        Map<String, List<String>> readersInBase = readers(PerturbationPlacement.removeFrom(conf));
        Set<String> perturbedActivations = new HashSet<>();
        for (GraphVertex vertex : graph.getVertices()) {
            if (conf.getVertices().get(vertex.getVertexName()) instanceof PerturbationVertex) {
                String source = conf.getVertexInputs().get(vertex.getVertexName()).get(0);
                assertTrue(perturbedActivations.add(source), name + ": " + source + " perturbed twice");
            }
            if (vertex.hasLayer()) {
                assertFalse(carriesSignPerturbation(vertex), name + ": layer " + vertex.getVertexName()
                        + " draws its own perturbation besides the shared one");
            }
        }
        for (Map.Entry<String, List<String>> entry : readersInBase.entrySet()) {
            String activation = entry.getKey();
            boolean readByWeights = entry.getValue().stream().map(graph::getVertex).anyMatch(
                    reader -> reader.hasLayer() && reader.getLayer().numParams() > 0
                            && !(reader.getLayer() instanceof BatchNormalization));
            assertEquals(readByWeights, perturbedActivations.contains(activation), name + ": activation " + activation
                    + " read by " + entry.getValue());
            if (readByWeights) {
                String perturbed = activation + PerturbationPlacement.VERTEX_SUFFIX;
                for (String reader : entry.getValue()) {
                    assertTrue(inputsOf(graph, reader).contains(perturbed), name + ": " + reader + " does not read "
                            + perturbed);
                    assertFalse(inputsOf(graph, reader).contains(activation), name + ": " + reader
                            + " reads " + activation + " unperturbed");
                }
            }
        }
        assertEquals(perturbedActivations.size(), report.perturbed().size(), name + ": report");

        long[] shape = architecture.inputFormat() == CNN2DFormat.NCHW
                ? new long[] {2, input.channels(), input.height(), input.width()}
                : new long[] {2, input.height(), input.width(), input.channels()};
        INDArray[] inputs = {Nd4j.rand(DataType.FLOAT, shape)};
        Map<String, INDArray> training = graph.feedForward(inputs, true, false);
        for (String activation : perturbedActivations) {
            PerturbationVertex vertex = (PerturbationVertex) conf.getVertices().get(
                    activation + PerturbationPlacement.VERTEX_SUFFIX);
            INDArray before = training.get(activation);
            INDArray after = training.get(activation + PerturbationPlacement.VERTEX_SUFFIX);
            assertNotNull(after, name + ": " + activation + " not perturbed in the forward pass");
            // A consumer's own dropout rescales the array in place afterwards (DL4J lets a sole consumer modify
            // its input), and a moved preprocessor reshapes it: compare the multipliers where neither happens.
            boolean droppedOut = readersInBase.get(activation).stream().map(graph::getVertex)
                    .anyMatch(reader -> reader.hasLayer() && reader.getLayer().conf().getLayer().getIDropout() != null);
            if (vertex.preProcessor() == null && !droppedOut) {
                assertMultipliedByOnePlusOrMinusEpsilon(name + " " + activation, before, after);
            } else {
                assertEquals(before.length(), after.length(), name + ": " + activation);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("zoo")
    void baseAndPerturbedVariantsStartFromTheSameWeights(String name, Architecture architecture, InputShape input) {
        Model base = architecture.network(settings(input, PerturbationSettings.none()));
        Model perturbed = architecture.network(settings(input, inputAndHidden()));
        if (base instanceof ComputationGraph graph) {
            assertEquals(graph.paramTable().keySet(), ((ComputationGraph) perturbed).paramTable().keySet(), name);
            graph.paramTable().forEach((key, value) -> assertEquals(value,
                    ((ComputationGraph) perturbed).paramTable().get(key), name + " " + key));
        } else {
            assertEquals(base.params(), perturbed.params(), name);
        }
    }

    private static void assertMultipliedByOnePlusOrMinusEpsilon(String what, INDArray before, INDArray after) {
        double[] x = before.dup('c').data().asDouble();
        double[] y = after.dup('c').data().asDouble();
        int nonZero = 0;
        for (int i = 0; i < x.length; i++) {
            if (x[i] == 0) {
                assertEquals(0.0, y[i], what + " element " + i);
                continue;
            }
            nonZero++;
            double ratio = y[i] / x[i];
            assertTrue(Math.abs(ratio - (1 + EPSILON)) < 1e-4 || Math.abs(ratio - (1 - EPSILON)) < 1e-4,
                    what + " element " + i + " multiplied by " + ratio);
        }
        assertTrue(nonZero > 0 || x.length == 0, what + " is all zero: the check saw nothing");
    }

    /** For each activation of the unperturbed graph, the vertices reading it. */
    private static Map<String, List<String>> readers(ComputationGraphConfiguration conf) {
        Map<String, List<String>> readers = new java.util.LinkedHashMap<>();
        conf.getNetworkInputs().forEach(input -> readers.put(input, new ArrayList<>()));
        conf.getVertices().keySet().forEach(vertex -> readers.put(vertex, new ArrayList<>()));
        conf.getVertexInputs().forEach((vertex, inputs) -> inputs.forEach(input -> readers.get(input).add(vertex)));
        return readers;
    }

    /** The names of the vertices {@code vertex} reads in the built network. */
    private static List<String> inputsOf(ComputationGraph graph, String vertex) {
        VertexIndices[] indices = graph.getVertex(vertex).getInputVertices();
        List<String> names = new ArrayList<>();
        for (VertexIndices index : indices) {
            names.add(graph.getVertices()[index.getVertexIndex()].getVertexName());
        }
        return names;
    }

    private static boolean carriesSignPerturbation(GraphVertex vertex) {
        var dropout = vertex.getLayer().conf().getLayer().getIDropout();
        return dropout instanceof SignPerturbation
                || (dropout instanceof ChainedDropout chained && chained.first() instanceof SignPerturbation);
    }
}
