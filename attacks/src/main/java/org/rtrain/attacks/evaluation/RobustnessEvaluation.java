package org.rtrain.attacks.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution3D;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.Subsampling1DLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.wrapper.BaseWrapperLayer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.rtrain.attacks.FgsmAttack;
import org.rtrain.attacks.PgdAttack;
import org.rtrain.attacks.PixelRange;
import org.rtrain.attacks.StreamSeed;
import org.rtrain.attacks.disturbance.Disturbance;
import org.rtrain.attacks.gradient.InputGradient;
import org.rtrain.perturb.NetworkAdapter;

/**
 * Robustness of a trained classifier: top-1 (and top-5) accuracy on clean test data, under each of
 * Table 1's disturbances, and under FGSM and PGD at a sweep of epsilons (robust-accuracy curves),
 * each with its number of examples and a 95% Wilson confidence interval.
 *
 * <p>Use it on any MultiLayerNetwork or single-input, single-output ComputationGraph that takes
 * images with pixels in [0, 1] (normalising inside, as the zoo's networks do): build the settings with
 * {@link #builder()} (or {@link #standard}), then {@code evaluation.evaluate(model, testIterator)}, or for
 * every architecture of the zoo {@code evaluation.evaluate(architecture.network(settings),
 * architecture.inputFormat(), testBatches)}. The record holds the settings and is JSON-serialisable;
 * {@code evaluate} makes one pass over the test batches. Attacks use the model's inference-mode input
 * gradient ({@link InputGradient}) and run on the first {@link #maxAttackedExamples} test examples
 * only, when set, because PGD costs {@code pgdSteps * pgdRestarts} backward passes per example and
 * epsilon. Randomness (disturbances, PGD's random starts) comes from {@link #seed}: each disturbance
 * has its own stream, keyed by its name, and PGD one stream per test batch, so the result depends only
 * on the settings, the model and the batches.
 *
 * <p>PGD follows Madry et al. (ICLR 2018) with the defaults of their MNIST challenge, which Foolbox 3's
 * {@code LinfPGD} also uses: 40 steps of {@code epsilon / 30} (0.01 at 0.3) from a uniform random start
 * in the ball, one restart. The step size scales with epsilon so one setting serves the whole sweep.
 *
 * @param disturbances        disturbances to measure, by distinct name (may be empty)
 * @param fgsmEpsilons        FGSM radii in pixel units (may be empty); 0 measures the attacked examples clean
 * @param pgdEpsilons         PGD radii in pixel units (may be empty)
 * @param pgdSteps            PGD steps, {@code >= 1}
 * @param pgdRelativeStepSize PGD step size as a fraction of epsilon, {@code > 0}
 * @param pgdRestarts         PGD random restarts per example, {@code >= 1}; the worst case counts
 * @param maxAttackedExamples attack only the first this many test examples ({@code >= 1}); null attacks all
 * @param seed                seed of every random draw
 * @param maxPgdExamples      PGD only: attack at most the first this many test examples ({@code >= 1}), fewer than
 *                            FGSM where PGD's cost calls for it; null: as many as {@link #maxAttackedExamples}
 */
