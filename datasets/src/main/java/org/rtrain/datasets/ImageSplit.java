package org.rtrain.datasets;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One split of an image-classification dataset in memory.
 *
 * @param datasetName human-readable name of the dataset actually read
 * @param features    pixels in [0, 1], shape {@code [count, channels, height, width]}
 * @param labels      class index of each example
 * @param numClasses  number of classes
 * @param checksum    MD5 of the uncompressed image file followed by that of the label file
 * @param verified    whether the checksums matched the published ones
 */
public record ImageSplit(String datasetName, INDArray features, int[] labels, int numClasses, String checksum,
                         boolean verified) {

    /** Number of examples. */
    public int size() {
        return labels.length;
    }
}
