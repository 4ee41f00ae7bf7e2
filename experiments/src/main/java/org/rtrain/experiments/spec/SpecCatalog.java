package org.rtrain.experiments.spec;

import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.rtrain.attacks.training.AdversarialTraining;
import org.rtrain.attacks.disturbance.Disturbance;
import org.rtrain.attacks.evaluation.RobustnessEvaluation;
import org.rtrain.datasets.DatasetSplit;
import org.rtrain.models.zoo.Architecture;
import org.rtrain.models.zoo.CapsNetArchitecture;
import org.rtrain.models.zoo.CondenseNetArchitecture;
import org.rtrain.models.zoo.InceptionV3Architecture;
import org.rtrain.models.zoo.CapsNet;
import org.rtrain.models.zoo.LeNet;
import org.rtrain.models.zoo.LeNetArchitecture;
import org.rtrain.models.training.LearningRateSchedule;
import org.rtrain.models.zoo.NasNetAArchitecture;
import org.rtrain.models.zoo.PerturbationSettings;
import org.rtrain.models.training.OptimizerSettings;
import org.rtrain.models.zoo.StochasticDepthResNetArchitecture;
import org.rtrain.models.zoo.WideResNet;
import org.rtrain.models.zoo.WideResNetArchitecture;
import org.rtrain.perturb.PerturbationScope;
import org.rtrain.reports.results.PaperRowKey;
import org.rtrain.reports.results.Scale;
import org.rtrain.reports.results.Variant;

/**
 * Every row of the paper's Tables 1-5 as a spec, at each scale, and the R- eps sweep.
 *
 * <p>Table 1 reports the CondenseNet networks of Table 3 under five disturbances: its rows are
 * reproduced by the Table 3 specs, whose evaluation includes the disturbances ({@link #rows}). Rows
 * the paper only cites (SENet, Inception V1, MobileNet, ShuffleNet, NASNet-B/C) are specs marked
 * cited: listed and reported with the paper's numbers, never trained.
 *
 * <p>Choices the paper leaves open, fixed here and recorded in every result:
 * <ul>
 *   <li>R-: epsilon {@value #R_EPSILON}, p = 0.5 (the paper's), on the input and on every hidden
 *       activation DL4J lets carry it (convolution and dense layer inputs);</li>
 *   <li>FGSM-: Goodfellow et al.'s mixed loss with alpha 0.5, epsilon {@value #FGSM_EPSILON_MNIST} on MNIST
 *       and {@link #FGSM_EPSILON_NATURAL} (2/255) on SVHN, CIFAR and ImageNet, in pixel units;</li>
 *   <li>evaluation: Table 1's five disturbances, and FGSM and PGD (40 steps of eps/30 from a random start,
 *       Madry et al.) at radii 0-0.3 on MNIST and 0-8/255 elsewhere.</li>
 * </ul>
 *
 * <p>Scales: {@code smoke} trains tiny versions of every network for a few steps on fixture files in the
 * real formats (the machinery, not the accuracy); {@code quick} trains the real networks on a part of the
 * real data for one or two epochs (CPU-feasible for MNIST; everything else is listed with its data); {@code
 * paper} uses the hyperparameters of each model's own paper, cited in each spec's {@code sources}.
 */
public final class SpecCatalog {

