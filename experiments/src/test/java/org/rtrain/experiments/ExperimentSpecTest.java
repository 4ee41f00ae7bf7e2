package org.rtrain.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ExperimentSpecTest {

    @Test
    void catalogHasTheThreeLeNetRowsAtEveryScaleAndSpecsRoundTripThroughJson() {
        for (Scale scale : Scale.values()) {
            List<ExperimentSpec> specs = SpecCatalog.lenet(scale);
            assertEquals(List.of(Variant.BASE, Variant.FGSM, Variant.R), specs.stream().map(ExperimentSpec::variant).toList());
            for (ExperimentSpec spec : specs) {
                assertEquals(spec, ExperimentSpec.fromJson(spec.toJson()));
                assertTrue(spec.toJson().contains("\"baseSeed\":" + SpecCatalog.BASE_SEED), spec.toJson());
                assertTrue(spec.seeds() >= 2, "several seeds per row");
            }
        }
    }

    @Test
    void onlyTheRVariantIsPerturbed() {
        for (ExperimentSpec spec : SpecCatalog.lenet(Scale.QUICK)) {
            assertEquals(spec.variant() != Variant.R, spec.perturbationSettings().isNone(), spec.id());
        }
    }

    @Test
    void invalidSpecsAreRejectedWithTheirName() {
        ExperimentSpec r = SpecCatalog.lenet(Scale.SMOKE).get(2);
        String negativeEps = r.toJson().replace("\"epsilon\":0.1", "\"epsilon\":-0.5");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ExperimentSpec.fromJson(negativeEps));
        assertTrue(e.getMessage().contains("epsilon"), e.getMessage());
        String badPlacement = r.toJson().replace("input+hidden", "everywhere");
        assertThrows(IllegalArgumentException.class, () -> ExperimentSpec.fromJson(badPlacement));
        assertThrows(IllegalArgumentException.class, () -> r.withSeeds(0));
        assertThrows(IllegalArgumentException.class, () -> Scale.parse("huge"));
        assertThrows(IllegalArgumentException.class, () -> Variant.parse("adv"));
    }

    @Test
    void runSeedsAreDistinctAndStable() {
        Set<Long> seeds = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            seeds.add(SeedSequence.seedFor(SpecCatalog.BASE_SEED, i));
        }
        assertEquals(1000, seeds.size());
        assertEquals(SeedSequence.seedFor(7, 3), SeedSequence.seedFor(7, 3));
        assertNotEquals(SeedSequence.seedFor(7, 3), SeedSequence.seedFor(8, 3));
        assertNotEquals(SeedSequence.streamSeed(1, 0), SeedSequence.streamSeed(1, 1));
    }
}
