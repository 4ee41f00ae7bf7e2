package org.rtrain.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rtrain.datasets.Refusals.assertRefused;

import java.util.List;

import org.junit.jupiter.api.Test;

class DatasetCatalogTest {

    @Test
    void listsTheDatasetsByTheNamesOfThePapersTables() {
        List<String> names = DatasetCatalog.all().stream().map(ImageDataset::displayName).toList();
        assertTrue(names.containsAll(List.of("MNIST", "Fashion-MNIST", "CIFAR-10", "CIFAR-100", "SVHN", "ImageNet-1k")),
                names.toString());
        assertEquals(names.size(), names.stream().distinct().count());
    }

    @Test
    void findsByNameIgnoringCaseAndPunctuation() {
        assertEquals(CifarDataset.CIFAR_10, DatasetCatalog.byName("cifar10"));
        assertEquals(CifarDataset.CIFAR_100, DatasetCatalog.byName("CIFAR-100"));
        assertEquals(MnistDataset.FASHION_MNIST, DatasetCatalog.byName("fashion mnist"));
        assertEquals(SvhnDataset.SVHN, DatasetCatalog.byName("svhn"));
        assertEquals("ImageNet-1k", DatasetCatalog.byName("imagenet").displayName());
        assertEquals("ImageNet-1k", DatasetCatalog.byName("ILSVRC2012").displayName());
        assertEquals(20, DatasetCatalog.byName("cifar-100-coarse").numClasses());
    }

    @Test
    void anUnknownNameListsTheKnownOnes() {
        assertRefused(() -> DatasetCatalog.byName("cifar"), "'cifar'", "CIFAR-10, CIFAR-100");
        assertTrue(DatasetCatalog.find(null).isEmpty());
    }

    @Test
    void everyDatasetDescribesItsImagesAndStatistics() {
        for (ImageDataset dataset : DatasetCatalog.all()) {
            int channels = dataset.imageShape().channels();
            assertEquals(channels, dataset.mean().size(), dataset.displayName());
            assertEquals(channels, dataset.std().size(), dataset.displayName());
            for (int c = 0; c < channels; c++) {
                assertTrue(dataset.mean().get(c) > 0 && dataset.mean().get(c) < 1, dataset.displayName());
                assertTrue(dataset.std().get(c) > 0 && dataset.std().get(c) < 0.5, dataset.displayName());
            }
            assertTrue(dataset.splits().contains(DatasetSplit.TRAIN) && dataset.splits().contains(DatasetSplit.TEST));
        }
    }
}