    /** Epsilon of the sign perturbation for R- rows. */
    public static final double R_EPSILON = 0.1;
    /** The sign perturbation of R- rows: {@link #R_EPSILON}, the paper's p = 0.5, on the input and every hidden layer. */
    public static final PerturbationSettings R_PERTURBATION = PerturbationSettings.of(R_EPSILON, 0.5,
            PerturbationScope.INPUT_AND_HIDDEN);
    /** Epsilon of FGSM adversarial training on MNIST (pixel units). */
    public static final double FGSM_EPSILON_MNIST = 0.1;
    /** Epsilon of FGSM adversarial training on natural images: 2/255 (pixel units). */
    public static final double FGSM_EPSILON_NATURAL = 2 / 255.0;
    /** The eps values of the R- sweep (the paper does not state which it used). */
    public static final List<Double> EPS_SWEEP = List.of(0.0, 0.05, 0.1, 0.2, 0.3);
    /** The eps values of paper-scale LeNet's R- sweep beside the row's own {@link #R_EPSILON}. */
    public static final List<Double> LENET_PAPER_SWEEP = List.of(0.05, 0.2, 0.3);
    /** PGD's radii at the paper scale on MNIST: every radius of the sweep but 0. */
    private static final List<Double> PAPER_PGD_EPSILONS_MNIST = RobustnessEvaluation.MNIST_EPSILONS.stream()
            .filter(eps -> eps > 0).toList();
    /** Base seed of every spec. */
    public static final long BASE_SEED = 20180701L;

    /** Smoke scale: every disturbance and both attacks, on a few examples with a few PGD steps (machinery only). */
    private static final RobustnessEvaluation SMOKE_EVALUATION = RobustnessEvaluation.builder()
            .disturbances(Disturbance.table1()).fgsmEpsilons(List.of(0.0, 0.1)).pgdEpsilons(List.of(0.0, 0.1))
            .pgdSteps(3).pgdRelativeStepSize(RobustnessEvaluation.MADRY_RELATIVE_STEP_SIZE * 40 / 3)
            .maxAttackedExamples(16).seed(BASE_SEED).build();

    /**
     * Quick-scale CapsNet: the five disturbances on its 300 test images; FGSM and PGD at 0 and 0.1 on 50 of them,
     * PGD with 10 steps of 0.25 eps (2.5 eps of travel; Madry et al.'s MNIST attack, 40 steps of eps/30, travels
     * 1.33 eps at 4 times the cost).
     */
    private static final RobustnessEvaluation QUICK_CAPSNET_EVALUATION = SMOKE_EVALUATION.toBuilder()
            .pgdSteps(10).pgdRelativeStepSize(0.25).maxAttackedExamples(50).build();

    /**
     * Quick-scale natural images (SVHN, CIFAR, ImageNet): the five disturbances on the test images; FGSM and PGD at
     * 0, 2/255 and 8/255 on 200 of them, PGD with 10 steps of 0.25 eps. Madry et al.'s 40-step attack on 1,000
     * examples at five radii costs about twenty times the quick training of a Wide ResNet ({@code list} shows the
     * estimates); this one about as much as the training.
     */
    private static final RobustnessEvaluation QUICK_NATURAL_EVALUATION = SMOKE_EVALUATION.toBuilder()
            .fgsmEpsilons(List.of(0.0, 2 / 255.0, 8 / 255.0)).pgdEpsilons(List.of(0.0, 2 / 255.0, 8 / 255.0))
            .pgdSteps(10).pgdRelativeStepSize(0.25).maxAttackedExamples(200).build();

    private SpecCatalog() {
    }

    /** How one paper row is reproduced: by its own spec, or (Table 1) by another table's spec. */
    public record Row(PaperRowKey paperRow, ExperimentSpec spec) {
    }

    /** All specs at {@code scale}, in the paper's table order, cited rows included. */
    public static List<ExperimentSpec> all(Scale scale) {
        List<ExperimentSpec> specs = new ArrayList<>();
        specs.addAll(table2(scale));
        specs.addAll(table3(scale));
        specs.addAll(table4(scale));
        specs.addAll(table5(scale));
        return specs;
    }

    /** Every row of Tables 1 to 5 with the spec whose runs reproduce it. */
    public static List<Row> rows(Scale scale) {
        List<Row> rows = new ArrayList<>();
        List<ExperimentSpec> specs = all(scale);
        for (int groups : new int[] {8, 4}) {
            for (Variant variant : List.of(Variant.FGSM, Variant.BASE, Variant.R)) {
                String model = "CondenseNet (G=C=" + groups + ")";
                ExperimentSpec table3 = specs.stream().filter(s -> s.paperRow().equals(rowKey(3, "ImageNet-1k", model,
                        variant))).findFirst().orElseThrow();
                rows.add(new Row(rowKey(1, "ImageNet-1k", model, variant), table3));
            }
        }
        specs.forEach(spec -> rows.add(new Row(spec.paperRow(), spec)));
        return rows;
    }

