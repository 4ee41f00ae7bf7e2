package org.rtrain.experiments.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.rtrain.reports.results.Scale;
import org.rtrain.reports.results.Variant;

class ExperimentSpecTest {

    @Test
    void catalogHasTheThreeLeNetRowsAtEveryScaleAndSpecsRoundTripThroughJson() {
        for (Scale scale : Scale.values()) {
            List<ExperimentSpec> specs = SpecCatalog.lenet(scale).stream().filter(s -> !s.epsSweep()).toList();
            assertEquals(List.of(Variant.BASE, Variant.FGSM, Variant.R), specs.stream().map(ExperimentSpec::variant).toList());
            for (ExperimentSpec spec : specs) {
                assertEquals(spec, ExperimentSpec.fromJson(spec.toJson()));
                assertTrue(spec.toJson().contains("\"baseSeed\":" + SpecCatalog.BASE_SEED), spec.toJson());
                assertTrue(spec.seeds() >= 2, "several seeds per row");
            }
        }
    }

    @Test
    void thePaperScaleLeNetSetIsCaffesProtocolWithEnoughPairedSeeds() {
        List<ExperimentSpec> set = SpecCatalog.lenet(Scale.PAPER);
        assertEquals(List.of("t4-mnist-lenet-base", "t4-mnist-lenet-fgsm", "t4-mnist-lenet-r", "t4-mnist-lenet-r-eps0.05",
                "t4-mnist-lenet-r-eps0.2", "t4-mnist-lenet-r-eps0.3"), set.stream().map(ExperimentSpec::id).toList());
        assertEquals(List.of(10, 5, 10, 5, 5, 5), set.stream().map(ExperimentSpec::seeds).toList());
        assertEquals(List.of(0.1, 0.05, 0.2, 0.3), set.stream().filter(s -> s.variant() == Variant.R)
                .map(s -> s.perturbation().epsilon()).toList());
        for (ExperimentSpec spec : set) {
            assertEquals(SpecCatalog.BASE_SEED, spec.baseSeed(), "seed index k shares weights and data order");
            assertEquals(new TrainingPlan(11, 64, org.rtrain.models.zoo.LeNet.caffeOptimizer(), 10_000),
                    spec.training());
            assertEquals(60_000, spec.data().trainLimit());
            assertEquals(10_000, spec.data().testLimit());
            assertEquals("Fashion-MNIST", spec.data().standIn());
            assertEquals(null, spec.evaluation().maxAttackedExamples(), "FGSM on every test image");
            assertEquals(1_000, spec.evaluation().maxPgdExamples());
            assertEquals(List.of(0.05, 0.1, 0.2, 0.3), spec.evaluation().pgdEpsilons());
            assertEquals(40, spec.evaluation().pgdSteps());
            assertEquals(spec, ExperimentSpec.fromJson(spec.toJson()));
        }
        assertTrue(SpecCatalog.epsSweep(set, List.of(0.5)).stream().noneMatch(s -> s.id().contains("eps0.05-")),
                "sweep points are not swept again");
    }

    @Test
    void maxStepsStopsPartWayThroughTheLastEpoch() {
        TrainingPlan caffe = new TrainingPlan(11, 64, org.rtrain.models.zoo.LeNet.caffeOptimizer(), 10_000);
        assertEquals(938, caffe.stepsInEpoch(0, 938));
        assertEquals(938, caffe.stepsInEpoch(9, 938));
        assertEquals(10_000 - 10 * 938, caffe.stepsInEpoch(10, 938));
        assertEquals(0, caffe.stepsInEpoch(11, 938));
        assertEquals(10_000, caffe.totalSteps(938));
        TrainingPlan epochs = new TrainingPlan(2, 64, org.rtrain.models.zoo.LeNet.caffeOptimizer());
        assertEquals(938, epochs.stepsInEpoch(1, 938));
        assertEquals(2 * 938, epochs.totalSteps(938));
        assertEquals(2 * 938, new TrainingPlan(2, 64, org.rtrain.models.zoo.LeNet.caffeOptimizer(), 1_000_000)
                .totalSteps(938), "the epochs bound it too");
        assertThrows(IllegalArgumentException.class, () -> new TrainingPlan(1, 64,
                org.rtrain.models.zoo.LeNet.caffeOptimizer(), 0));
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
