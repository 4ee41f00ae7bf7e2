package org.rtrain.datasets;

import org.rtrain.datasets.image.Image;

/**
 * One split of an image-classification dataset, with random access by index: held in memory
 * (IDX, CIFAR, SVHN) or decoded from files on demand (ImageNet). Implementations are safe for
 * concurrent {@link #image} calls from the loader's threads.
 */
public interface LabelledImages {

    /** What was read, for messages and results, e.g. {@code CIFAR-10 train}. */
    String description();

    /** Number of examples. */
    int size();

    /** Number of classes; labels are in {@code [0, numClasses)}. */
    int numClasses();

    /** Class of example {@code index}. */
    int label(int index);

    /** Example {@code index}, decoded, pixels in [0, 1]. */
    Image image(int index);

    /** MD5s of the files read, as results record them. */
    String checksum();

    /** Whether the files matched the published checksums and counts. */
    boolean verified();
}
