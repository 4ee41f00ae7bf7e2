package org.rtrain.experiments.spec;

import java.util.List;
import java.util.Objects;

import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.databind.DeserializationFeature;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.rtrain.attacks.training.AdversarialTraining;
import org.rtrain.attacks.evaluation.RobustnessEvaluation;
import org.rtrain.models.zoo.Architecture;
import org.rtrain.models.zoo.PerturbationSettings;
import org.rtrain.reports.results.PaperRowKey;
import org.rtrain.reports.results.Scale;
import org.rtrain.reports.results.Variant;

/**
 * One row of one of the paper's tables at one scale, as data: what to train on what, how, with which
 * seeds, how to evaluate it, and what the paper left unsaid made explicit. Specs round-trip through
 * JSON, so they can be listed, saved, edited and overridden without recompiling.
 *
 * @param id           unique name, e.g. {@code t4-mnist-lenet-r}
 * @param paperRow     the paper row it reproduces
 * @param epsSweep     a point of the R- eps sweep rather than the row's own spec
 * @param table        the paper's table
 * @param paperDataset the dataset the paper's row used
 * @param model        the model as the paper's table CSV spells it
 * @param variant      base, fgsm or r
 * @param scale        smoke, quick or paper
 * @param cited        a row the paper only cites from another paper: carried into the reports with its
 *                     numbers, never trained (then data, architecture, training and evaluation are null)
 * @param data         the data and augmentation
 * @param architecture the network
 * @param training     epochs, batch size and optimiser
 * @param perturbation the sign perturbation (R- only, else null)
 * @param adversarial  adversarial training (FGSM- only, else null; the paper does not state its FGSM epsilon)
 * @param evaluation   what a trained network is evaluated on besides clean accuracy: Table 1's disturbances,
 *                     FGSM and PGD over a sweep of radii (its seed is replaced by one derived from each run's)
 * @param seeds        number of runs, each with a seed derived from the base seed and its index
 * @param baseSeed     base of the run seeds
 * @param sources      where each hyperparameter comes from
 */
public record ExperimentSpec(String id, PaperRowKey paperRow, boolean epsSweep, int table, String paperDataset, String model,
                             Variant variant, Scale scale, boolean cited, DataPlan data, Architecture architecture,
                             TrainingPlan training, PerturbationSettings perturbation, AdversarialTraining adversarial,
                             RobustnessEvaluation evaluation, int seeds, long baseSeed, List<String> sources) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public ExperimentSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(paperRow, "paperRow of " + id);
        Objects.requireNonNull(variant, "variant of " + id);
        Objects.requireNonNull(scale, "scale of " + id);
        sources = List.copyOf(sources == null ? List.of() : sources);
        if (seeds <= 0) {
            throw new IllegalArgumentException(id + ": seeds must be >= 1, got " + seeds);
        }
        if (!cited) {
            require(data, "data", id);
            require(architecture, "architecture", id);
            require(training, "training", id);
            require(evaluation, "evaluation", id);
            if ((variant == Variant.R) != (perturbation != null)) {
                throw new IllegalArgumentException(id + ": the perturbation must be given for the r variant and only "
                        + "for it (variant " + variant.code() + ")");
            }
            if ((variant == Variant.FGSM) != (adversarial != null)) {
                throw new IllegalArgumentException(id + ": adversarial training must be given for the fgsm variant and "
                        + "only for it (variant " + variant.code() + ")");
            }
        }
        if (epsSweep && variant != Variant.R) {
            throw new IllegalArgumentException(id + ": only r specs belong to the eps sweep");
        }
    }

    /** The perturbation this spec trains with ({@link PerturbationSettings#none()} unless R-). */
    public PerturbationSettings perturbationSettings() {
        return perturbation == null ? PerturbationSettings.none() : perturbation;
    }

    /** A copy with another number of seeds. */
    public ExperimentSpec withSeeds(int newSeeds) {
        return new ExperimentSpec(id, paperRow, epsSweep, table, paperDataset, model, variant, scale, cited, data,
                architecture, training, perturbation, adversarial, evaluation, newSeeds, baseSeed, sources);
    }

    /** The eps-sweep point of this R- spec at {@code epsilon}: its own id, the same seeds. */
    public ExperimentSpec sweepPoint(double epsilon) {
        if (variant != Variant.R || cited) {
            throw new IllegalArgumentException(id + ": only trained r specs have an eps sweep");
        }
        String suffix = "-eps" + java.math.BigDecimal.valueOf(epsilon).stripTrailingZeros().toPlainString();
        return new ExperimentSpec(id + suffix, paperRow, true, table, paperDataset, model, variant, scale, false, data,
                architecture, training, perturbation.withEpsilon(epsilon), adversarial, evaluation, seeds, baseSeed,
                sources);
    }

    /** The spec as JSON, including its seeds. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise spec " + id, e);
        }
    }

    /** Parses a spec from JSON, validating it. */
    public static ExperimentSpec fromJson(String json) {
        try {
            return JSON.readValue(json, ExperimentSpec.class);
        } catch (JsonProcessingException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
            throw new IllegalArgumentException("Not a valid experiment spec: " + (cause == e ? e.getOriginalMessage()
                    : cause.getMessage()), e);
        }
    }

    /** The shared JSON mapper of specs (strict: unknown fields are errors). */
    static ObjectMapper json() {
        return JSON;
    }

    private static void require(Object value, String name, String id) {
        if (value == null) {
            throw new IllegalArgumentException(id + ": " + name + " is required for a trained spec");
        }
    }
}