    /** The eps sweep of the trained R- specs among {@code specs}: each once per epsilon. */
    public static List<ExperimentSpec> epsSweep(List<ExperimentSpec> specs, List<Double> epsilons) {
        List<ExperimentSpec> sweep = new ArrayList<>();
        for (ExperimentSpec spec : specs) {
            if (spec.variant() == Variant.R && !spec.cited() && !spec.epsSweep()) {
                epsilons.forEach(eps -> sweep.add(spec.sweepPoint(eps)));
            }
        }
        if (sweep.isEmpty()) {
            throw new IllegalArgumentException("--eps-sweep sweeps R- rows, and the selection has none");
        }
        return sweep;
    }

    /** The key of a paper row. */
    static PaperRowKey rowKey(int table, String dataset, String model, Variant variant) {
        return new PaperRowKey(table, dataset, model, variant);
    }

    // ---------------------------------------------------------------------------------------------- Table 2

    private static List<ExperimentSpec> table2(Scale scale) {
        List<ExperimentSpec> specs = new ArrayList<>();
        specs.add(cited("t2-imagenet-senet", 2, "ImageNet-1k", "SENet", scale));
        Architecture architecture = switch (scale) {
            case SMOKE -> new NasNetAArchitecture(1, 96, 8, true, 0.5);
            case QUICK, PAPER -> NasNetAArchitecture.large();
        };
        DataPlan data = imagenet(scale, scale == Scale.SMOKE ? 32 : 331);
        // Zoph et al. 2018 train NASNet-A Large with RMSProp (lr 0.04 x replicas, decay 0.97 every 2.4 epochs),
        // label smoothing 0.1, an auxiliary head and scheduled drop-path; this project's optimiser and losses offer
        // none of those, so the paper scale uses Nesterov SGD with the cosine schedule of CondenseNet's ImageNet runs.
        TrainingPlan paper = new TrainingPlan(120, 64, nesterov(0.05, 4e-5, new LearningRateSchedule.Cosine(120)));
        specs.addAll(variants("t2-imagenet-nasnet-a", 2, "ImageNet-1k", "NASNet-A", scale, data, architecture,
                training(scale, paper, 16, 32, 1), natural(scale), FGSM_EPSILON_NATURAL, seeds(scale, 2, 1, 3),
                List.of("architecture: Zoph et al. 2018, NASNet-A Large 6 @ 4032 at 331x331 (Keras/TF-slim cells)",
                        "optimizer (paper scale): Nesterov SGD 0.05 with a 120-epoch cosine schedule, weight decay 4e-5 "
                                + "(Zoph et al.'s), batch 64; Zoph et al.'s RMSProp, label smoothing, auxiliary head "
                                + "and drop-path are not reproduced",
                        "augmentation: random-resized crop 331 + flip; evaluation: resize 378, centre crop 331")));
        return specs;
    }

    // ---------------------------------------------------------------------------------------------- Table 3

