package org.rtrain.datasets;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.rtrain.datasets.image.ImageTransform;
import org.rtrain.datasets.transform.Normalization;

/**
 * One of the paper's datasets on disk: where its files are looked for, how a split is read and
 * verified, its standard normalisation and its standard augmentation.
 */
public interface ImageDataset {

    /** Name as results and the paper's tables spell it: {@code MNIST}, {@code CIFAR-10}, {@code ImageNet-1k}, ... */
    String displayName();

    /** Number of classes. */
    int numClasses();

    /** Height, width and channels of the images the evaluation transform produces. */
    ImageShape imageShape();

    /** The splits the dataset has: TRAIN and TEST, unless it has more (SVHN's EXTRA). */
    default List<DatasetSplit> splits() {
        return List.of(DatasetSplit.TRAIN, DatasetSplit.TEST);
    }

    /**
     * Examples in {@code split} of the official files (the full ImageNet-1k training set, SVHN's
     * extra split, ...), known without the files: what a spec's cost estimate counts.
     *
     * @throws IllegalArgumentException when the dataset has no such split
     */
    int publishedCount(DatasetSplit split);

    /** The first directory under {@code root} (or a system location) that holds the dataset's files. */
    Optional<Path> locate(DataRoot root);

    /** Where the files were looked for, what to place where, and how to get them. */
    String missingMessage(DataRoot root);

    /**
     * Reads {@code split} from {@code directory}, checking structure, and with
     * {@link Verification#PUBLISHED} the published checksums and counts, before returning.
     *
     * @throws DatasetException naming the file and the offending field or checksum
     */
    LabelledImages read(Path directory, DatasetSplit split, Verification verification);

    /**
     * Locates the dataset under {@code root} ({@link #locate}) and reads {@code split}.
     *
     * @throws DatasetException with {@link #missingMessage} when it is not found, or naming the file
     *                          and the offending field or checksum
     */
    default LabelledImages read(DataRoot root, DatasetSplit split, Verification verification) {
        Path directory = locate(root).orElseThrow(() -> new DatasetException(missingMessage(root)));
        return read(directory, split, verification);
    }

    /** Standard per-channel mean of the training pixels in [0, 1]. */
    List<Double> mean();

    /** Standard per-channel standard deviation of the training pixels in [0, 1]. */
    List<Double> std();

    /** The standard normalisation: {@link #mean} and {@link #std}. */
    default Normalization normalization() {
        return new Normalization(mean(), std());
    }

    /** The standard training augmentation (identity where the paper's row uses none). */
    ImageTransform standardAugmentation();

    /** What every evaluation image goes through (identity for fixed-size datasets). */
    ImageTransform evaluationTransform();
}
