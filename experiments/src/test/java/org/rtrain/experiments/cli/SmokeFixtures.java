package org.rtrain.experiments.cli;

import java.io.IOException;
import java.nio.file.Path;

import org.rtrain.datasets.CifarDataset;
import org.rtrain.datasets.DataRoot;
import org.rtrain.datasets.MnistDataset;
import org.rtrain.datasets.SvhnDataset;
import org.rtrain.datasets.fixtures.CifarFixtures;
import org.rtrain.datasets.fixtures.IdxFixtures;
import org.rtrain.datasets.fixtures.ImageNetFixtures;
import org.rtrain.datasets.fixtures.SvhnFixtures;

/**
 * Writes tiny synthetic copies of every dataset of the paper, in their real file formats, where the
 * smoke scale looks for them under a data root: the fixtures the smoke reproduction trains on.
 */
final class SmokeFixtures {

    private SmokeFixtures() {
    }

    /** Writes MNIST, CIFAR-10, CIFAR-100, SVHN (train, test, extra) and ImageNet-style folders under {@code root}. */
    static DataRoot writeAll(Path root) throws IOException {
        DataRoot dataRoot = new DataRoot(root, "smoke fixtures");
        IdxFixtures.writeMnistLike(MnistDataset.MNIST.directoryUnder(dataRoot), 160, 80, 1, true);
        for (CifarDataset cifar : new CifarDataset[] {CifarDataset.CIFAR_10, CifarDataset.CIFAR_100}) {
            int trainFiles = cifar.files(org.rtrain.datasets.DatasetSplit.TRAIN).size();
            CifarFixtures.write(cifar, cifar.directoryUnder(dataRoot).resolve(cifar.folderName()),
                    Math.max(16, 96 / trainFiles), 48, 2);
        }
        Path svhn = SvhnDataset.SVHN.directoryUnder(dataRoot);
        SvhnFixtures.write(svhn.resolve("train_32x32.mat"), 48, 3);
        SvhnFixtures.write(svhn.resolve("extra_32x32.mat"), 48, 4);
        SvhnFixtures.write(svhn.resolve("test_32x32.mat"), 48, 5);
        ImageNetFixtures.write(root.resolve("imagenet"), 4, 10, 6, ImageNetFixtures.Validation.SORTED, 6);
        return dataRoot;
    }
}
