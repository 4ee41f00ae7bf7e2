package org.rtrain.models.training;

import java.util.Map;
import java.util.Objects;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * SGD with classical (heavy-ball) momentum as a DL4J updater, which DL4J 1.0.0-M2.1 lacks (its
 * {@code Nesterovs} is Nesterov's momentum).
 *
 * <p>From Polyak, "Some methods of speeding up the convergence of iteration methods" (1964), in
 * Caffe's form ({@code SGDSolver}), used by Caffe's LeNet solver. Per step, with gradient
 * {@code g} (weight decay already added) and learning rate {@code lr} at that step:
 * {@code v = momentum * v + lr * g; w = w - v}. Under a constant rate this equals PyTorch's and
 * Torch's form ({@code v = momentum * v + g; w = w - lr * v}); when the rate changes, Caffe's form
 * keeps the velocity accumulated at the old rate.
 */
public final class ClassicalMomentum implements IUpdater {

    private static final long serialVersionUID = 1L;
    /** Key of the velocity in the updater state. */
    public static final String VELOCITY = "V";

    @JsonProperty("learningRate")
    private double learningRate;
    @JsonProperty("learningRateSchedule")
    private ISchedule learningRateSchedule;
    @JsonProperty("momentum")
    private final double momentum;

    /**
     * @param learningRate         rate when no schedule is given, {@code > 0}
     * @param learningRateSchedule the rate by iteration and epoch, or null
     * @param momentum             in [0, 1)
     */
    @JsonCreator
    public ClassicalMomentum(@JsonProperty("learningRate") double learningRate,
                             @JsonProperty("learningRateSchedule") ISchedule learningRateSchedule,
                             @JsonProperty("momentum") double momentum) {
        if (learningRateSchedule == null) {
            OptimizerSettings.requireFinite(learningRate, "ClassicalMomentum learningRate", learningRate > 0, "> 0");
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("ClassicalMomentum momentum must be in [0, 1), got " + momentum);
        }
        this.learningRate = learningRate;
        this.learningRateSchedule = learningRateSchedule;
        this.momentum = momentum;
    }

    /** The momentum coefficient. */
    public double momentum() {
        return momentum;
    }

    @Override
    public long stateSize(long numParams) {
        return numParams;
    }

    @Override
    public GradientUpdater<ClassicalMomentum> instantiate(INDArray viewArray, boolean initializeViewArray) {
        Updater updater = new Updater(this);
        updater.setStateViewArray(viewArray, viewArray.shape(), viewArray.ordering(), initializeViewArray);
        return updater;
    }

    @Override
    public GradientUpdater<ClassicalMomentum> instantiate(Map<String, INDArray> updaterState,
                                                          boolean initializeStateArrays) {
        Updater updater = new Updater(this);
        updater.setState(updaterState, initializeStateArrays);
        return updater;
    }

    @Override
    public ClassicalMomentum clone() {
        return new ClassicalMomentum(learningRate, learningRateSchedule == null ? null : learningRateSchedule.clone(),
                momentum);
    }

    @Override
    public double getLearningRate(int iteration, int epoch) {
        return learningRateSchedule != null ? learningRateSchedule.valueAt(iteration, epoch) : learningRate;
    }

    @Override
    public boolean hasLearningRate() {
        return true;
    }

    @Override
    public void setLrAndSchedule(double lr, ISchedule lrSchedule) {
        this.learningRate = lr;
        this.learningRateSchedule = lrSchedule;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClassicalMomentum c && Double.compare(c.learningRate, learningRate) == 0
                && Double.compare(c.momentum, momentum) == 0
                && Objects.equals(c.learningRateSchedule, learningRateSchedule);
    }

    @Override
    public int hashCode() {
        return Objects.hash(learningRate, learningRateSchedule, momentum);
    }

    @Override
    public String toString() {
        return "ClassicalMomentum(learningRate=" + learningRate + ", schedule=" + learningRateSchedule
                + ", momentum=" + momentum + ")";
    }

    /** The velocity of one block of parameters. */
    private static final class Updater implements GradientUpdater<ClassicalMomentum> {

        private final ClassicalMomentum config;
        private INDArray velocity;

        Updater(ClassicalMomentum config) {
            this.config = config;
        }

        @Override
        public ClassicalMomentum getConfig() {
            return config;
        }

        @Override
        public void setState(Map<String, INDArray> stateMap, boolean initialize) {
            INDArray state = stateMap.get(VELOCITY);
            if (stateMap.size() != 1 || state == null) {
                throw new IllegalStateException("ClassicalMomentum: expected state {" + VELOCITY + "}, got "
                        + stateMap.keySet());
            }
            velocity = state;
            if (initialize) {
                velocity.assign(0);
            }
        }

        @Override
        public Map<String, INDArray> getState() {
            return Map.of(VELOCITY, velocity);
        }

        @Override
        public void setStateViewArray(INDArray viewArray, long[] gradientShape, char gradientOrder,
                                      boolean initialize) {
            if (!viewArray.isRowVectorOrScalar()) {
                throw new IllegalArgumentException("ClassicalMomentum: state view must be a row vector, got shape "
                        + java.util.Arrays.toString(viewArray.shape()));
            }
            if (initialize) {
                viewArray.assign(0);
            }
            velocity = viewArray.reshape(gradientOrder, gradientShape);
        }

        @Override
        public void applyUpdater(INDArray gradient, int iteration, int epoch) {
            if (velocity == null) {
                throw new IllegalStateException("ClassicalMomentum: updater state not set");
            }
            double lr = config.getLearningRate(iteration, epoch);
            velocity.muli(config.momentum).addi(gradient.muli(lr));
            // DL4J subtracts the returned update from the parameters.
            gradient.assign(velocity);
        }
    }
}
