package org.rtrain.attacks;

import java.util.Locale;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The pixel range [0, 1] every attack, disturbance and evaluation of this module works in.
 *
 * <p>An epsilon in pixel units means the same on every dataset only if the data are not normalised
 * before they reach the network: normalise inside it (the zoo's {@code PixelNormalizationPreProcessor}
 * on the first layer). Inputs that leave [0, 1], as normalised data do, are refused with a message
 * saying so, rather than attacked with an epsilon that silently means something else.
 */
public final class PixelRange {

    /** Lowest pixel value. */
    public static final double MIN = 0.0;
    /** Highest pixel value. */
    public static final double MAX = 1.0;

    private PixelRange() {
    }

    /**
     * Throws {@link IllegalArgumentException} naming {@code what} unless every value of {@code pixels}
     * is in [0, 1].
     */
    public static void require(INDArray pixels, String what) {
        if (pixels.isEmpty()) {
            return;
        }
        double min = pixels.minNumber().doubleValue();
        double max = pixels.maxNumber().doubleValue();
        if (!(min >= MIN && max <= MAX)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "%s: values must be pixels in [0, 1], got min %.4g and max %.4g. Attacks and disturbances work in "
                            + "pixel space so that epsilon means the same on every dataset: feed raw pixels scaled to "
                            + "[0, 1] and normalise inside the network (e.g. models' PixelNormalizationPreProcessor), "
                            + "not in the data pipeline", what, min, max));
        }
    }

    /** {@code pixels} clipped to [0, 1], in place. */
    static INDArray clipInPlace(INDArray pixels) {
        return Transforms.min(Transforms.max(pixels, MIN, false), MAX, false);
    }
}
