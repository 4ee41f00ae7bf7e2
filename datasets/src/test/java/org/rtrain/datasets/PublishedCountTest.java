package org.rtrain.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PublishedCountTest {

    @Test
    void countsTheOfficialFilesOfEverySplit() {
        assertEquals(50_000, CifarDataset.CIFAR_10.publishedCount(DatasetSplit.TRAIN));
        assertEquals(10_000, CifarDataset.CIFAR_100.publishedCount(DatasetSplit.TEST));
        assertEquals(531_131, SvhnDataset.SVHN.publishedCount(DatasetSplit.EXTRA));
        assertEquals(60_000, MnistDataset.FASHION_MNIST.publishedCount(DatasetSplit.TRAIN));
        assertEquals(50_000, new ImageNetDataset(224, 256).publishedCount(DatasetSplit.TEST));
    }

    @Test
    void refusesASplitTheDatasetDoesNotHave() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MnistDataset.MNIST.publishedCount(DatasetSplit.EXTRA));
        assertEquals("MNIST has no EXTRA split", e.getMessage());
    }
}
