package org.rtrain.experiments;

import java.util.Iterator;

import org.nd4j.linalg.dataset.DataSet;
import org.rtrain.datasets.DataRoot;
import org.rtrain.datasets.ImageSplit;
import org.rtrain.datasets.MiniBatches;
import org.rtrain.datasets.MnistDataset;
import org.rtrain.models.InputShape;
import org.rtrain.models.PixelNormalization;

/** Reads the data of a spec. */
final class RunDataFactory {

    private RunDataFactory() {
    }

    /** The data {@code spec} trains and tests on under {@code root}, or an error saying what is missing. */
    static RunData forSpec(ExperimentSpec spec, DataRoot root) {
        DataSelection selection = DataSelection.forSpec(spec, root);
        ImageSplit train = selection.dataset().read(selection.directory(), MnistDataset.Split.TRAIN,
                selection.verification());
        ImageSplit test = selection.dataset().read(selection.directory(), MnistDataset.Split.TEST,
                selection.verification());
        boolean channelsLast = spec.architecture().inputFormat() == org.deeplearning4j.nn.conf.CNN2DFormat.NHWC;
        MiniBatches trainBatches = new MiniBatches(train, spec.data().trainLimit(), channelsLast);
        MiniBatches testBatches = new MiniBatches(test, spec.data().testLimit(), channelsLast);
        return new RunData() {
            @Override
            public String datasetName() {
                return selection.name();
            }

            @Override
            public String checksum() {
                return train.checksum() + ";" + test.checksum();
            }

            @Override
            public boolean verified() {
                return train.verified() && test.verified();
            }

            @Override
            public String location() {
                return selection.directory().toString();
            }

            @Override
            public InputShape inputShape() {
                return new InputShape(1, MnistDataset.SIDE, MnistDataset.SIDE, train.numClasses());
            }

            @Override
            public PixelNormalization normalization() {
                return PixelNormalization.identity(1);
            }

            @Override
            public int trainSize() {
                return trainBatches.size();
            }

            @Override
            public int testSize() {
                return testBatches.size();
            }

            @Override
            public Iterator<DataSet> trainEpoch(long seed, int epoch, int batchSize) {
                return trainBatches.shuffled(batchSize, SeedSequence.streamSeed(seed, epoch));
            }

            @Override
            public Iterator<DataSet> test(int batchSize) {
                return testBatches.inOrder(batchSize);
            }
        };
    }
}
