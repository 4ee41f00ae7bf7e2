package org.rtrain.attacks;

import java.util.Arrays;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.rtrain.attacks.gradient.InputGradient;

/**
 * The fast gradient sign method: {@code x_adv = clip(x + epsilon * sign(grad_x L(theta, x, y)), 0, 1)}.
 *
 * <p>From Goodfellow, Shlens and Szegedy, "Explaining and harnessing adversarial examples"
 * (arXiv 1412.6572), section 4.
 *
 * <p>Use it to measure robustness to a one-step L-infinity attack and as the inner step of FGSM
 * adversarial training. It works in pixel space [0, 1], so {@code epsilon} means the same on every
 * dataset; the gradient is the model's in inference mode ({@link InputGradient}). Untargeted.
 *
 * @param epsilon L-infinity radius in pixel units, {@code >= 0}
 */
public record FgsmAttack(double epsilon) implements Attack {

    public FgsmAttack {
        if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("FGSM epsilon must be a finite number >= 0, got " + epsilon);
        }
    }

    /** Adversarial examples for {@code features} (pixels in [0, 1]) with true labels {@code labels}. */
    @Override
    public INDArray perturb(InputGradient gradient, INDArray features, INDArray labels) {
        PixelRange.require(features, "FGSM features");
        return step(features, gradient.of(features, labels));
    }

    /**
     * Adversarial examples for {@code features} (pixels in [0, 1]) from a gradient of the loss with
     * respect to them, {@code inputGradient} (any positive multiple gives the same result), e.g. one
     * a training pass has already computed; neither argument is modified.
     */
    public INDArray perturb(INDArray features, INDArray inputGradient) {
        PixelRange.require(features, "FGSM features");
        if (!Arrays.equals(features.shape(), inputGradient.shape())) {
            throw new IllegalArgumentException("FGSM: the input gradient has shape "
                    + Arrays.toString(inputGradient.shape()) + ", the features "
                    + Arrays.toString(features.shape()));
        }
        return step(features, inputGradient.dup());
    }

    /** {@code clip(x + epsilon * sign(gradient), 0, 1)}, overwriting {@code gradient}. */
    private INDArray step(INDArray features, INDArray gradient) {
        INDArray sign = Transforms.sign(gradient, false);
        return PixelRange.clipInPlace(sign.muli(epsilon).addi(features));
    }
}
