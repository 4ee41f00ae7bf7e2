package org.rtrain.reports.results;

/**
 * Classification accuracy on a test set.
 *
 * @param examples number of test examples
 * @param top1     fraction whose most probable class is the true one, in [0, 1]
 * @param top5     fraction whose true class is among the five most probable, in [0, 1]; null when the
 *                 dataset has fewer than six classes or it was not measured
 */
public record Accuracy(long examples, double top1, Double top5) {

    public Accuracy {
        if (examples <= 0) {
            throw new IllegalArgumentException("accuracy needs at least one example, got " + examples);
        }
        checkFraction(top1, "top1");
        if (top5 != null) {
            checkFraction(top5, "top5");
        }
    }

    /** Top-1 error in percent. */
    public double top1ErrorPct() {
        return 100.0 * (1.0 - top1);
    }

    private static void checkFraction(double value, String name) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " accuracy must be in [0, 1], got " + value);
        }
    }
}