    private static List<ExperimentSpec> table3(Scale scale) {
        List<ExperimentSpec> specs = new ArrayList<>();
        specs.add(cited("t3-imagenet-inception-v1", 3, "ImageNet-1k", "Inception V1", scale));
        specs.add(cited("t3-imagenet-mobilenet", 3, "ImageNet-1k", "1.0 MobileNet-224", scale));
        specs.add(cited("t3-imagenet-shufflenet", 3, "ImageNet-1k", "ShuffleNet 2x", scale));
        specs.add(cited("t3-imagenet-nasnet-b", 3, "ImageNet-1k", "NASNet-B (N=4)", scale));
        specs.add(cited("t3-imagenet-nasnet-c", 3, "ImageNet-1k", "NASNet-C (N=3)", scale));
        for (int groups : new int[] {8, 4}) {
            Architecture architecture = switch (scale) {
                case SMOKE -> new CondenseNetArchitecture(List.of(1, 1, 1, 1, 1), List.of(8, 8, 8, 8, 8), 4, groups,
                        groups, 1e-5, 0.5);
                case QUICK, PAPER -> CondenseNetArchitecture.imagenet74(groups);
            };
            // Huang et al. 2018, section 5.2: 120 epochs, batch 256, cosine learning rate from 0.2, Nesterov 0.9,
            // weight decay 1e-4; condensation over the first half of training.
            TrainingPlan paper = new TrainingPlan(120, 256, nesterov(0.2, 1e-4, new LearningRateSchedule.Cosine(120)));
            specs.addAll(variants("t3-imagenet-condensenet-g" + groups, 3, "ImageNet-1k",
                    "CondenseNet (G=C=" + groups + ")", scale, imagenet(scale, scale == Scale.SMOKE ? 32 : 224),
                    architecture, training(scale, paper, 16, 64, 1), natural(scale), FGSM_EPSILON_NATURAL,
                    seeds(scale, 2, 1, 3),
                    List.of("architecture: Huang, Liu, van der Maaten and Weinberger 2018, CondenseNet-74 with G = C = "
                                    + groups + " (github.com/ShichenLiu/CondenseNet); evaluated as the condensed "
                                    + "test-time network",
                            "optimizer (paper scale): Huang et al. 2018 sec. 5.2: 120 epochs, batch 256, cosine learning "
                                    + "rate from 0.2, Nesterov momentum 0.9, weight decay 1e-4",
                            "augmentation: random-resized crop 224 + flip; evaluation: resize 256, centre crop 224",
                            "Table 1: these runs' accuracy under the five disturbances")));
        }
        return specs;
    }

    // ---------------------------------------------------------------------------------------------- Table 4

    private static List<ExperimentSpec> table4(Scale scale) {
        List<ExperimentSpec> specs = new ArrayList<>();
        specs.addAll(lenet(scale));
        specs.addAll(capsNet(scale));
        specs.addAll(stochasticDepth(scale));
        specs.addAll(wideResNet16On(scale));
        return specs;
    }

    /**
     * Table 4's LeNet, FGSM-LeNet and R-LeNet rows; at the paper scale, also R-LeNet at the eps values of
     * {@link #LENET_PAPER_SWEEP}. The paper scale is the answer this project gives on a CPU: 10 seeds of base and
     * R-, 5 of FGSM- and of each sweep point, seed index k of each sharing initial weights and data order.
     */
    public static List<ExperimentSpec> lenet(Scale scale) {
        DataPlan data = mnist(scale, 60_000);
        // Caffe's lenet_solver.prototxt: max_iter 10,000 at batch 64, i.e. 10.7 epochs.
        TrainingPlan paper = new TrainingPlan(11, 64, LeNet.caffeOptimizer(), 10_000);
        List<ExperimentSpec> rows = variants("t4-mnist-lenet", 4, "MNIST", "LeNet", scale, data,
                LeNetArchitecture.paper(), training(scale, paper, 32, 64, 1), mnistEvaluation(scale),
                FGSM_EPSILON_MNIST, seeds(scale, 2, 3, 10),
                List.of("architecture: Caffe examples/mnist/lenet_train_test.prototxt (LeCun et al. 1998), dropout 0.5 "
                                + "before the classifier as Table 4's dropout column says",
                        "optimizer: Caffe examples/mnist/lenet_solver.prototxt: lr 0.01, inv policy gamma 1e-4 power "
                                + "0.75, momentum 0.9, weight decay 5e-4, batch 64, max_iter 10000",
                        "seeds (paper scale): 10 of base and R-, 5 of FGSM- (two passes a step) and of each R- eps "
                                + "sweep point, seed index k of every variant with the same initial weights and data "
                                + "order",
                        "evaluation (paper scale): clean, the five disturbances and FGSM at every radius on all "
                                + "10,000 test images; PGD (40 steps of eps/30 from a random start) at every radius "
                                + "above 0 on the first 1,000, costing less than the training"));
        if (scale != Scale.PAPER) {
            return rows;
        }
        List<ExperimentSpec> specs = new ArrayList<>();
        for (ExperimentSpec row : rows) {
            specs.add(row.variant() == Variant.FGSM ? row.withSeeds(5) : row);
        }
        ExperimentSpec r = rows.stream().filter(s -> s.variant() == Variant.R).findFirst().orElseThrow();
        LENET_PAPER_SWEEP.forEach(eps -> specs.add(r.sweepPoint(eps).withSeeds(5)));
        return specs;
    }

