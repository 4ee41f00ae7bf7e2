package org.rtrain.models.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.regularization.Regularization;

/**
 * CondenseNet's group lasso on a learned group convolution's masked weight {@code V = W * mask}:
 * {@code lambda * sum_{g, c} sqrt(max(sum_{o in g} V[o, c]^2, 1e-6))}, groups of outputs {@code o mod G}
 * as in the official {@code lasso_loss}. Its gradient, {@code lambda * V[o, c] / sqrt(s_gc)} (zero where
 * the clamp is active), is added to the weight gradient before the updater, as DL4J does for L1/L2.
 * Built by {@link LearnedGroupConvolution#getRegularizationByParam} with the layer's current mask; it
 * is never part of a saved configuration.
 */
final class GroupLassoRegularization implements Regularization {

    private static final long serialVersionUID = 1L;
    private static final double CLAMP = 1e-6;

    private final double coefficient;
    private final boolean[][] mask;

    GroupLassoRegularization(double coefficient, boolean[][] mask) {
        this.coefficient = coefficient;
        this.mask = mask;
    }

    @Override
    public ApplyStep applyStep() {
        return ApplyStep.BEFORE_UPDATER;
    }

    @Override
    public void apply(INDArray param, INDArray gradView, double lr, int iteration, int epoch) {
        int groups = mask.length;
        double[][] v = masked(param);
        int nOut = v.length;
        int nIn = v[0].length;
        double[][] factor = new double[groups][nIn];
        double[][] sums = groupSquareSums(v);
        for (int g = 0; g < groups; g++) {
            for (int c = 0; c < nIn; c++) {
                factor[g][c] = sums[g][c] > CLAMP ? coefficient / Math.sqrt(sums[g][c]) : 0;
            }
        }
        double[] delta = new double[nOut * nIn];
        for (int o = 0; o < nOut; o++) {
            for (int c = 0; c < nIn; c++) {
                delta[o * nIn + c] = v[o][c] * factor[o % groups][c];
            }
        }
        gradView.addi(Nd4j.create(delta, gradView.shape(), 'c').castTo(gradView.dataType()));
    }

    @Override
    public double score(INDArray param, int iteration, int epoch) {
        double total = 0;
        for (double[] row : groupSquareSums(masked(param))) {
            for (double sum : row) {
                total += Math.sqrt(Math.max(sum, CLAMP));
            }
        }
        return coefficient * total;
    }

    /** V as [nOut, nIn]; DL4J passes the weight as [nOut, nIn, 1, 1] or as its flat c-order view. */
    private double[][] masked(INDArray param) {
        int nIn = mask[0].length;
        double[][] v = param.reshape('c', param.length() / nIn, nIn).toDoubleMatrix();
        for (int o = 0; o < v.length; o++) {
            boolean[] row = mask[o % mask.length];
            for (int c = 0; c < row.length; c++) {
                if (!row[c]) {
                    v[o][c] = 0;
                }
            }
        }
        return v;
    }

    private double[][] groupSquareSums(double[][] v) {
        double[][] sums = new double[mask.length][v[0].length];
        for (int o = 0; o < v.length; o++) {
            for (int c = 0; c < v[o].length; c++) {
                sums[o % mask.length][c] += v[o][c] * v[o][c];
            }
        }
        return sums;
    }

    @Override
    public GroupLassoRegularization clone() {
        return new GroupLassoRegularization(coefficient, mask);
    }
}
