package org.rtrain.perturb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.junit.jupiter.api.Test;

/** What every parameter-free vertex configuration gets from its base, shown on {@link PerturbationVertex}. */
class ParameterFreeVertexConfigurationTest {

    private static final SignPerturbation PERTURBATION = new SignPerturbation(0.2);

    @Test
    void equalityFollowsTheConfiguringProperties() {
        PerturbationVertex plain = new PerturbationVertex(PERTURBATION, null);
        PerturbationVertex flattening = new PerturbationVertex(PERTURBATION, new CnnToFeedForwardPreProcessor(2, 2, 3));
        assertEquals(plain, new PerturbationVertex(new SignPerturbation(0.2), null));
        assertEquals(plain.hashCode(), new PerturbationVertex(new SignPerturbation(0.2), null).hashCode());
        assertEquals(flattening, flattening.clone());
        assertNotEquals(plain, flattening);
        assertNotEquals(plain, new PerturbationVertex(new SignPerturbation(0.3), null));
    }

    @Test
    void aVertexHasNoParametersAFixedInputCountAndNoMemoryBeyondItsOutput() {
        PerturbationVertex vertex = new PerturbationVertex(PERTURBATION, new CnnToFeedForwardPreProcessor(2, 2, 3));
        assertEquals(0, vertex.numParams(true));
        assertEquals(1, vertex.minVertexInputs());
        assertEquals(1, vertex.maxVertexInputs());
        InputType image = InputType.convolutional(2, 2, 3);
        assertEquals(InputType.feedForward(12), vertex.getOutputType(-1, image));
        assertThrows(InvalidInputTypeException.class, () -> vertex.getOutputType(-1, image, image));
        LayerMemoryReport report = (LayerMemoryReport) vertex.getMemoryReport(image);
        assertEquals(PerturbationVertex.class, report.getLayerType());
        assertEquals(0, report.getParameterSize());
        assertEquals(InputType.feedForward(12), report.getOutputType());
    }
}