    private static List<ExperimentSpec> capsNet(Scale scale) {
        Architecture architecture = scale == Scale.SMOKE
                ? new CapsNetArchitecture(16, 4, 4, 8, 2, false, CNN2DFormat.NHWC) : CapsNetArchitecture.paper();
        DataPlan data = switch (scale) {
            // CapsNet trains at ~16 images/s on 2 cores: the quick rows take 47 steps of 32 images and test on 300.
            case QUICK -> new DataPlan("MNIST", "Fashion-MNIST", List.of(DatasetSplit.TRAIN), DataPlan.Augmentation.NONE,
                    false, 1_500, 300, null);
            case SMOKE, PAPER -> mnist(scale, 60_000);
        };
        RobustnessEvaluation evaluation = scale == Scale.QUICK ? QUICK_CAPSNET_EVALUATION : mnistEvaluation(scale);
        // Sabour et al. 2017 sec. 5: Adam with TensorFlow's defaults and an exponentially decaying rate (the
        // official code: 1e-3, decay 0.96 every 2,000 steps), batch 128; they do not give the number of epochs.
        TrainingPlan paper = new TrainingPlan(50, 128, CapsNet.adamOptimizer());
        return variants("t4-mnist-capsnet", 4, "MNIST", "CapsNet", scale, data, architecture,
                training(scale, paper, 16, 32, 1), evaluation, FGSM_EPSILON_MNIST, seeds(scale, 2, 2, 3),
                List.of("architecture: Sabour, Frosst and Hinton 2017, 3 routings, without the reconstruction decoder "
                                + "(the paper's 0.35% base row is Sabour et al.'s figure without it)",
                        "optimizer: Sabour et al. 2017 sec. 5 and github.com/Sarasra/models (research/capsules): Adam "
                                + "1e-3, exponential decay 0.96 every 2000 steps, batch 128; 50 epochs (not stated)",
                        "augmentation: none, as Table 4's column says (Sabour et al. shift by up to 2 pixels)"));
    }

    private static List<ExperimentSpec> stochasticDepth(Scale scale) {
        Architecture architecture = scale == Scale.SMOKE
                ? new StochasticDepthResNetArchitecture(8, 4, 0.5, CNN2DFormat.NCHW)
                : StochasticDepthResNetArchitecture.paper();
        DataPlan data = svhn(scale);
        // Huang et al. 2016 sec. 4 (SVHN): 50 epochs, batch 128, learning rate 0.1 divided by 10 after 30 and 35
        // epochs, Nesterov momentum 0.9, weight decay 1e-4, train + extra.
        TrainingPlan paper = new TrainingPlan(50, 128, nesterov(0.1, 1e-4,
                new LearningRateSchedule.StepDecay(List.of(29, 34), 0.1)));
        return variants("t4-svhn-sdresnet110", 4, "SVHN", "ResNet with stochastic depth", scale, data, architecture,
                training(scale, paper, 16, 128, 1), natural(scale), FGSM_EPSILON_NATURAL, seeds(scale, 2, 2, 3),
                List.of("architecture: Huang, Sun, Liu, Sedra and Weinberger 2016, ResNet-110 with stochastic depth "
                                + "(linear decay to 0.5), github.com/yueatsprograms/Stochastic_Depth; the paper's cited "
                                + "SVHN figure is from a 152-layer network",
                        "optimizer: Huang et al. 2016 sec. 4: 50 epochs, batch 128, lr 0.1 / 10 after epochs 30 and 35, "
                                + "Nesterov 0.9, weight decay 1e-4, train + extra",
                        "augmentation: pad-4 random crop as Table 4's standard-aug column says (Huang et al. use none)"));
    }

