package org.rtrain.perturb;

import java.util.Objects;

import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Two {@link IDropout}s on the same layer input: {@code first} is applied, then {@code second};
 * backprop runs through them in reverse order.
 *
 * <p>DL4J gives a layer a single {@code IDropout}. {@link PerturbationPlacement} uses this class to
 * add the sign perturbation to a layer that already has a dropout (WRN's dropout 0.3 between
 * convolutions, LeNet's dropout before the classifier) instead of replacing it.
 */
public final class ChainedDropout implements IDropout {

    private static final long serialVersionUID = 1L;

    @JsonProperty("first")
    private final IDropout first;
    @JsonProperty("second")
    private final IDropout second;

    @JsonCreator
    public ChainedDropout(@JsonProperty("first") IDropout first, @JsonProperty("second") IDropout second) {
        this.first = Objects.requireNonNull(first, "first");
        this.second = Objects.requireNonNull(second, "second");
    }

    public IDropout first() {
        return first;
    }

    public IDropout second() {
        return second;
    }

    @Override
    public INDArray applyDropout(INDArray inputActivations, INDArray resultArray, int iteration, int epoch,
                                 LayerWorkspaceMgr workspaceMgr) {
        INDArray afterFirst = first.applyDropout(inputActivations, resultArray, iteration, epoch, workspaceMgr);
        // afterFirst is either resultArray or a fresh array owned by this call: safe to overwrite.
        return second.applyDropout(afterFirst, afterFirst, iteration, epoch, workspaceMgr);
    }

    @Override
    public INDArray backprop(INDArray gradAtOutput, INDArray gradAtInput, int iteration, int epoch) {
        INDArray target = gradAtInput != null ? gradAtInput : gradAtOutput.ulike();
        INDArray throughSecond = second.backprop(gradAtOutput, target, iteration, epoch);
        return first.backprop(throughSecond, throughSecond, iteration, epoch);
    }

    @Override
    public void clear() {
        first.clear();
        second.clear();
    }

    @Override
    public ChainedDropout clone() {
        return new ChainedDropout(first.clone(), second.clone());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChainedDropout c && first.equals(c.first) && second.equals(c.second);
    }

    @Override
    public int hashCode() {
        return Objects.hash(first, second);
    }

    @Override
    public String toString() {
        return "ChainedDropout(" + first + ", " + second + ")";
    }
}
