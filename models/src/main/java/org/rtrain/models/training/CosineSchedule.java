package org.rtrain.models.training;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Cosine annealing by epoch as a DL4J {@link ISchedule}, which DL4J has none of:
 * {@code initialValue * (1 + cos(pi * min(epoch, epochs) / epochs)) / 2}.
 *
 * <p>From Loshchilov and Hutter, "SGDR: Stochastic Gradient Descent with Warm Restarts" (2017),
 * without restarts, as CondenseNet (Huang et al. 2018) trains. Serialised inside a network's JSON
 * by class name, like DL4J's own schedules.
 */
public final class CosineSchedule implements ISchedule {

    private static final long serialVersionUID = 1L;

    @JsonProperty("initialValue")
    private final double initialValue;
    @JsonProperty("epochs")
    private final int epochs;

    /**
     * @param initialValue value at epoch 0
     * @param epochs       epochs until the value reaches 0, {@code >= 1}
     */
    @JsonCreator
    public CosineSchedule(@JsonProperty("initialValue") double initialValue, @JsonProperty("epochs") int epochs) {
        if (!Double.isFinite(initialValue)) {
            throw new IllegalArgumentException("CosineSchedule initialValue must be finite, got " + initialValue);
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("CosineSchedule epochs must be >= 1, got " + epochs);
        }
        this.initialValue = initialValue;
        this.epochs = epochs;
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        double progress = Math.min(epoch, epochs) / (double) epochs;
        return initialValue * 0.5 * (1 + Math.cos(Math.PI * progress));
    }

    @Override
    public CosineSchedule clone() {
        return new CosineSchedule(initialValue, epochs);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CosineSchedule c && Double.compare(c.initialValue, initialValue) == 0 && c.epochs == epochs;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(initialValue) * 31 + epochs;
    }

    @Override
    public String toString() {
        return "CosineSchedule(initialValue=" + initialValue + ", epochs=" + epochs + ")";
    }
}