    private static List<ExperimentSpec> wideResNet16On(Scale scale) {
        Architecture architecture = scale == Scale.SMOKE ? WideResNetArchitecture.svhn(10, 1)
                : WideResNetArchitecture.svhn(16, 8);
        // Zagoruyko and Komodakis 2016 sec. 3: SVHN: 160 epochs, batch 128, learning rate 0.01 divided by 10 at
        // epochs 80 and 120, Nesterov 0.9, weight decay 5e-4, dropout 0.4, train + extra.
        TrainingPlan paper = new TrainingPlan(160, 128, WideResNet.svhnOptimizer());
        return variants("t4-svhn-wrn16-8", 4, "SVHN", "Wide ResNet", scale, svhn(scale), architecture,
                training(scale, paper, 16, 128, 1), natural(scale), FGSM_EPSILON_NATURAL, seeds(scale, 2, 2, 3),
                List.of("architecture: Zagoruyko and Komodakis 2016, WRN-16-8, dropout 0.4 between the convolutions "
                                + "(their SVHN setting), github.com/szagoruyko/wide-residual-networks",
                        "optimizer: Zagoruyko and Komodakis 2016 sec. 3: 160 epochs, batch 128, lr 0.01 / 10 at epochs 80 "
                                + "and 120, Nesterov 0.9, weight decay 5e-4, train + extra"));
    }

    // ---------------------------------------------------------------------------------------------- Table 5

    private static List<ExperimentSpec> table5(Scale scale) {
        List<ExperimentSpec> specs = new ArrayList<>();
        specs.addAll(wideResNet28On("CIFAR-10", "t5-cifar10-wrn28-10", scale));
        specs.addAll(inceptionV3(scale));
        specs.addAll(wideResNet28On("CIFAR-100", "t5-cifar100-wrn28-10", scale));
        return specs;
    }

    private static List<ExperimentSpec> wideResNet28On(String dataset, String id, Scale scale) {
        Architecture architecture = scale == Scale.SMOKE ? WideResNetArchitecture.cifar(10, 1)
                : WideResNetArchitecture.cifar(28, 10);
        // Zagoruyko and Komodakis 2016 sec. 3 (CIFAR), which Zhong et al. 2017 follow for their random-erasing
        // WRN-28-10 rows: 200 epochs, batch 128, lr 0.1 x 0.2 at 60, 120 and 160, Nesterov 0.9, weight decay 5e-4.
        TrainingPlan paper = new TrainingPlan(200, 128, WideResNet.cifarOptimizer());
        return variants(id, 5, dataset, "Wide ResNet", scale,
                cifar(dataset, scale, DataPlan.Augmentation.STANDARD_AND_RANDOM_ERASING), architecture,
                training(scale, paper, 16, 128, 1), natural(scale), FGSM_EPSILON_NATURAL, seeds(scale, 2, 2, 3),
                List.of("architecture: Zagoruyko and Komodakis 2016, WRN-28-10, dropout 0.3 between the convolutions",
                        "optimizer: Zagoruyko and Komodakis 2016 sec. 3: 200 epochs, batch 128, lr 0.1 x 0.2 at epochs "
                                + "60, 120, 160, Nesterov 0.9, weight decay 5e-4",
                        "augmentation: pad-4 crop + flip, then random erasing (Zhong et al. 2017: p 0.5, area 2-40%, "
                                + "aspect 0.3-3.3, random values)"));
    }

