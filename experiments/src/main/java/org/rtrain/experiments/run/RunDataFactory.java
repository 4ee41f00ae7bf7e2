package org.rtrain.experiments.run;

import java.util.List;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.rtrain.datasets.BatchLoader;
import org.rtrain.datasets.BatchLoaderOptions;
import org.rtrain.datasets.ConcatenatedImages;
import org.rtrain.datasets.DataRoot;
import org.rtrain.datasets.DatasetSplit;
import org.rtrain.datasets.ImageDataset;
import org.rtrain.datasets.ImageNetDataset;
import org.rtrain.datasets.ImageShape;
import org.rtrain.datasets.image.ImageTransform;
import org.rtrain.datasets.LabelledImages;
import org.rtrain.datasets.transform.RandomErasing;
import org.rtrain.experiments.spec.DataPlan;
import org.rtrain.experiments.spec.ExperimentSpec;
import org.rtrain.models.layers.PixelNormalization;
import org.rtrain.models.zoo.InputShape;

/** Reads the data of a spec and puts loaders in front of it. */
public final class RunDataFactory {

    /**
     * Test batches are at most twice the training batch (attacks backpropagate, and a graph's inference twin runs
     * without workspaces) and at most 256.
     */
    private static final int MAX_TEST_BATCH_SIZE = 256;

    private RunDataFactory() {
    }

    /** The data {@code spec} trains and tests on under {@code root}, or an error saying what is missing. */
    static RunData forSpec(ExperimentSpec spec, DataRoot root) {
        DataSelection selection = DataSelection.forSpec(spec, root);
        ImageDataset dataset = sized(selection.dataset(), spec.data().imageSize());
        List<LabelledImages> parts = spec.data().trainSplits().stream()
                .map(split -> dataset.read(selection.directory(), split, selection.verification())).toList();
        LabelledImages train = parts.size() == 1 ? parts.get(0) : new ConcatenatedImages(parts);
        LabelledImages test = dataset.read(selection.directory(), DatasetSplit.TEST, selection.verification());
        CNN2DFormat format = spec.architecture().inputFormat();
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors() / 2);
        BatchLoader trainLoader = new BatchLoader(train, trainingTransform(spec.data().augmentation(), dataset),
                new BatchLoaderOptions(spec.training().batchSize(), format, threads, 2 * threads,
                        spec.data().trainLimit()));
        BatchLoader testLoader = new BatchLoader(test, dataset.evaluationTransform(),
                new BatchLoaderOptions(Math.min(MAX_TEST_BATCH_SIZE, 2 * spec.training().batchSize()), format, threads,
                        2 * threads, spec.data().testLimit()));
        // The classes the files hold: ImageNet's 1000, or the few of a fixture.
        ImageShape image = dataset.imageShape();
        InputShape shape = new InputShape(image.channels(), image.height(), image.width(), train.numClasses());
        PixelNormalization normalization = spec.data().normalize()
                ? new PixelNormalization(dataset.mean(), dataset.std()) : PixelNormalization.identity(image.channels());
        return new RunData(selection, trainLoader, testLoader, shape, normalization,
                train.checksum() + ";" + test.checksum(), train.verified() && test.verified());
    }

    /** ImageNet at the spec's image size (crop {@code size} of the image resized to {@code size / 0.875}). */
    public static ImageDataset sized(ImageDataset dataset, Integer size) {
        if (size == null) {
            return dataset;
        }
        if (!(dataset instanceof ImageNetDataset)) {
            throw new IllegalArgumentException("data.imageSize applies to ImageNet-1k only; " + dataset.displayName()
                    + " images have a fixed size");
        }
        return new ImageNetDataset(size, (int) Math.round(size / 0.875));
    }

    /**
     * The training transform: none means the evaluation transform (which only brings variable-size
     * images, ImageNet's, to the network's size), standard the dataset's augmentation, then random
     * erasing where the row asks for it.
     */
    private static ImageTransform trainingTransform(DataPlan.Augmentation augmentation, ImageDataset dataset) {
        return switch (augmentation) {
            case NONE -> dataset.evaluationTransform();
            case STANDARD -> dataset.standardAugmentation();
            case STANDARD_AND_RANDOM_ERASING -> dataset.standardAugmentation().andThen(RandomErasing.zhong2017());
        };
    }
}
