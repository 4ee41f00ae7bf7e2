package org.rtrain.experiments;

import java.util.Iterator;

import org.nd4j.linalg.dataset.DataSet;
import org.rtrain.models.InputShape;
import org.rtrain.models.PixelNormalization;

/** The training and test batches of one spec, with what results record about the data. */
interface RunData {

    /** The dataset actually read, e.g. {@code Fashion-MNIST} standing in for MNIST. */
    String datasetName();

    /** MD5s of the files read. */
    String checksum();

    /** Whether every file matched its published checksum. */
    boolean verified();

    /** Where the files were read from. */
    String location();

    /** Image shape and classes the network must take. */
    InputShape inputShape();

    /** The normalisation the network applies to its pixel input. */
    PixelNormalization normalization();

    /** Training examples per epoch. */
    int trainSize();

    /** Test examples evaluated. */
    int testSize();

    /** The training batches of epoch {@code epoch}, shuffled and augmented from {@code seed} and the epoch. */
    Iterator<DataSet> trainEpoch(long seed, int epoch, int batchSize);

    /** The test batches, in order, unaugmented. */
    Iterator<DataSet> test(int batchSize);
}