    private static List<ExperimentSpec> inceptionV3(Scale scale) {
        Architecture architecture = scale == Scale.SMOKE
                ? new InceptionV3Architecture(InceptionV3Architecture.Stem.CIFAR, 0.0625, false, 0.5)
                : InceptionV3Architecture.cifar();
        // github.com/weiaicunzai/pytorch-cifar100 (whose InceptionV3 reports 22.81% on CIFAR-100): 200 epochs,
        // batch 128, lr 0.1 x 0.2 at 60, 120 and 160, momentum 0.9, weight decay 5e-4.
        TrainingPlan paper = new TrainingPlan(200, 128, new OptimizerSettings(OptimizerSettings.Method.MOMENTUM, 0.1,
                0.9, new LearningRateSchedule.StepDecay(List.of(60, 120, 160), 0.2), 5e-4, false));
        return variants("t5-cifar100-inceptionv3", 5, "CIFAR-100", "InceptionV3", scale,
                cifar("CIFAR-100", scale, DataPlan.Augmentation.STANDARD), architecture,
                training(scale, paper, 16, 128, 1), natural(scale), FGSM_EPSILON_NATURAL, seeds(scale, 2, 2, 3),
                List.of("architecture: Szegedy et al. 2016, InceptionV3 with the 32x32 stem of "
                                + "github.com/weiaicunzai/pytorch-cifar100 (see InceptionV3Architecture)",
                        "optimizer: weiaicunzai/pytorch-cifar100: 200 epochs, batch 128, lr 0.1 x 0.2 at 60, 120, 160, "
                                + "momentum 0.9, weight decay 5e-4 (its 15-degree rotations and warm-up are not used)"));
    }

    // ---------------------------------------------------------------------------------------------- parts

    private static List<ExperimentSpec> variants(String idPrefix, int table, String dataset, String model, Scale scale,
                                                 DataPlan data, Architecture architecture, TrainingPlan plan,
                                                 RobustnessEvaluation evaluation, double fgsmEpsilon, int seeds,
                                                 List<String> sources) {
        List<ExperimentSpec> specs = new ArrayList<>();
        for (Variant variant : List.of(Variant.BASE, Variant.FGSM, Variant.R)) {
            specs.add(new ExperimentSpec(idPrefix + "-" + variant.code(), rowKey(table, dataset, model, variant), false,
                    table, dataset, model, variant, scale, false, data, architecture, plan,
                    variant == Variant.R ? R_PERTURBATION : null,
                    variant == Variant.FGSM ? AdversarialTraining.fgsm(fgsmEpsilon, AdversarialTraining.GOODFELLOW_ALPHA)
                            : null,
                    evaluation, seeds, BASE_SEED, sources));
        }
        return specs;
    }

    private static ExperimentSpec cited(String id, int table, String dataset, String model, Scale scale) {
        return new ExperimentSpec(id, rowKey(table, dataset, model, Variant.BASE), false, table, dataset, model,
                Variant.BASE, scale, true, null, null, null, null, null, null, 1, BASE_SEED,
                List.of("cited by the paper from its own publication; not trained by the paper nor here"));
    }

    /** Smoke: a few steps; quick: {@code quickEpochs} epochs at the paper's batch size; paper: as given. */
    private static TrainingPlan training(Scale scale, TrainingPlan paper, int smokeBatch, int quickBatch,
                                         int quickEpochs) {
        return switch (scale) {
            case SMOKE -> new TrainingPlan(1, smokeBatch, paper.optimizer());
            case QUICK -> new TrainingPlan(quickEpochs, quickBatch, paper.optimizer());
            case PAPER -> paper;
        };
    }

    private static int seeds(Scale scale, int smoke, int quick, int paper) {
        return switch (scale) {
            case SMOKE -> smoke;
            case QUICK -> quick;
            case PAPER -> paper;
        };
    }

    private static OptimizerSettings nesterov(double learningRate, double weightDecay, LearningRateSchedule schedule) {
        return new OptimizerSettings(OptimizerSettings.Method.NESTEROV, learningRate, 0.9, schedule, weightDecay, true);
    }

