package org.rtrain.datasets;

/** A split of a dataset. */
public enum DatasetSplit {
    /** The training split. */
    TRAIN,
    /** The test split (ImageNet: the validation set, which the paper's tables report on). */
    TEST,
    /** SVHN's additional, less difficult training images. */
    EXTRA
}
