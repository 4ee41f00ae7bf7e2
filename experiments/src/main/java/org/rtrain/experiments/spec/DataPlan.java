package org.rtrain.experiments.spec;

import java.util.List;
import java.util.Objects;

import org.rtrain.datasets.DatasetCatalog;
import org.rtrain.datasets.DatasetSplit;
import org.rtrain.datasets.ImageDataset;

/**
 * What a spec trains and tests on, and how the training images are augmented.
 *
 * @param dataset      the dataset as the paper names it ({@code MNIST}, {@code SVHN}, {@code CIFAR-10}, ...)
 * @param standIn      at quick and paper scale, a dataset used in its place when it is not on the machine (MNIST rows:
 *                     Fashion-MNIST, the one dataset installable offline here); null for none. Results say
 *                     which was used.
 * @param trainSplits  the splits trained on (SVHN rows: train and extra, as the cited papers do)
 * @param augmentation the training augmentation
 * @param normalize    whether the network normalises its pixel input with the dataset's mean and std
 *                     (LeNet, as Caffe's, takes pixels in [0, 1] unnormalised)
 * @param trainLimit   train on at most this many training examples (the first ones)
 * @param testLimit    evaluate on at most this many test examples (the first ones)
 * @param imageSize    ImageNet only: side of the images the network sees (224, NASNet-A Large's 331, or small
 *                     at smoke scale), evaluated at a centre crop of the image resized to imageSize / 0.875;
 *                     null for the dataset's standard size
 */
public record DataPlan(String dataset, String standIn, List<DatasetSplit> trainSplits, Augmentation augmentation,
                       boolean normalize, int trainLimit, int testLimit, Integer imageSize) {

    /** Training augmentations of the paper's rows. */
    public enum Augmentation {
        /** None: Table 4/5's "Standard Aug" column says no. */
        NONE,
        /** The dataset's standard augmentation (CIFAR: pad-4 crop and flip; SVHN: crop; ImageNet: resized crop and flip). */
        STANDARD,
        /** Standard augmentation then random erasing (Zhong et al. 2017), Table 5's "Random Erase" rows. */
        STANDARD_AND_RANDOM_ERASING
    }

    public DataPlan {
        Objects.requireNonNull(dataset, "dataset");
        for (String name : java.util.Arrays.asList(dataset, standIn)) {
            if (name != null && DatasetCatalog.find(name).isEmpty()) {
                throw new IllegalArgumentException("unknown dataset '" + name + "'; known: " + DatasetCatalog.all()
                        .stream().map(ImageDataset::displayName).collect(java.util.stream.Collectors.joining(", ")));
            }
        }
        trainSplits = List.copyOf(trainSplits == null ? List.of(DatasetSplit.TRAIN) : trainSplits);
        if (trainSplits.isEmpty() || trainSplits.contains(DatasetSplit.TEST)) {
            throw new IllegalArgumentException("trainSplits must be non-empty and must not contain TEST, got "
                    + trainSplits);
        }
        Objects.requireNonNull(augmentation, "augmentation");
        if (imageSize != null && imageSize < 8) {
            throw new IllegalArgumentException("imageSize must be at least 8 pixels, got " + imageSize);
        }
        if (trainLimit <= 0 || testLimit <= 0) {
            throw new IllegalArgumentException("trainLimit and testLimit must be positive, got " + trainLimit + " and "
                    + testLimit);
        }
    }
}
