package org.rtrain.experiments;

import java.util.List;
import java.util.Set;

/**
 * What a finished run is evaluated on besides the clean test set.
 *
 * @param disturbances   Table 1's disturbances to apply: random_crop, random_hflip, random_grayscale,
 *                       random_color, random_five_crop
 * @param fgsmEpsilons   FGSM radii (pixel units) of the robust-accuracy curve
 * @param pgdEpsilons    PGD radii (pixel units) of the robust-accuracy curve
 * @param pgdSteps       PGD steps, each of {@code 2.5 * epsilon / pgdSteps} (Madry et al.'s ratio)
 * @param attackExamples attack at most this many test examples (attacks cost a backward pass per step)
 */
public record EvaluationPlan(List<String> disturbances, List<Double> fgsmEpsilons, List<Double> pgdEpsilons,
                             int pgdSteps, int attackExamples) {

    /** The names of Table 1's disturbances, as its CSV columns spell them. */
    public static final List<String> TABLE1_DISTURBANCES = List.of("random_crop", "random_hflip", "random_grayscale",
            "random_color", "random_five_crop");

    public EvaluationPlan {
        disturbances = List.copyOf(disturbances == null ? List.of() : disturbances);
        fgsmEpsilons = List.copyOf(fgsmEpsilons == null ? List.of() : fgsmEpsilons);
        pgdEpsilons = List.copyOf(pgdEpsilons == null ? List.of() : pgdEpsilons);
        for (String d : disturbances) {
            if (!Set.copyOf(TABLE1_DISTURBANCES).contains(d)) {
                throw new IllegalArgumentException("Unknown disturbance '" + d + "': expected one of "
                        + TABLE1_DISTURBANCES);
            }
        }
        for (double eps : fgsmEpsilons) {
            checkEpsilon(eps);
        }
        for (double eps : pgdEpsilons) {
            checkEpsilon(eps);
        }
        if (pgdSteps < 1 || attackExamples < 1) {
            throw new IllegalArgumentException("pgdSteps and attackExamples must be >= 1, got " + pgdSteps + " and "
                    + attackExamples);
        }
    }

    /** Clean accuracy only. */
    public static EvaluationPlan cleanOnly() {
        return new EvaluationPlan(List.of(), List.of(), List.of(), 1, 1);
    }

    private static void checkEpsilon(double eps) {
        if (!(eps >= 0 && eps <= 1)) {
            throw new IllegalArgumentException("attack epsilon must be in [0, 1] (pixel units), got " + eps);
        }
    }
}
