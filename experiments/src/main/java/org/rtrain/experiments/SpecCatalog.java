package org.rtrain.experiments;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.rtrain.attacks.AdversarialTraining;
import org.rtrain.attacks.RobustnessEvaluation;
import org.rtrain.datasets.DatasetSplit;
import org.rtrain.models.Architecture;
import org.rtrain.models.LeNetArchitecture;
import org.rtrain.models.LeNetOptions;
import org.rtrain.models.OptimizerSettings;

/**
 * Every row of the paper's Tables 1-5 as a spec, at each scale, and the R- eps sweep.
 *
 * <p>Choices the paper leaves open, fixed here and recorded in every result:
 * <ul>
 *   <li>R-: epsilon {@value #R_EPSILON}, p = 0.5 (the paper's), on the input and on every hidden
 *       activation DL4J lets carry it; the eps sweep covers {@link #EPS_SWEEP};</li>
 *   <li>FGSM-: epsilon {@value #FGSM_EPSILON} in pixel units with Goodfellow et al.'s alpha = 0.5.</li>
 * </ul>
 */
public final class SpecCatalog {

    /** Epsilon of the sign perturbation for R- rows. */
    public static final double R_EPSILON = 0.1;
    /** Epsilon of FGSM adversarial training for FGSM- rows. */
    public static final double FGSM_EPSILON = 0.1;
    /** The eps values of the R- sweep. */
    public static final List<Double> EPS_SWEEP = List.of(0.0, 0.05, 0.1, 0.2, 0.3);
    /** Base seed of every spec. */
    public static final long BASE_SEED = 20180701L;
    /** Smoke scale: every disturbance and both attacks, on a few examples with a few PGD steps (machinery only). */
    private static final RobustnessEvaluation SMOKE_EVALUATION = new RobustnessEvaluation(
            RobustnessEvaluation.standard(List.of(), BASE_SEED).disturbances(), List.of(0.0, 0.1), List.of(0.0, 0.1), 3,
            RobustnessEvaluation.MADRY_RELATIVE_STEP_SIZE * 40 / 3, 1, 16, BASE_SEED);

    private SpecCatalog() {
    }

    /** All specs at {@code scale}, in the paper's table order, cited rows included. */
    public static List<ExperimentSpec> all(Scale scale) {
        return table4LeNet(scale);
    }

    /** The eps sweep of the trained R- specs among {@code specs}: each once per epsilon. */
    public static List<ExperimentSpec> epsSweep(List<ExperimentSpec> specs, List<Double> epsilons) {
        List<ExperimentSpec> sweep = new ArrayList<>();
        for (ExperimentSpec spec : specs) {
            if (spec.variant() == Variant.R && !spec.cited()) {
                epsilons.forEach(eps -> sweep.add(spec.sweepPoint(eps)));
            }
        }
        if (sweep.isEmpty()) {
            throw new IllegalArgumentException("--eps-sweep sweeps R- rows, and the selection has none");
        }
        return sweep;
    }

    /** Table 4's LeNet, FGSM-LeNet and R-LeNet rows. */
    public static List<ExperimentSpec> table4LeNet(Scale scale) {
        OptimizerSettings solver = LeNetOptions.CAFFE_SOLVER;
        DataPlan data = switch (scale) {
            case SMOKE -> new DataPlan("MNIST", null, List.of(DatasetSplit.TRAIN), DataPlan.Augmentation.NONE, false, 128,
                    64, null);
            case QUICK, PAPER -> new DataPlan("MNIST", scale == Scale.QUICK ? "Fashion-MNIST" : null,
                    List.of(DatasetSplit.TRAIN), DataPlan.Augmentation.NONE, false, 60_000, 10_000, null);
        };
        TrainingPlan plan = switch (scale) {
            case SMOKE -> new TrainingPlan(1, 32, solver);
            // One pass over the 60,000 training images: the three variants x 3 seeds fit in ~15 minutes on 2 cores.
            case QUICK -> new TrainingPlan(1, 64, solver);
            // Caffe's lenet_solver.prototxt: max_iter 10,000 at batch 64, i.e. 10.7 epochs.
            case PAPER -> new TrainingPlan(11, 64, solver);
        };
        int seeds = switch (scale) {
            case SMOKE -> 2;
            case QUICK -> 3;
            case PAPER -> 5;
        };
        RobustnessEvaluation evaluation = switch (scale) {
            case SMOKE -> SMOKE_EVALUATION;
            case QUICK -> RobustnessEvaluation.standard(RobustnessEvaluation.MNIST_EPSILONS, BASE_SEED)
                    .withMaxAttackedExamples(1000);
            case PAPER -> RobustnessEvaluation.standard(RobustnessEvaluation.MNIST_EPSILONS, BASE_SEED);
        };
        List<String> sources = List.of(
                "architecture: Caffe examples/mnist/lenet_train_test.prototxt (LeCun et al. 1998), dropout 0.5 before "
                        + "the classifier as Table 4's dropout column says",
                "optimizer: Caffe examples/mnist/lenet_solver.prototxt: lr 0.01, inv policy gamma 1e-4 power 0.75, "
                        + "momentum 0.9, weight decay 5e-4, batch 64, max_iter 10000");
        return variants("t4-mnist-lenet", 4, "MNIST", "LeNet", scale, data, LeNetArchitecture.paper(), plan,
                evaluation, seeds, sources);
    }

    private static List<ExperimentSpec> variants(String idPrefix, int table, String dataset, String model, Scale scale,
                                                 DataPlan data, Architecture architecture, TrainingPlan plan,
                                                 RobustnessEvaluation evaluation, int seeds, List<String> sources) {
        List<ExperimentSpec> specs = new ArrayList<>();
        for (Variant variant : Variant.values()) {
            specs.add(new ExperimentSpec(idPrefix + "-" + variant.code(), rowKey(table, dataset, model, variant), false,
                    table, dataset, model, variant, scale, false, data, architecture, plan,
                    variant == Variant.R ? new PerturbationPlan(R_EPSILON, 0.5, "input+hidden") : null,
                    variant == Variant.FGSM ? AdversarialTraining.fgsm(FGSM_EPSILON, AdversarialTraining.GOODFELLOW_ALPHA)
                            : null,
                    evaluation, seeds, BASE_SEED, sources));
        }
        return specs;
    }

    /** The key of a paper row: {@code <table>/<dataset>/<model>/<variant>}. */
    static String rowKey(int table, String dataset, String model, Variant variant) {
        return String.format(Locale.ROOT, "%d/%s/%s/%s", table, dataset, model, variant.code());
    }
}
