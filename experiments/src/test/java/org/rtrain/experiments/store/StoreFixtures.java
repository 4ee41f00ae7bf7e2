package org.rtrain.experiments.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.rtrain.experiments.spec.ExperimentSpec;
import org.rtrain.experiments.spec.SeedSequence;
import org.rtrain.experiments.spec.SpecCatalog;
import org.rtrain.reports.results.Accuracy;
import org.rtrain.reports.results.AttackPoint;
import org.rtrain.reports.results.EpochRecord;
import org.rtrain.reports.results.RunProvenance;
import org.rtrain.reports.results.RunResult;
import org.rtrain.reports.results.RunStatus;
import org.rtrain.reports.results.Scale;
import org.rtrain.reports.results.Variant;

/** Specs and deterministic results for the store's tests. */
public final class StoreFixtures {

    private StoreFixtures() {
    }

    /** The smoke specs of Table 4 (3 rows x 2 seeds). */
    static List<ExperimentSpec> smokeSpecs() {
        return SpecCatalog.lenet(Scale.SMOKE);
    }

    /** The smoke specs with their seeds set so that there are {@code runs} runs in all. */
    static List<ExperimentSpec> smokeSpecs(int runs) {
        List<ExperimentSpec> specs = smokeSpecs();
        List<ExperimentSpec> sized = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            int seeds = runs / specs.size() + (i < runs % specs.size() ? 1 : 0);
            sized.add(specs.get(i).withSeeds(seeds));
        }
        return sized;
    }

    /**
     * A result that depends only on the spec and the seed, with every part of a RunResult filled in
     * (so that a JSON round trip that lost any of it would show).
     */
    public static RunResult resultFor(ExperimentSpec spec, int seedIndex) {
        long seed = SeedSequence.seedFor(spec.baseSeed(), seedIndex);
        double top1 = 0.5 + Math.floorMod(seed, 997) / 2000.0;
        Double epsilon = spec.perturbation() == null ? null : spec.perturbation().epsilon();
        return new RunResult(spec.id(), spec.paperRow(), spec.epsSweep(), spec.scale(), epsilon,
                "synthetic MNIST-format fixture", "0123456789abcdef;fedcba9876543210", false, seedIndex, seed,
                RunStatus.COMPLETED, null, spec.training().epochs(), spec.data().trainLimit(), 1.0 / 3.0,
                1234.5678, 431_080, 2_293_000, new Accuracy(64, top1, null),
                Map.of("gaussian-noise", new Accuracy(64, top1 * 0.9, 0.99)),
                List.of(new AttackPoint("fgsm", 0.1, new Accuracy(64, top1 / 2, null))),
                List.of(new EpochRecord(1, 0.693147, 100 * (1 - top1), 0.5)),
                RunProvenance.none().forRun(spec.toJson(), seed, "fixture", true));
    }

    /** The results of every run of {@code specs}, in the store's order. */
    static List<RunResult> resultsFor(List<ExperimentSpec> specs) {
        List<RunResult> results = new ArrayList<>();
        for (ExperimentSpec spec : specs) {
            for (int i = 0; i < spec.seeds(); i++) {
                results.add(resultFor(spec, i));
            }
        }
        results.sort(Comparator.comparing((RunResult r) -> r.scale().code()).thenComparing(RunResult::specId)
                .thenComparingInt(RunResult::seedIndex));
        return results;
    }

    /** The result of a claimed run. */
    static RunResult resultFor(RunClaim claim) {
        return resultFor(ExperimentSpec.fromJson(claim.specJson()), claim.key().seedIndex());
    }
}
