package org.rtrain.attacks.evaluation;

import java.util.Objects;

/**
 * Top-1 (and top-5) accuracy measured on a number of test examples, with 95% Wilson confidence
 * intervals. Shaped like the reports' {@code Accuracy(examples, top1, top5)}, which it converts to
 * by dropping the intervals.
 *
 * @param examples     number of examples measured, {@code > 0}
 * @param top1         fraction whose highest-scoring class is the true one
 * @param top5         fraction whose true class is among the five highest scores; null with five
 *                     classes or fewer, where it is always 1
 * @param top1Interval 95% Wilson interval of {@code top1}
 * @param top5Interval 95% Wilson interval of {@code top5}; null when {@code top5} is
 */
public record AccuracyEstimate(long examples, double top1, Double top5, ConfidenceInterval top1Interval,
                               ConfidenceInterval top5Interval) {

    public AccuracyEstimate {
        if (examples <= 0) {
            throw new IllegalArgumentException("accuracy needs at least one example, got " + examples);
        }
        Objects.requireNonNull(top1Interval, "top1Interval");
        requireInside(top1, top1Interval, "top1");
        if ((top5 == null) != (top5Interval == null)) {
            throw new IllegalArgumentException("top5 and top5Interval must both be given or both be null, got "
                    + top5 + " and " + top5Interval);
        }
        if (top5 != null) {
            requireInside(top5, top5Interval, "top5");
        }
    }

    /** The estimate for {@code top1Correct} (and {@code top5Correct}, or null) correct out of {@code examples}. */
    public static AccuracyEstimate of(long examples, long top1Correct, Long top5Correct) {
        if (examples <= 0) {
            throw new IllegalArgumentException("accuracy needs at least one example, got " + examples);
        }
        return new AccuracyEstimate(examples, top1Correct / (double) examples,
                top5Correct == null ? null : top5Correct / (double) examples,
                ConfidenceInterval.wilson(top1Correct, examples),
                top5Correct == null ? null : ConfidenceInterval.wilson(top5Correct, examples));
    }

    private static void requireInside(double value, ConfidenceInterval interval, String name) {
        if (!(value >= interval.lower() && value <= interval.upper())) {
            throw new IllegalArgumentException(name + " accuracy " + value + " lies outside its interval " + interval);
        }
    }
}
