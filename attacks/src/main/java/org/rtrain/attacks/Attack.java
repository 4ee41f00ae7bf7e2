package org.rtrain.attacks;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonSubTypes;
import org.nd4j.shade.jackson.annotation.JsonTypeInfo;
import org.rtrain.attacks.gradient.InputGradient;

/**
 * An untargeted attack in pixel space [0, 1] that uses a model's inference-mode input gradient.
 * Attacks are JSON-serialisable records, e.g. {@code {"type":"fgsm","epsilon":0.1}}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = FgsmAttack.class, name = "fgsm"),
        @JsonSubTypes.Type(value = PgdAttack.class, name = "pgd"),
})
public interface Attack {

    /**
     * Adversarial examples for {@code features} (pixels in [0, 1], else {@link IllegalArgumentException})
     * with true one-hot {@code labels}; neither is modified.
     */
    INDArray perturb(InputGradient gradient, INDArray features, INDArray labels);

    /**
     * This attack drawing its random numbers from stream {@code stream} of its seed, so that each
     * training step or test batch gets fresh, reproducible randomness; deterministic attacks return
     * themselves.
     */
    default Attack forStream(long stream) {
        return this;
    }
}
