package org.rtrain.models.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The capsule nonlinearity and its gradient, over the last axis of {@code [batch, capsules,
 * dimensions]} arrays.
 *
 * <p>From Sabour, Frosst and Hinton, "Dynamic Routing Between Capsules" (NIPS 2017), equation 1:
 * {@code squash(s) = |s|^2 / (1 + |s|^2) * s / |s|}, computed as {@code s * f(|s|^2)} with
 * {@code f(n) = n / ((1 + n) sqrt(n + 1e-9))} so that it is defined at {@code s = 0}.
 */
final class Squash {

    /** Added to {@code |s|^2} under the square root. */
    static final double EPSILON = 1e-9;

    private Squash() {
    }

    /** {@code squash(s)} as a new array. */
    static INDArray forward(INDArray s) {
        INDArray squaredNorm = s.mul(s).sum(true, 2);
        return s.mul(scale(squaredNorm));
    }

    /** The gradient with respect to {@code s} of a loss whose gradient at {@code squash(s)} is {@code g}. */
    static INDArray backward(INDArray s, INDArray g) {
        INDArray squaredNorm = s.mul(s).sum(true, 2);
        INDArray onePlus = squaredNorm.add(1.0);
        INDArray root = Transforms.sqrt(squaredNorm.add(EPSILON), false);
        // f'(n) = 1 / ((1 + n)^2 r) - n / (2 (1 + n) r^3), with r = sqrt(n + eps)
        INDArray derivative = onePlus.mul(onePlus).muli(root).rdivi(1.0)
                .subi(squaredNorm.div(onePlus.mul(root).muli(root).muli(root).muli(2.0)));
        // d(s f(|s|^2)) / ds applied to g: f g + 2 f'(|s|^2) (s . g) s
        INDArray along = s.mul(g).sum(true, 2).muli(derivative).muli(2.0);
        return g.mul(scale(squaredNorm)).addi(s.mul(along));
    }

    private static INDArray scale(INDArray squaredNorm) {
        return squaredNorm.div(squaredNorm.add(1.0).muli(Transforms.sqrt(squaredNorm.add(EPSILON), false)));
    }
}
