package org.rtrain.experiments.run;

import org.rtrain.datasets.BatchLoader;
import org.rtrain.models.zoo.InputShape;
import org.rtrain.models.layers.PixelNormalization;

/**
 * The data of one spec, read and verified, behind its batch loaders.
 *
 * @param selection     which dataset and files
 * @param train         training batches: shuffled and augmented from (seed, epoch), at the spec's batch size
 * @param test          test batches, in order, through the dataset's evaluation transform
 * @param inputShape    image shape and classes the network must take
 * @param normalization what the network applies to its pixel input
 * @param checksum      MD5s of the files read
 * @param verified      whether every file matched its published checksum
 */
record RunData(DataSelection selection, BatchLoader train, BatchLoader test, InputShape inputShape,
               PixelNormalization normalization, String checksum, boolean verified) implements AutoCloseable {

    /** Training examples per epoch. */
    int trainSize() {
        return train.size();
    }

    @Override
    public void close() {
        train.close();
        test.close();
    }
}
