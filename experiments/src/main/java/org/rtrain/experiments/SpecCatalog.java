package org.rtrain.experiments;

import java.util.ArrayList;
import java.util.List;

import org.rtrain.attacks.AdversarialTraining;
import org.rtrain.models.LeNetOptions;
import org.rtrain.models.OptimizerSettings;

/**
 * Every spec this project can run, by scale. So far: the MNIST/LeNet block of Table 4.
 *
 * <p>Choices the paper leaves open, fixed here and recorded in every result:
 * <ul>
 *   <li>R-: {@value #R_EPSILON} for epsilon, p = 0.5 (the paper's), on the input and on every hidden
 *       activation that DL4J lets carry it (LeNet: the inputs of conv2, ip1 and ip2);</li>
 *   <li>FGSM-: epsilon {@value #FGSM_EPSILON} in pixel units and Goodfellow et al.'s alpha = 0.5;</li>
 *   <li>LeNet's optimiser: Caffe's LeNet solver ({@link LeNetOptions#CAFFE_SOLVER}), batch 64.</li>
 * </ul>
 */
public final class SpecCatalog {

    /** Epsilon of the sign perturbation for R- rows. */
    public static final double R_EPSILON = 0.1;
    /** Epsilon of FGSM adversarial training for FGSM- rows. */
    public static final double FGSM_EPSILON = 0.1;
    /** Base seed of every spec. */
    public static final long BASE_SEED = 20180701L;

    private SpecCatalog() {
    }

    /** All specs at {@code scale}. */
    public static List<ExperimentSpec> all(Scale scale) {
        return table4LeNet(scale);
    }

    /** Table 4's LeNet, FGSM-LeNet and R-LeNet rows. */
    public static List<ExperimentSpec> table4LeNet(Scale scale) {
        OptimizerSettings solver = LeNetOptions.CAFFE_SOLVER;
        TrainingPlan plan = switch (scale) {
            case SMOKE -> new TrainingPlan(1, 32, 128, 64, solver);
            // One pass over the 60,000 training images: the three variants x 3 seeds fit in ~15 minutes on 2 cores.
            case QUICK -> new TrainingPlan(1, 64, 60_000, 10_000, solver);
            // Caffe's lenet_solver.prototxt: max_iter 10,000 at batch 64, i.e. 10.7 epochs.
            case PAPER -> new TrainingPlan(11, 64, 60_000, 10_000, solver);
        };
        int seeds = switch (scale) {
            case SMOKE -> 2;
            case QUICK -> 3;
            case PAPER -> 5;
        };
        List<ExperimentSpec> specs = new ArrayList<>();
        for (Variant variant : Variant.values()) {
            specs.add(new ExperimentSpec("table4-mnist-lenet-" + variant.code(), 4, "MNIST", "LeNet", variant, scale,
                    plan, R_EPSILON, 0.5, variant == Variant.R ? "input+hidden" : "none", FGSM_EPSILON,
                    AdversarialTraining.GOODFELLOW_ALPHA, seeds, BASE_SEED));
        }
        return specs;
    }
}
