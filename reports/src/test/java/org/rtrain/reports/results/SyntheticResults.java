package org.rtrain.reports.results;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Run results made up for the tests, shaped like the experiments' (never trained): several seeds,
 * missing rows, diverged runs, attack curves, disturbances, sweep points and training curves.
 */
public final class SyntheticResults {

    /** The provenance of every completed synthetic run: a made-up commit only. */
    static final RunProvenance PROVENANCE = new RunProvenance(null, null, null, null, null, null, "abc", null, null,
            null, null, null, null, null, null, null, null);

    private SyntheticResults() {
    }

    /** A completed run with clean top-1 {@code accuracy} (fraction); disturbances and attacks may be empty. */
    public static RunResult completed(String paperRow, String scale, int seedIndex, double accuracy, Double top5,
                                      Map<String, Double> disturbances, List<AttackPoint> attacks, Double epsilon,
                                      boolean sweep) {
        Map<String, Accuracy> disturbed = new LinkedHashMap<>();
        disturbances.forEach((k, v) -> disturbed.put(k, new Accuracy(1000, v, null)));
        String spec = "spec-" + paperRow.replaceAll("[^A-Za-z0-9]+", "-") + (sweep ? "-eps" + epsilon : "");
        List<EpochRecord> curve = List.of(new EpochRecord(1, 1.0 + seedIndex * 0.1, 100 * (1 - accuracy) + 5, 3.0),
                new EpochRecord(2, 0.5 + seedIndex * 0.1, 100 * (1 - accuracy), 3.0));
        return new RunResult(spec, PaperRowKey.parse(paperRow), sweep, Scale.parse(scale), epsilon, "Fashion-MNIST",
                "md5", true, seedIndex, 1000 + seedIndex, RunStatus.COMPLETED, null, 2, 60000, 10.0, 600, 431_080,
                2_293_000, new Accuracy(1000, accuracy, top5), disturbed, attacks, curve, PROVENANCE);
    }

    /** A run of {@code paperRow} whose loss became NaN. */
    static RunResult diverged(String paperRow, String scale, int seedIndex) {
        return new RunResult("spec-" + paperRow.replaceAll("[^A-Za-z0-9]+", "-"), PaperRowKey.parse(paperRow), false,
                Scale.parse(scale), null, "Fashion-MNIST", "md5", true, seedIndex, 1000 + seedIndex, RunStatus.DIVERGED,
                "loss NaN at epoch 1 step 3", 1, 60000, 1.0, 600, 431_080, 2_293_000, null, Map.of(), List.of(),
                List.of(), RunProvenance.none());
    }

    /** A point of an attack curve measured on 1,000 examples. */
    public static AttackPoint attack(String attack, double epsilon, double accuracy) {
        return new AttackPoint(attack, epsilon, new Accuracy(1000, accuracy, null));
    }

    /**
     * The standard fixture at the {@code quick} scale (and two smoke runs):
     * <ul>
     *   <li>LeNet base: errors 9, 11, 10 %; R-LeNet: 8, 8.5, 7.9 %; FGSM-LeNet: no run. Attacks at
     *       0.1: FGSM accuracy R 60/62/61 vs base 50/52/49; PGD R 40/41/43 vs base 45/44/46.
     *       Random crop: R 85/86/84 vs base 85/84/86.</li>
     *   <li>R-LeNet sweep points at epsilon 0.05 (errors 8.2, 8.4) and 0.2 (errors 9.5, 9.9).</li>
     *   <li>CapsNet base: one completed (error 0.5 %) and one diverged; R-CapsNet: two diverged.</li>
     *   <li>CondenseNet G=C=8 base (named by its Table 1 row) with top-5 and disturbances, two seeds;
     *       it fills Table 1 and Table 3 alike.</li>
     *   <li>NASNet-A R: two seeds, top-1 80 and 82 %, top-5 95 and 96 %.</li>
     * </ul>
     */
    public static List<RunResult> fixture() {
        List<RunResult> results = new ArrayList<>();
        double[] baseErrors = {9.0, 11.0, 10.0};
        double[] rErrors = {8.0, 8.5, 7.9};
        double[][] fgsm = {{0.60, 0.62, 0.61}, {0.50, 0.52, 0.49}};
        double[][] pgd = {{0.40, 0.41, 0.43}, {0.45, 0.44, 0.46}};
        double[][] crop = {{0.85, 0.86, 0.84}, {0.85, 0.84, 0.86}};
        for (int seed = 0; seed < 3; seed++) {
            results.add(completed("4/MNIST/LeNet/r", "quick", seed, 1 - rErrors[seed] / 100, null,
                    Map.of("random_crop", crop[0][seed]),
                    List.of(attack("fgsm", 0.1, fgsm[0][seed]), attack("pgd", 0.1, pgd[0][seed])), 0.1, false));
            results.add(completed("4/MNIST/LeNet/base", "quick", seed, 1 - baseErrors[seed] / 100, null,
                    Map.of("random_crop", crop[1][seed]),
                    List.of(attack("fgsm", 0.1, fgsm[1][seed]), attack("pgd", 0.1, pgd[1][seed])), null, false));
        }
        results.add(completed("4/MNIST/LeNet/r", "quick", 0, 1 - 0.082, null, Map.of(), List.of(), 0.05, true));
        results.add(completed("4/MNIST/LeNet/r", "quick", 1, 1 - 0.084, null, Map.of(), List.of(), 0.05, true));
        results.add(completed("4/MNIST/LeNet/r", "quick", 0, 1 - 0.095, null, Map.of(), List.of(), 0.2, true));
        results.add(completed("4/MNIST/LeNet/r", "quick", 1, 1 - 0.099, null, Map.of(), List.of(), 0.2, true));
        results.add(completed("4/MNIST/CapsNet/base", "quick", 0, 0.995, null, Map.of(), List.of(), null, false));
        results.add(diverged("4/MNIST/CapsNet/base", "quick", 1));
        results.add(diverged("4/MNIST/CapsNet/r", "quick", 0));
        results.add(diverged("4/MNIST/CapsNet/r", "quick", 1));
        Map<String, Double> disturbed = Map.of("random_crop", 0.70, "random_hflip", 0.71, "random_grayscale", 0.69,
                "random_color", 0.705, "random_five_crop", 0.60);
        results.add(completed("1/ImageNet-1k/CondenseNet (G=C=8)/base", "quick", 0, 0.72, 0.90, disturbed, List.of(),
                null, false));
        results.add(completed("1/ImageNet-1k/CondenseNet (G=C=8)/base", "quick", 1, 0.70, 0.88, disturbed, List.of(),
                null, false));
        results.add(completed("2/ImageNet-1k/NASNet-A/r", "quick", 0, 0.80, 0.95, Map.of(), List.of(), 0.1, false));
        results.add(completed("2/ImageNet-1k/NASNet-A/r", "quick", 1, 0.82, 0.96, Map.of(), List.of(), 0.1, false));
        results.add(completed("4/MNIST/LeNet/base", "smoke", 0, 0.5, null, Map.of(), List.of(), null, false));
        results.add(completed("4/MNIST/LeNet/r", "smoke", 0, 0.4, null, Map.of(), List.of(), 0.1, false));
        return results;
    }
}
