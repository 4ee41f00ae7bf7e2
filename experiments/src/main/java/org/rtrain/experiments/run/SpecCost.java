package org.rtrain.experiments.run;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.rtrain.attacks.PgdAttack;
import org.rtrain.attacks.evaluation.RobustnessEvaluation;
import org.rtrain.attacks.training.AdversarialTraining;
import org.rtrain.datasets.DatasetCatalog;
import org.rtrain.datasets.DatasetSplit;
import org.rtrain.datasets.ImageDataset;
import org.rtrain.datasets.ImageShape;
import org.rtrain.experiments.spec.ExperimentSpec;
import org.rtrain.experiments.spec.TrainingPlan;
import org.rtrain.models.count.MultiplyAddCounter;
import org.rtrain.models.layers.PixelNormalization;
import org.rtrain.models.zoo.InputShape;
import org.rtrain.models.zoo.ModelSettings;
import org.rtrain.models.zoo.PerturbationSettings;

/**
 * What a spec asks of a machine, in multiply-adds, and how long that is on this machine's CPU cores:
 * the scale feasibility column of {@code list}.
 *
 * <p>A training step costs about three forward passes (forward, and a backward pass of about twice
 * the forward's work); adversarial training adds a second training pass, and the attack's passes
 * unless the attack's gradient comes from the clean training pass (FGSM's default). The
 * evaluation costs one forward pass per test example and disturbance, and the attacks' passes on the
 * attacked examples. The time is that work at {@link #CPU_MULTIPLY_ADDS_PER_CORE_SECOND} per core: an
 * order of magnitude, not a promise (small layers run slower than that, large convolutions faster).
 *
 * @param forwardMultiplyAdds multiply-adds of one forward pass of one example
 * @param multiplyAdds        multiply-adds of the whole spec, every seed, training and evaluation
 */
public record SpecCost(long forwardMultiplyAdds, double multiplyAdds) {

    /**
     * Multiply-adds per second per core that DL4J's CPU training and evaluation reach on this project's networks,
     * measured on the paper-protocol LeNet set (Table 4's LeNet block: 40 runs, 2.68e14 multiply-adds as this
     * class counts them) on the 2-core development machine (AMD EPYC), two single-threaded workers: a run took
     * 577 s (base and R-) and 1,005 s (FGSM-), training and evaluation, while other builds ran at nice 19, i.e.
     * 35 x 577 + 5 x 1,005 = 25,220 core-seconds, 1.06e10 per core-second, rounded down. Before the set was run,
     * this was 4.3e9, from {@code rtrain bench}'s LeNet training alone, and overestimated the set's time 2.5-fold.
     */
    public static final double CPU_MULTIPLY_ADDS_PER_CORE_SECOND = 1.0e10;

    private static final double TRAINING_PASSES = 3;
    private static final Map<String, Long> FORWARD_BY_NETWORK = new HashMap<>();

    /** The cost of {@code spec} (not a cited one), building its network once per architecture and input shape. */
    public static SpecCost of(ExperimentSpec spec) {
        if (spec.cited()) {
            throw new IllegalArgumentException(spec.id() + " is cited, never trained: it has no cost");
        }
        ImageDataset dataset = RunDataFactory.sized(DatasetCatalog.byName(spec.data().dataset()),
                spec.data().imageSize());
        long forward = forwardMultiplyAdds(spec, dataset);
        long trainExamples = Math.min(spec.data().trainLimit(),
                spec.data().trainSplits().stream().mapToLong(dataset::publishedCount).sum());
        long testExamples = Math.min(spec.data().testLimit(), dataset.publishedCount(DatasetSplit.TEST));
        TrainingPlan plan = spec.training();
        int batchesPerEpoch = (int) ((trainExamples + plan.batchSize() - 1) / plan.batchSize());
        double trainedExamples = Math.min(trainExamples * (double) plan.epochs(),
                plan.totalSteps(batchesPerEpoch) * (double) plan.batchSize());
        double perRun = forward * (trainedExamples * trainingPasses(spec)
                + evaluationPasses(spec.evaluation(), testExamples));
        return new SpecCost(forward, perRun * spec.seeds());
    }

