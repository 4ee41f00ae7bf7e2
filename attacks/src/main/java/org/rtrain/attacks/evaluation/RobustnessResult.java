package org.rtrain.attacks.evaluation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;

/**
 * What a {@link RobustnessEvaluation} measured: clean accuracy, accuracy under each disturbance and
 * the robust-accuracy curves, with the settings that produced them. JSON-serialisable; the reports'
 * {@code Accuracy} and {@code AttackPoint} records are this shape without the intervals.
 *
 * @param evaluation   the settings
 * @param clean        accuracy on the clean test batches
 * @param disturbances accuracy under each disturbance, by name, in the settings' order
 * @param attacks      FGSM points in the settings' epsilon order, then PGD points
 */
public record RobustnessResult(RobustnessEvaluation evaluation, AccuracyEstimate clean,
                               Map<String, AccuracyEstimate> disturbances, List<AttackAccuracy> attacks) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public RobustnessResult {
        Objects.requireNonNull(evaluation, "evaluation");
        Objects.requireNonNull(clean, "clean");
        disturbances = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(disturbances,
                "disturbances")));
        attacks = List.copyOf(Objects.requireNonNull(attacks, "attacks"));
    }

    /** The points of one attack's curve ({@link AttackAccuracy#FGSM} or {@link AttackAccuracy#PGD}), in epsilon order. */
    public List<AttackAccuracy> curve(String attack) {
        return attacks.stream().filter(point -> point.attack().equals(attack)).toList();
    }

    /** This result as indented JSON. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write robustness result as JSON", e);
        }
    }

    /** The result {@code json} describes; {@link IllegalArgumentException} saying what is wrong otherwise. */
    public static RobustnessResult fromJson(String json) {
        try {
            return JSON.readValue(json, RobustnessResult.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a robustness result: " + e.getOriginalMessage(), e);
        }
    }
}
