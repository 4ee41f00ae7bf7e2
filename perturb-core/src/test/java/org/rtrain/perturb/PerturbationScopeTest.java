package org.rtrain.perturb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.nd4j.shade.jackson.databind.ObjectMapper;

class PerturbationScopeTest {

    @Test
    void eachScopeStandsForItsPlacement() {
        assertEquals(PerturbationPlacement.input(), PerturbationScope.INPUT.placement());
        assertEquals(PerturbationPlacement.allHidden(), PerturbationScope.HIDDEN.placement());
        assertEquals(PerturbationPlacement.inputAndAllHidden(), PerturbationScope.INPUT_AND_HIDDEN.placement());
        for (PerturbationScope scope : PerturbationScope.values()) {
            assertEquals(Optional.of(scope), PerturbationScope.of(scope.placement()));
            assertEquals(scope, PerturbationScope.fromCode(scope.code()));
        }
    }

    @Test
    void placementsWithoutAScopeHaveNone() {
        assertTrue(PerturbationScope.of(PerturbationPlacement.none()).isEmpty());
        assertTrue(PerturbationScope.of(PerturbationPlacement.hidden("2")).isEmpty());
    }

    @Test
    void codesAreReadInAnyLetterCase() {
        assertEquals(PerturbationScope.INPUT_AND_HIDDEN, PerturbationScope.fromCode("Input+Hidden"));
    }

    @Test
    void unknownCodesAreRefusedWithTheValidOnes() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> PerturbationScope.fromCode("everywhere"));
        assertEquals("Unknown perturbation placement 'everywhere': expected input, hidden or input+hidden",
                unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PerturbationScope.fromCode(null));
    }

    @Test
    void jsonIsTheCode() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertEquals("\"input+hidden\"", json.writeValueAsString(PerturbationScope.INPUT_AND_HIDDEN));
        for (PerturbationScope scope : PerturbationScope.values()) {
            assertEquals(scope, json.readValue(json.writeValueAsString(scope), PerturbationScope.class));
        }
    }
}
