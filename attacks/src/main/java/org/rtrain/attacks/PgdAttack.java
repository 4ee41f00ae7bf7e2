package org.rtrain.attacks;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.UniformDistribution;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.rtrain.attacks.gradient.InputGradient;

/**
 * Projected gradient descent in an L-infinity ball: repeated signed-gradient steps, each projected
 * back onto {@code [x - epsilon, x + epsilon]} and the pixel range [0, 1].
 *
 * <p>From Madry, Makelov, Schmidt, Tsipras and Vladu, "Towards deep learning models resistant to
 * adversarial attacks" (ICLR 2018), section 2.1.
 *
 * <p>Use it to measure robustness to a multi-step first-order attack; it is at least as strong as
 * FGSM, which is its one-step special case ({@code steps = 1}, {@code stepSize = epsilon}, no random
 * start). The gradient is the model's in inference mode ({@link InputGradient}). Untargeted:
 * {@code x <- Proj(x + stepSize * sign(grad L(x, y)))}; targeted at labels {@code t}:
 * {@code x <- Proj(x - stepSize * sign(grad L(x, t)))}. With restarts, each example keeps the
 * restart with the highest loss (untargeted) or the lowest loss towards its target (targeted).
 *
 * @param epsilon     L-infinity radius in pixel units, {@code >= 0}
 * @param stepSize    size of each signed step, {@code >= 0}
 * @param steps       number of steps, {@code >= 1}
 * @param randomStart start from a uniform random point of the ball instead of x
 * @param restarts    number of random starts, {@code >= 1} (more than 1 requires randomStart)
 * @param seed        seed of the random starts
 */
public record PgdAttack(double epsilon, double stepSize, int steps, boolean randomStart, int restarts, long seed)
        implements Attack {

    public PgdAttack {
        if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("PGD epsilon must be a finite number >= 0, got " + epsilon);
        }
        if (!(stepSize >= 0) || Double.isInfinite(stepSize)) {
            throw new IllegalArgumentException("PGD stepSize must be a finite number >= 0, got " + stepSize);
        }
        if (steps < 1 || restarts < 1) {
            throw new IllegalArgumentException("PGD steps and restarts must be >= 1, got " + steps + " and " + restarts);
        }
        if (restarts > 1 && !randomStart) {
            throw new IllegalArgumentException("PGD restarts > 1 need randomStart: without it every restart is the same");
        }
    }

    /**
     * Madry et al.'s MNIST set-up scaled to {@code epsilon}: 40 steps of {@code epsilon / 30}
     * (their 0.01 for 0.3) from a random start.
     */
    public static PgdAttack madry(double epsilon, long seed) {
        return new PgdAttack(epsilon, epsilon / 30, 40, true, 1, seed);
    }

    /** This attack with its seed replaced by a seed derived from {@code (seed, stream)}. */
    @Override
    public PgdAttack forStream(long stream) {
        return new PgdAttack(epsilon, stepSize, steps, randomStart, restarts, StreamSeed.of(seed, stream));
    }

    /** Untargeted adversarial examples for {@code features} (pixels in [0, 1]) with true labels {@code labels}. */
    @Override
    public INDArray perturb(InputGradient gradient, INDArray features, INDArray labels) {
        return attack(gradient, features, labels, 1.0);
    }

    /** Adversarial examples that push {@code features} towards the one-hot {@code targetLabels}. */
    public INDArray perturbTargeted(InputGradient gradient, INDArray features, INDArray targetLabels) {
        return attack(gradient, features, targetLabels, -1.0);
    }

    /** {@code direction} +1 ascends the loss of {@code labels}, -1 descends it. */
    private INDArray attack(InputGradient gradient, INDArray features, INDArray labels, double direction) {
        PixelRange.require(features, "PGD features");
        Random random = Nd4j.getRandomFactory().getNewRandomInstance(seed);
        INDArray lower = Transforms.max(features.sub(epsilon), PixelRange.MIN, false);
        INDArray upper = Transforms.min(features.add(epsilon), PixelRange.MAX, false);
        INDArray best = null;
        INDArray bestLoss = null;
        for (int restart = 0; restart < restarts; restart++) {
            INDArray x = features.dup();
            if (randomStart) {
                INDArray noise = features.ulike();
                Nd4j.getExecutioner().exec(new UniformDistribution(noise, -epsilon, epsilon), random);
                x = project(x.addi(noise), lower, upper);
            }
            for (int step = 0; step < steps; step++) {
                INDArray sign = Transforms.sign(gradient.of(x, labels), false);
                x = project(x.addi(sign.muli(direction * stepSize)), lower, upper);
            }
            if (restarts == 1) {
                return x;
            }
            // Per-example loss in inference mode; keep the restart that serves the attack best.
            INDArray loss = gradient.lossPerExample(x, labels).muli(direction);
            if (best == null) {
                best = x;
                bestLoss = loss;
            } else {
                long n = x.size(0);
                INDArray keep = loss.gt(bestLoss).castTo(x.dataType()).reshape(n, 1);
                INDArray merged = best.reshape('c', n, -1).mulColumnVector(keep.rsub(1.0))
                        .addi(x.reshape('c', n, -1).mulColumnVector(keep));
                best = merged.reshape('c', x.shape());
                bestLoss = Transforms.max(bestLoss, loss, true);
            }
        }
        return best;
    }

    private static INDArray project(INDArray x, INDArray lower, INDArray upper) {
        INDArray clamped = Transforms.max(x, lower, false);
        return Transforms.min(clamped, upper, false);
    }
}
