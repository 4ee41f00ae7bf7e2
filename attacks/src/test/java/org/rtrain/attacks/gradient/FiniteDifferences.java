package org.rtrain.attacks.gradient;

import java.util.function.ToDoubleFunction;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Central finite differences of an inference-mode loss, to check analytic input gradients against. */
public final class FiniteDifferences {

    private FiniteDifferences() {
    }

    /**
     * Worst relative error between {@code gradient} and central differences of the summed
     * inference-mode loss {@code meanLoss * batch}, over every {@code stride}-th input element.
     */
    public static double worstRelativeError(INDArray x, INDArray gradient, ToDoubleFunction<INDArray> meanLoss,
                                            int stride) {
        double h = 1e-6;
        double worst = 0;
        for (long i = 0; i < x.length(); i += stride) {
            INDArray plus = x.dup();
            plus.putScalar(i, plus.getDouble(i) + h);
            INDArray minus = x.dup();
            minus.putScalar(i, minus.getDouble(i) - h);
            double numeric = (meanLoss.applyAsDouble(plus) - meanLoss.applyAsDouble(minus)) * x.size(0) / (2 * h);
            double analytic = gradient.getDouble(i);
            double error = Math.abs(numeric - analytic) / Math.max(1e-8, Math.abs(numeric) + Math.abs(analytic));
            worst = Math.max(worst, Math.abs(numeric - analytic) < 1e-9 ? 0 : error);
        }
        return worst;
    }
}
