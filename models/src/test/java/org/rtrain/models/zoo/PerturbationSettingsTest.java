package org.rtrain.models.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.shade.jackson.databind.JsonMappingException;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.rtrain.perturb.PerturbationPlacement;
import org.rtrain.perturb.PerturbationScope;

class PerturbationSettingsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void jsonNamesThePlacementByItsScope() throws Exception {
        PerturbationSettings settings = new PerturbationSettings(0.1, 0.5, PerturbationPlacement.inputAndAllHidden());
        String json = "{\"epsilon\":0.1,\"growProbability\":0.5,\"placement\":\"input+hidden\"}";
        assertEquals(json, JSON.writeValueAsString(settings));
        assertEquals(settings, JSON.readValue(json, PerturbationSettings.class));
        assertEquals(settings, PerturbationSettings.of(0.1, 0.5, PerturbationScope.INPUT_AND_HIDDEN));
        assertEquals(PerturbationScope.INPUT_AND_HIDDEN, settings.scope());
    }

    @Test
    void unknownOrMissingPlacementsAreRefusedWithTheValidOnes() {
        for (String placement : new String[] {"\"everywhere\"", "null"}) {
            JsonMappingException refused = assertThrows(JsonMappingException.class, () -> JSON.readValue(
                    "{\"epsilon\":0.1,\"growProbability\":0.5,\"placement\":" + placement + "}",
                    PerturbationSettings.class));
            assertTrue(refused.getCause() instanceof IllegalArgumentException, refused.toString());
            assertTrue(refused.getCause().getMessage().endsWith("': expected input, hidden or input+hidden"),
                    refused.getCause().getMessage());
        }
    }

    @Test
    void placementsWithoutAScopeCannotBeWritten() {
        PerturbationSettings named = new PerturbationSettings(0.1, 0.5, PerturbationPlacement.hidden("2"));
        IllegalStateException refused = assertThrows(IllegalStateException.class, named::scope);
        assertTrue(refused.getMessage().contains("hiddenLayers=[2]"), refused.getMessage());
        assertThrows(JsonMappingException.class, () -> JSON.writeValueAsString(named));
    }

    @Test
    void withEpsilonKeepsTheRest() {
        PerturbationSettings settings = PerturbationSettings.of(0.1, 0.4, PerturbationScope.HIDDEN);
        assertEquals(PerturbationSettings.of(0.3, 0.4, PerturbationScope.HIDDEN), settings.withEpsilon(0.3));
    }
}