public record RobustnessEvaluation(List<Disturbance> disturbances, List<Double> fgsmEpsilons,
                                   List<Double> pgdEpsilons, int pgdSteps, double pgdRelativeStepSize,
                                   int pgdRestarts, Integer maxAttackedExamples, long seed, Integer maxPgdExamples) {

    /** Madry et al.'s MNIST challenge: 40 PGD steps. */
    public static final int MADRY_STEPS = 40;
    /** Madry et al.'s MNIST challenge: steps of 0.01 at epsilon 0.3. */
    public static final double MADRY_RELATIVE_STEP_SIZE = 0.01 / 0.3;
    /** A sweep for MNIST-like data up to Madry et al.'s MNIST radius 0.3 (Goodfellow et al.'s FGSM used 0.25). */
    public static final List<Double> MNIST_EPSILONS = List.of(0.0, 0.05, 0.1, 0.2, 0.3);
    /** A sweep for natural images up to Madry et al.'s CIFAR-10 radius 8/255. */
    public static final List<Double> NATURAL_IMAGE_EPSILONS = List.of(0.0, 1 / 255.0, 2 / 255.0, 4 / 255.0, 8 / 255.0);

    private static final ObjectMapper JSON = new ObjectMapper();

    public RobustnessEvaluation {
        disturbances = List.copyOf(Objects.requireNonNull(disturbances, "disturbances"));
        fgsmEpsilons = checkedEpsilons(fgsmEpsilons, "fgsmEpsilons");
        pgdEpsilons = checkedEpsilons(pgdEpsilons, "pgdEpsilons");
        if (new HashSet<>(disturbances.stream().map(Disturbance::name).toList()).size() != disturbances.size()) {
            throw new IllegalArgumentException("disturbances must have distinct names, got "
                    + disturbances.stream().map(Disturbance::name).toList());
        }
        if (pgdSteps < 1) {
            throw new IllegalArgumentException("pgdSteps must be >= 1, got " + pgdSteps);
        }
        if (!(pgdRelativeStepSize > 0) || Double.isInfinite(pgdRelativeStepSize)) {
            throw new IllegalArgumentException("pgdRelativeStepSize must be a finite number > 0, got "
                    + pgdRelativeStepSize);
        }
        if (pgdRestarts < 1) {
            throw new IllegalArgumentException("pgdRestarts must be >= 1, got " + pgdRestarts);
        }
        if (maxAttackedExamples != null && maxAttackedExamples < 1) {
            throw new IllegalArgumentException("maxAttackedExamples must be >= 1 or null (attack all), got "
                    + maxAttackedExamples);
        }
        if (maxPgdExamples != null && maxPgdExamples < 1) {
            throw new IllegalArgumentException("maxPgdExamples must be >= 1 or null (as many as FGSM), got "
                    + maxPgdExamples);
        }
    }

    private static List<Double> checkedEpsilons(List<Double> epsilons, String field) {
        for (Double epsilon : Objects.requireNonNull(epsilons, field)) {
            if (epsilon == null || !(epsilon >= 0) || epsilon.isInfinite()) {
                throw new IllegalArgumentException(field + " must hold finite numbers >= 0, got " + epsilons);
            }
        }
        return List.copyOf(epsilons);
    }

    /**
     * Table 1's five disturbances and FGSM and PGD (Madry et al.'s defaults) at {@code epsilons}, on
     * every test example.
     */
    public static RobustnessEvaluation standard(List<Double> epsilons, long seed) {
        return builder().disturbances(Disturbance.table1()).fgsmEpsilons(epsilons).pgdEpsilons(epsilons).seed(seed)
                .build();
    }

    /**
     * A builder of settings, e.g. {@code RobustnessEvaluation.builder().fgsmEpsilons(List.of(0.0, 0.1))
     * .seed(42).build()}. Only the seed must be set; the rest defaults to no disturbances, no attacks, Madry et
     * al.'s PGD ({@value #MADRY_STEPS} steps of {@code epsilon / 30}, one restart) and every test example.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        return new Builder().disturbances(disturbances).fgsmEpsilons(fgsmEpsilons).pgdEpsilons(pgdEpsilons)
                .pgdSteps(pgdSteps).pgdRelativeStepSize(pgdRelativeStepSize).pgdRestarts(pgdRestarts)
                .maxAttackedExamples(maxAttackedExamples).maxPgdExamples(maxPgdExamples).seed(seed);
    }

    /** These settings attacking only the first {@code maxAttackedExamples} test examples (null: all). */
    public RobustnessEvaluation withMaxAttackedExamples(Integer maxAttackedExamples) {
        return toBuilder().maxAttackedExamples(maxAttackedExamples).build();
    }

    /** These settings drawing from {@code newSeed}. */
    public RobustnessEvaluation withSeed(long newSeed) {
        return toBuilder().seed(newSeed).build();
    }

    /** These settings with PGD at {@code epsilons} on at most the first {@code examples} test examples. */
    public RobustnessEvaluation withPgd(List<Double> epsilons, Integer examples) {
        return toBuilder().pgdEpsilons(epsilons).maxPgdExamples(examples).build();
    }

    /**
     * Builds {@link RobustnessEvaluation} settings by name; each option is the record component of the same
     * name, and {@link #build()} validates them as the record does.
     */
    public static final class Builder {

        private List<Disturbance> disturbances = List.of();
        private List<Double> fgsmEpsilons = List.of();
        private List<Double> pgdEpsilons = List.of();
        private int pgdSteps = MADRY_STEPS;
        private double pgdRelativeStepSize = MADRY_RELATIVE_STEP_SIZE;
        private int pgdRestarts = 1;
        private Integer maxAttackedExamples;
        private Integer maxPgdExamples;
        private Long seed;

        private Builder() {
        }

        /** Disturbances to measure, by distinct name (default none). */
        public Builder disturbances(List<Disturbance> disturbances) {
            this.disturbances = disturbances;
            return this;
        }

        /** FGSM radii in pixel units (default none); 0 measures the attacked examples clean. */
        public Builder fgsmEpsilons(List<Double> fgsmEpsilons) {
            this.fgsmEpsilons = fgsmEpsilons;
            return this;
        }

        /** PGD radii in pixel units (default none). */
        public Builder pgdEpsilons(List<Double> pgdEpsilons) {
            this.pgdEpsilons = pgdEpsilons;
            return this;
        }

        /** PGD steps, {@code >= 1} (default {@value RobustnessEvaluation#MADRY_STEPS}). */
        public Builder pgdSteps(int pgdSteps) {
            this.pgdSteps = pgdSteps;
            return this;
        }

        /**
         * PGD step size as a fraction of epsilon, {@code > 0} (default
         * {@link RobustnessEvaluation#MADRY_RELATIVE_STEP_SIZE}).
         */
        public Builder pgdRelativeStepSize(double pgdRelativeStepSize) {
            this.pgdRelativeStepSize = pgdRelativeStepSize;
            return this;
        }

        /** PGD random restarts per example, {@code >= 1} (default 1); the worst case counts. */
        public Builder pgdRestarts(int pgdRestarts) {
            this.pgdRestarts = pgdRestarts;
            return this;
        }

        /** Attack only the first this many test examples, {@code >= 1}; null (the default) attacks all. */
        public Builder maxAttackedExamples(Integer maxAttackedExamples) {
            this.maxAttackedExamples = maxAttackedExamples;
            return this;
        }

        /**
         * PGD only: attack at most the first this many test examples, {@code >= 1}; null (the default): as many
         * as {@link #maxAttackedExamples}.
         */
        public Builder maxPgdExamples(Integer maxPgdExamples) {
            this.maxPgdExamples = maxPgdExamples;
            return this;
        }

        /** Seed of every random draw (required). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * The settings.
         *
         * @throws IllegalStateException    when no seed was set
         * @throws IllegalArgumentException when an option is out of range, naming it
         */
        public RobustnessEvaluation build() {
            if (seed == null) {
                throw new IllegalStateException("RobustnessEvaluation.Builder: set the seed of the random draws");
            }
            return new RobustnessEvaluation(disturbances, fgsmEpsilons, pgdEpsilons, pgdSteps, pgdRelativeStepSize,
                    pgdRestarts, maxAttackedExamples, seed, maxPgdExamples);
        }
    }

    /** How many test examples PGD attacks at most (null: all). */
    private Integer pgdLimit() {
        if (maxPgdExamples == null) {
            return maxAttackedExamples;
        }
        return maxAttackedExamples == null ? maxPgdExamples : Math.min(maxPgdExamples, maxAttackedExamples);
    }

    /** The PGD attack this evaluation runs at {@code epsilon}, before it is given each batch's stream. */
    public PgdAttack pgd(double epsilon) {
        return new PgdAttack(epsilon, pgdRelativeStepSize * epsilon, pgdSteps, true, pgdRestarts, seed);
    }

    /**
     * Evaluates {@code model} (a MultiLayerNetwork or a single-input, single-output ComputationGraph,
     * in inference mode) on one pass over {@code testBatches}, from where the iterator stands (reset
     * first when it is exhausted and can be), with the image layout (NCHW or NHWC) that the model's 2D
     * convolution and pooling layers use; as {@link #evaluate(Model, CNN2DFormat, Supplier)} otherwise.
     *
     * @throws IllegalArgumentException when {@code model} is neither a MultiLayerNetwork nor a ComputationGraph;
     *                                  when its layers do not tell one layout (none has one, or they disagree:
     *                                  pass the format to {@link #evaluate(Model, CNN2DFormat, Supplier)});
     *                                  or as that method does for the batches
     */
    public RobustnessResult evaluate(Model model, DataSetIterator testBatches) {
        CNN2DFormat format = imageFormat(NetworkAdapter.of(model));
        Objects.requireNonNull(testBatches, "testBatches");
        if (!testBatches.hasNext() && testBatches.resetSupported()) {
            testBatches.reset();
        }
        return evaluate(model, format, () -> testBatches);
    }

    /** The layout of the images {@code network} takes, as its 2D convolution and pooling layers name it. */
    private static CNN2DFormat imageFormat(NetworkAdapter network) {
        Set<CNN2DFormat> formats = EnumSet.noneOf(CNN2DFormat.class);
        for (org.deeplearning4j.nn.api.Layer layer : network.layers()) {
            CNN2DFormat format = imageFormat(layer.conf().getLayer());
            if (format != null) {
                formats.add(format);
            }
        }
        if (formats.size() != 1) {
            throw new IllegalArgumentException("RobustnessEvaluation: the layers of the "
                    + network.model().getClass().getSimpleName() + " do not tell its image layout ("
                    + (formats.isEmpty() ? "no 2D convolution or pooling layer" : "both " + formats) + "); pass it: "
                    + "evaluate(model, CNN2DFormat.NCHW or NHWC, () -> testBatches)");
        }
        return formats.iterator().next();
    }

    private static CNN2DFormat imageFormat(Layer layer) {
        if (layer instanceof BaseWrapperLayer wrapper) {
            return imageFormat(wrapper.getUnderlying());
        }
        if (layer instanceof Convolution1DLayer || layer instanceof Convolution3D || layer instanceof Deconvolution3D
                || layer instanceof Subsampling1DLayer) {
            return null;
        }
        if (layer instanceof ConvolutionLayer convolution) {
            return convolution.getCnn2dDataFormat();
        }
        return layer instanceof SubsamplingLayer pooling ? pooling.getCnn2dDataFormat() : null;
    }

    /**
     * Evaluates {@code model} (a MultiLayerNetwork or a single-input, single-output ComputationGraph,
     * in inference mode) on the batches of one iterator from {@code testBatches}: features
     * {@code [batch, channels, height, width]} or {@code [batch, height, width, channels]} as
     * {@code format} says, pixels in [0, 1], one-hot labels. Neither the model nor the batches are
     * modified.
     *
     * @throws IllegalArgumentException naming the batch and what is wrong with it (not pixels, not
     *                                  one-hot, label width unlike the model's output, no examples)
     */
    public RobustnessResult evaluate(Model model, CNN2DFormat format, Supplier<? extends Iterator<DataSet>> testBatches) {
        Objects.requireNonNull(format, "format");
        NetworkAdapter network = NetworkAdapter.of(model);
        InputGradient gradient = InputGradient.forModel(model);
        Iterator<DataSet> batches = Objects.requireNonNull(testBatches.get(), "the test batch supplier gave null");

        AccuracyCounter clean = new AccuracyCounter("clean");
        Map<String, AccuracyCounter> disturbed = new LinkedHashMap<>();
        Map<String, SplittableRandom> streams = new LinkedHashMap<>();
        for (Disturbance disturbance : disturbances) {
            disturbed.put(disturbance.name(), new AccuracyCounter(disturbance.name()));
            streams.put(disturbance.name(), new SplittableRandom(StreamSeed.of(seed, disturbance.name().hashCode())));
        }
        List<AccuracyCounter> fgsm = counters(AttackAccuracy.FGSM, fgsmEpsilons);
        List<AccuracyCounter> pgd = counters(AttackAccuracy.PGD, pgdEpsilons);

        long attacked = 0;
        long pgdAttacked = 0;
        Integer pgdLimit = pgdLimit();
        for (int batchIndex = 0; batches.hasNext(); batchIndex++) {
            DataSet batch = batches.next();
            INDArray features = batch.getFeatures();
            INDArray labels = batch.getLabels();
            checkBatch(features, labels, format, batchIndex);
            clean.add(network.output(features), labels);
            for (Disturbance disturbance : disturbances) {
                INDArray images = disturbance.apply(features, format, streams.get(disturbance.name()));
                disturbed.get(disturbance.name()).add(network.output(images), labels);
            }

            long rows = fgsm.isEmpty() ? 0 : rowsWithin(maxAttackedExamples, attacked, features.size(0));
            if (rows > 0) {
                INDArray attackFeatures = firstRows(features, rows);
                INDArray attackLabels = firstRows(labels, rows);
                for (int i = 0; i < fgsmEpsilons.size(); i++) {
                    INDArray adversarial = new FgsmAttack(fgsmEpsilons.get(i)).perturb(gradient, attackFeatures,
                            attackLabels);
                    fgsm.get(i).add(network.output(adversarial), attackLabels);
                }
                attacked += rows;
            }
            long pgdRows = pgd.isEmpty() ? 0 : rowsWithin(pgdLimit, pgdAttacked, features.size(0));
            if (pgdRows > 0) {
                INDArray attackFeatures = firstRows(features, pgdRows);
                INDArray attackLabels = firstRows(labels, pgdRows);
                for (int i = 0; i < pgdEpsilons.size(); i++) {
                    INDArray adversarial = pgd(pgdEpsilons.get(i)).forStream(batchIndex)
                            .perturb(gradient, attackFeatures, attackLabels);
                    pgd.get(i).add(network.output(adversarial), attackLabels);
                }
                pgdAttacked += pgdRows;
            }
        }

        Map<String, AccuracyEstimate> disturbedAccuracy = new LinkedHashMap<>();
        disturbed.forEach((name, counter) -> disturbedAccuracy.put(name, counter.estimate()));
        List<AttackAccuracy> attacks = new ArrayList<>();
        for (int i = 0; i < fgsmEpsilons.size(); i++) {
            attacks.add(new AttackAccuracy(AttackAccuracy.FGSM, fgsmEpsilons.get(i), fgsm.get(i).estimate()));
        }
        for (int i = 0; i < pgdEpsilons.size(); i++) {
            attacks.add(new AttackAccuracy(AttackAccuracy.PGD, pgdEpsilons.get(i), pgd.get(i).estimate()));
        }
        return new RobustnessResult(this, clean.estimate(), disturbedAccuracy, attacks);
    }

    private static long rowsWithin(Integer limit, long done, long batchRows) {
        return Math.max(0, Math.min(limit == null ? Long.MAX_VALUE : limit - done, batchRows));
    }

    private static INDArray firstRows(INDArray array, long rows) {
        return rows == array.size(0) ? array : array.get(NDArrayIndex.interval(0, rows)).dup();
    }

    private static List<AccuracyCounter> counters(String attack, List<Double> epsilons) {
        return epsilons.stream().map(epsilon -> new AccuracyCounter(attack + " at epsilon " + epsilon)).toList();
    }

    private static void checkBatch(INDArray features, INDArray labels, CNN2DFormat format, int batchIndex) {
        String where = "RobustnessEvaluation, test batch " + batchIndex;
        if (features == null || labels == null) {
            throw new IllegalArgumentException(where + ": features and labels are both required");
        }
        if (features.rank() != 4 || labels.rank() != 2 || features.size(0) != labels.size(0)) {
            throw new IllegalArgumentException(where + ": expected " + format + " image features of rank 4 and one-hot "
                    + "labels [batch, classes] with the same batch size, got features "
                    + Arrays.toString(features.shape()) + " and labels " + Arrays.toString(labels.shape()));
        }
        PixelRange.require(features, where + " features");
    }

    /** These settings as JSON. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write robustness evaluation settings as JSON", e);
        }
    }

    /** The settings {@code json} describes; {@link IllegalArgumentException} saying what is wrong otherwise. */
    public static RobustnessEvaluation fromJson(String json) {
        try {
            return JSON.readValue(json, RobustnessEvaluation.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not robustness evaluation settings: " + e.getOriginalMessage()
                    + " in " + json, e);
        }
    }
}
