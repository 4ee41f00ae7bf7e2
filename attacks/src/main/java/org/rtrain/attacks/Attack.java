package org.rtrain.attacks;

import org.nd4j.linalg.api.ndarray.INDArray;

/** An untargeted attack in pixel space [0, 1] that uses a model's inference-mode input gradient. */
public interface Attack {

    /** Adversarial examples for {@code features} with true one-hot {@code labels}; neither is modified. */
    INDArray perturb(InputGradient gradient, INDArray features, INDArray labels);
}