    private static DataPlan mnist(Scale scale, int quickTrainLimit) {
        return switch (scale) {
            case SMOKE -> new DataPlan("MNIST", null, List.of(DatasetSplit.TRAIN), DataPlan.Augmentation.NONE, false,
                    128, 64, null);
            case QUICK -> new DataPlan("MNIST", "Fashion-MNIST", List.of(DatasetSplit.TRAIN), DataPlan.Augmentation.NONE,
                    false, quickTrainLimit, 10_000, null);
            case PAPER -> new DataPlan("MNIST", "Fashion-MNIST", List.of(DatasetSplit.TRAIN),
                    DataPlan.Augmentation.NONE, false, 60_000, 10_000, null);
        };
    }

    private static DataPlan svhn(Scale scale) {
        return switch (scale) {
            case SMOKE -> new DataPlan("SVHN", null, List.of(DatasetSplit.TRAIN, DatasetSplit.EXTRA),
                    DataPlan.Augmentation.STANDARD, true, 64, 32, null);
            case QUICK -> new DataPlan("SVHN", null, List.of(DatasetSplit.TRAIN), DataPlan.Augmentation.STANDARD, true,
                    10_000, 2_000, null);
            case PAPER -> new DataPlan("SVHN", null, List.of(DatasetSplit.TRAIN, DatasetSplit.EXTRA),
                    DataPlan.Augmentation.STANDARD, true, Integer.MAX_VALUE, Integer.MAX_VALUE, null);
        };
    }

    private static DataPlan cifar(String dataset, Scale scale, DataPlan.Augmentation augmentation) {
        return switch (scale) {
            case SMOKE -> new DataPlan(dataset, null, List.of(DatasetSplit.TRAIN), augmentation, true, 64, 32, null);
            case QUICK -> new DataPlan(dataset, null, List.of(DatasetSplit.TRAIN), augmentation, true, 10_000, 2_000,
                    null);
            case PAPER -> new DataPlan(dataset, null, List.of(DatasetSplit.TRAIN), augmentation, true,
                    Integer.MAX_VALUE, Integer.MAX_VALUE, null);
        };
    }

    private static DataPlan imagenet(Scale scale, int imageSize) {
        return switch (scale) {
            case SMOKE -> new DataPlan("ImageNet-1k", null, List.of(DatasetSplit.TRAIN), DataPlan.Augmentation.STANDARD,
                    true, 32, 16, imageSize);
            case QUICK -> new DataPlan("ImageNet-1k", null, List.of(DatasetSplit.TRAIN),
                    DataPlan.Augmentation.STANDARD, true, 20_000, 2_000, imageSize);
            case PAPER -> new DataPlan("ImageNet-1k", null, List.of(DatasetSplit.TRAIN),
                    DataPlan.Augmentation.STANDARD, true, Integer.MAX_VALUE, Integer.MAX_VALUE, imageSize);
        };
    }

    private static RobustnessEvaluation mnistEvaluation(Scale scale) {
        return switch (scale) {
            case SMOKE -> SMOKE_EVALUATION;
            case QUICK -> RobustnessEvaluation.standard(RobustnessEvaluation.MNIST_EPSILONS, BASE_SEED)
                    .withMaxAttackedExamples(500);
            // FGSM on every test image; PGD, 40 backward passes a radius, on 1,000 above radius 0 (at 0 it is clean
            // accuracy again), so that evaluating a LeNet run costs less than its 10,000 training steps.
            case PAPER -> RobustnessEvaluation.standard(RobustnessEvaluation.MNIST_EPSILONS, BASE_SEED)
                    .withPgd(PAPER_PGD_EPSILONS_MNIST, 1_000);
        };
    }

    private static RobustnessEvaluation natural(Scale scale) {
        return switch (scale) {
            case SMOKE -> SMOKE_EVALUATION;
            case QUICK -> QUICK_NATURAL_EVALUATION;
            case PAPER -> RobustnessEvaluation.standard(RobustnessEvaluation.NATURAL_IMAGE_EPSILONS, BASE_SEED)
                    .withMaxAttackedExamples(2000);
        };
    }
}
