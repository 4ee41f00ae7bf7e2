package org.rtrain.attacks.evaluation;

import java.util.Arrays;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Counts top-1 and top-5 hits of class scores against one-hot labels, batch by batch. */
final class AccuracyCounter {

    private final String what;
    private long examples;
    private long top1Correct;
    private long top5Correct;
    private Boolean topFive;

    /** A counter whose messages name {@code what} (e.g. {@code clean}, {@code random_crop}). */
    AccuracyCounter(String what) {
        this.what = what;
    }

    /**
     * Adds a batch: {@code scores [batch, classes]} against one-hot {@code labels} of the same shape.
     * The rank of the true class counts the classes scoring higher, and equal-scoring classes of lower
     * index (as an argmax that picks the first maximum would); a NaN score of the true class is a miss.
     */
    void add(INDArray scores, INDArray labels) {
        if (scores.rank() != 2 || !Arrays.equals(scores.shape(), labels.shape())) {
            throw new IllegalArgumentException(what + ": the model's output has shape " + Arrays.toString(scores.shape())
                    + " but the labels have shape " + Arrays.toString(labels.shape())
                    + "; expected one-hot labels [batch, classes] with one column per output class");
        }
        double[][] score = scores.toDoubleMatrix();
        double[][] label = labels.toDoubleMatrix();
        int classes = label.length == 0 ? 0 : label[0].length;
        if (topFive == null) {
            topFive = classes > 5;
        }
        for (int i = 0; i < score.length; i++) {
            int truth = trueClass(label[i], i);
            double truthScore = score[i][truth];
            int rank = 0;
            if (Double.isNaN(truthScore)) {
                rank = classes;
            } else {
                for (int j = 0; j < classes; j++) {
                    if (score[i][j] > truthScore || (score[i][j] == truthScore && j < truth)) {
                        rank++;
                    }
                }
            }
            examples++;
            top1Correct += rank == 0 ? 1 : 0;
            top5Correct += rank < 5 ? 1 : 0;
        }
    }

    private int trueClass(double[] row, int index) {
        int truth = -1;
        for (int j = 0; j < row.length; j++) {
            if (row[j] == 1.0 && truth < 0) {
                truth = j;
            } else if (row[j] != 0.0) {
                truth = -2;
                break;
            }
        }
        if (truth < 0) {
            throw new IllegalArgumentException(what + ": label row " + index + " of the batch is not one-hot: "
                    + Arrays.toString(row));
        }
        return truth;
    }

    /** The accuracy over everything added; top-5 only with more than five classes. */
    AccuracyEstimate estimate() {
        if (examples == 0) {
            throw new IllegalArgumentException(what + ": no test examples were given");
        }
        return AccuracyEstimate.of(examples, top1Correct, topFive ? top5Correct : null);
    }
}