    /** The feasibility column: the work and its estimated time on {@code cores} CPU cores, e.g. {@code 2.1e13 MAC ~ 41 min}. */
    public String describe(int cores) {
        return describe(multiplyAdds, cores);
    }

    /** {@code multiplyAdds} and their estimated time on {@code cores} CPU cores. */
    public static String describe(double multiplyAdds, int cores) {
        return String.format(Locale.ROOT, "%.1e MAC ~ %s on %d cores", multiplyAdds,
                duration(multiplyAdds / (CPU_MULTIPLY_ADDS_PER_CORE_SECOND * cores)), cores);
    }

    static String duration(double seconds) {
        if (seconds < 60) {
            return "< 1 min";
        }
        if (seconds < 3600) {
            return Math.round(seconds / 60) + " min";
        }
        if (seconds < 2 * 86_400) {
            return Math.round(seconds / 3600) + " h";
        }
        if (seconds < 2 * 365 * 86_400.0) {
            return Math.round(seconds / 86_400) + " days";
        }
        return Math.round(seconds / (365 * 86_400.0)) + " years";
    }

    private static double trainingPasses(ExperimentSpec spec) {
        AdversarialTraining adversarial = spec.adversarial();
        if (adversarial == null) {
            return TRAINING_PASSES;
        }
        // The adversarial training pass and (alpha > 0) the clean one, plus the attack's own forward and backward
        // passes unless its gradient comes from the clean training pass.
        double training = TRAINING_PASSES * (adversarial.alpha() > 0 ? 2 : 1);
        if (adversarial.attackGradient() == AdversarialTraining.AttackGradient.TRAINING_PASS) {
            return training;
        }
        return training + TRAINING_PASSES
                * (adversarial.attack() instanceof PgdAttack pgd ? pgd.steps() * pgd.restarts() : 1);
    }

    private static double evaluationPasses(RobustnessEvaluation evaluation, long testExamples) {
        double passes = testExamples;
        if (evaluation == null) {
            return passes;
        }
        passes += testExamples * (double) evaluation.disturbances().size();
        long attacked = limited(testExamples, evaluation.maxAttackedExamples());
        long pgdAttacked = limited(attacked, evaluation.maxPgdExamples());
        // An attack's gradient is a forward and a backward pass; each attacked batch is then classified once.
        double fgsm = TRAINING_PASSES + 1;
        double pgd = evaluation.pgdRestarts() * (TRAINING_PASSES * evaluation.pgdSteps() + 1);
        return passes + attacked * evaluation.fgsmEpsilons().size() * fgsm
                + pgdAttacked * evaluation.pgdEpsilons().size() * pgd;
    }

    private static long limited(long examples, Integer limit) {
        return limit == null ? examples : Math.min(examples, limit);
    }

    private static long forwardMultiplyAdds(ExperimentSpec spec, ImageDataset dataset) {
        ImageShape image = dataset.imageShape();
        InputShape shape = new InputShape(image.channels(), image.height(), image.width(), dataset.numClasses());
        String key = spec.architecture().toString() + "|" + shape;
        synchronized (FORWARD_BY_NETWORK) {
            Long known = FORWARD_BY_NETWORK.get(key);
            if (known != null) {
                return known;
            }
        }
        ModelSettings settings = new ModelSettings(shape, PixelNormalization.identity(image.channels()),
                PerturbationSettings.none(), spec.training().optimizer(), spec.baseSeed());
        Model network = spec.architecture().network(settings);
        long forward = MultiplyAddCounter.count(network, InputType.convolutional(shape.height(), shape.width(),
                shape.channels(), spec.architecture().inputFormat())).total();
        synchronized (FORWARD_BY_NETWORK) {
            FORWARD_BY_NETWORK.put(key, forward);
        }
        return forward;
    }
}
