package org.rtrain.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rtrain.datasets.Refusals.assertRefused;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.rtrain.datasets.fixtures.CifarFixtures;
import org.rtrain.datasets.fixtures.ImageNetFixtures;
import org.rtrain.datasets.image.Image;
import org.rtrain.datasets.image.ImageTransform;
import org.rtrain.datasets.transform.RandomErasing;
import org.rtrain.datasets.transform.ResizeCenterCrop;

class BatchLoaderTest {

    @TempDir
    Path dir;

    private LabelledImages cifar(int perFile) throws Exception {
        CifarFixtures.write(CifarDataset.CIFAR_10, dir.resolve("cifar"), perFile, 10, 21);
        return CifarDataset.CIFAR_10.read(dir.resolve("cifar"), DatasetSplit.TRAIN, Verification.STRUCTURE_ONLY);
    }

    /** 2x2 grey images whose every pixel is the example's index; label = index mod 3. */
    private static LabelledImages indexed(int size) {
        return new LabelledImages() {
            @Override
            public String description() {
                return "indexed";
            }

            @Override
            public int size() {
                return size;
            }

            @Override
            public int numClasses() {
                return 3;
            }

            @Override
            public int label(int index) {
                return index % 3;
            }

            @Override
            public Image image(int index) {
                float[] pixels = new float[4];
                Arrays.fill(pixels, index);
                return new Image(2, 2, 1, pixels);
            }

            @Override
            public String checksum() {
                return "none";
            }

            @Override
            public boolean verified() {
                return false;
            }
        };
    }

    private static List<DataSet> all(EpochBatches batches) {
        List<DataSet> out = new ArrayList<>();
        try (batches) {
            while (batches.hasNext()) {
                out.add(batches.next());
            }
        }
        return out;
    }

    private static List<Integer> ids(List<DataSet> batches) {
        List<Integer> ids = new ArrayList<>();
        for (DataSet batch : batches) {
            for (int i = 0; i < batch.numExamples(); i++) {
                int id = (int) batch.getFeatures().getFloat(i, 0, 0, 0);
                assertEquals(1f, batch.getLabels().getFloat(i, id % 3), 0f, "one-hot label of example " + id);
                assertEquals(1f, batch.getLabels().getRow(i).sumNumber().floatValue(), 0f);
                ids.add(id);
            }
        }
        return ids;
    }

    @Test
    void batchesDoNotDependOnTheNumberOfThreads() throws Exception {
        LabelledImages train = cifar(21);
        ImageTransform augmentation = CifarDataset.CIFAR_10.standardAugmentation().andThen(RandomErasing.zhong2017());
        BatchLoaderOptions options = new BatchLoaderOptions(16, CNN2DFormat.NHWC, 1, 1, Integer.MAX_VALUE);
        List<DataSet> single;
        List<DataSet> three;
        List<DataSet> nextEpoch;
        try (BatchLoader one = new BatchLoader(train, augmentation, options);
             BatchLoader many = new BatchLoader(train, augmentation, new BatchLoaderOptions(16, CNN2DFormat.NHWC, 3, 6,
                     Integer.MAX_VALUE))) {
            single = all(one.epoch(5, 2));
            three = all(many.epoch(5, 2));
            nextEpoch = all(many.epoch(5, 3));
        }
        assertEquals(7, single.size());
        assertEquals(single.size(), three.size());
        for (int b = 0; b < single.size(); b++) {
            assertArrayEquals(single.get(b).getFeatures().data().asFloat(), three.get(b).getFeatures().data().asFloat(),
                    "features of batch " + b);
            assertArrayEquals(single.get(b).getLabels().data().asFloat(), three.get(b).getLabels().data().asFloat());
        }
        assertArrayEquals(new long[] {16, 32, 32, 3}, single.get(0).getFeatures().shape());
        assertArrayEquals(new long[] {9, 32, 32, 3}, single.get(6).getFeatures().shape());
        assertFalse(Arrays.equals(single.get(0).getFeatures().data().asFloat(),
                nextEpoch.get(0).getFeatures().data().asFloat()), "another epoch, another order and augmentation");
    }

    @Test
    void anExamplesAugmentationDependsOnlyOnSeedEpochAndIndex() throws Exception {
        LabelledImages train = cifar(4);
        ImageTransform augmentation = CifarDataset.CIFAR_10.standardAugmentation();
        try (BatchLoader small = new BatchLoader(train, augmentation, BatchLoaderOptions.of(3, CNN2DFormat.NHWC));
             BatchLoader large = new BatchLoader(train, augmentation, BatchLoaderOptions.of(8, CNN2DFormat.NHWC))) {
            int[] order = small.shuffledOrder(7, 1);
            assertArrayEquals(order, large.shuffledOrder(7, 1));
            float[] fromSmall = concat(all(small.epoch(7, 1)));
            float[] fromLarge = concat(all(large.epoch(7, 1)));
            assertArrayEquals(fromSmall, fromLarge);
            Image expected = augmentation.apply(train.image(order[4]),
                    new SplittableRandom(BatchLoader.exampleSeed(7, 1, order[4])));
            assertArrayEquals(expected.pixels(), Arrays.copyOfRange(fromSmall, 4 * 3072, 5 * 3072));
        }
    }

    private static float[] concat(List<DataSet> batches) {
        List<float[]> parts = batches.stream().map(b -> b.getFeatures().data().asFloat()).toList();
        float[] out = new float[parts.stream().mapToInt(p -> p.length).sum()];
        int at = 0;
        for (float[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    @Test
    void anEpochVisitsEveryExampleOnceInASeededOrder() {
        try (BatchLoader loader = new BatchLoader(indexed(23), ImageTransform.identity(),
                BatchLoaderOptions.of(5, CNN2DFormat.NCHW))) {
            List<Integer> first = ids(all(loader.epoch(11, 0)));
            assertEquals(first, ids(all(loader.epoch(11, 0))));
            assertNotEquals(first, ids(all(loader.epoch(11, 1))));
            assertNotEquals(first, ids(all(loader.epoch(12, 0))));
            assertEquals(Arrays.stream(loader.shuffledOrder(11, 0)).boxed().toList(), first);
            assertArrayEquals(java.util.stream.IntStream.range(0, 23).toArray(),
                    first.stream().mapToInt(Integer::intValue).sorted().toArray());
            assertEquals(java.util.stream.IntStream.range(0, 23).boxed().toList(), ids(all(loader.inOrder(0))));
            assertEquals(5, loader.batchesPerEpoch());
        }
    }

    @Test
    void resumesInTheMiddleOfAnEpochWithTheSameBatches() {
        try (BatchLoader loader = new BatchLoader(indexed(40), ImageTransform.identity(),
                BatchLoaderOptions.of(6, CNN2DFormat.NCHW))) {
            List<Integer> whole = ids(all(loader.epoch(3, 4)));
            List<Integer> resumed = ids(all(loader.epoch(3, 4, 4)));
            assertEquals(whole.subList(24, 40), resumed);
            assertEquals(List.of(), ids(all(loader.epoch(3, 4, 7))));
            assertThrows(IllegalArgumentException.class, () -> loader.epoch(3, 4, 8));
        }
    }

    @Test
    void limitKeepsTheFirstExamples() {
        try (BatchLoader loader = new BatchLoader(indexed(50), ImageTransform.identity(),
                BatchLoaderOptions.of(4, CNN2DFormat.NCHW).withLimit(10))) {
            assertEquals(10, loader.size());
            assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), ids(all(loader.inOrder(0))));
            assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), ids(all(loader.epoch(1, 0))).stream().sorted().toList());
        }
    }

    @Test
    void channelsFirstAndLastHoldTheSameValues() throws Exception {
        LabelledImages train = cifar(2);
        try (BatchLoader last = new BatchLoader(train, ImageTransform.identity(), BatchLoaderOptions.of(10, CNN2DFormat.NHWC));
             BatchLoader first = new BatchLoader(train, ImageTransform.identity(),
                     BatchLoaderOptions.of(10, CNN2DFormat.NCHW))) {
            DataSet nhwc = all(last.inOrder(0)).get(0);
            DataSet nchw = all(first.inOrder(0)).get(0);
            assertArrayEquals(new long[] {10, 3, 32, 32}, nchw.getFeatures().shape());
            assertEquals(nhwc.getFeatures().permute(0, 3, 1, 2), nchw.getFeatures());
            assertEquals(train.image(3).get(5, 7, 2), nchw.getFeatures().getFloat(3, 2, 5, 7), 0f);
        }
    }

    @Test
    void aWorkerFailureReachesTheConsumerNamingTheBatchAndTheFile() {
        LabelledImages broken = new ConcatenatedImages(List.of(indexed(9), new LabelledImages() {
            @Override
            public String description() {
                return "broken";
            }

            @Override
            public int size() {
                return 3;
            }

            @Override
            public int numClasses() {
                return 3;
            }

            @Override
            public int label(int index) {
                return 0;
            }

            @Override
            public Image image(int index) {
                throw new DatasetException("/data/broken.bin: record " + index + " cannot be read");
            }

            @Override
            public String checksum() {
                return "";
            }

            @Override
            public boolean verified() {
                return false;
            }
        }));
        try (BatchLoader loader = new BatchLoader(broken, ImageTransform.identity(),
                BatchLoaderOptions.of(4, CNN2DFormat.NCHW).withThreads(2))) {
            EpochBatches batches = loader.inOrder(0);
            batches.next();
            batches.next();
            DatasetException e = assertThrows(DatasetException.class, batches::next);
            assertTrue(e.getMessage().contains("/data/broken.bin") && e.getMessage().contains("batch 2"),
                    e.getMessage());
            assertFalse(batches.hasNext());
        }
    }

    @Test
    void anUnreadableImageIsSkippedCountedAndReported() throws Exception {
        ImageNetFixtures.Fixture fixture = ImageNetFixtures.write(dir.resolve("imagenet"), 3, 5, 1,
                ImageNetFixtures.Validation.SORTED, 4);
        Path bad = dir.resolve("imagenet/train").resolve(fixture.wnids().get(1)).resolve(fixture.wnids().get(1)
                + "_2.JPEG");
        byte[] whole = Files.readAllBytes(bad);
        Files.write(bad, Arrays.copyOf(whole, whole.length - 40));
        ImageFolderImages train = ImageNetDataset.standard().read(dir.resolve("imagenet"), DatasetSplit.TRAIN,
                Verification.STRUCTURE_ONLY);
        assertEquals(15, train.size());
        try (BatchLoader loader = new BatchLoader(train, new ResizeCenterCrop(40, 32),
                BatchLoaderOptions.of(4, CNN2DFormat.NHWC))) {
            EpochBatches batches = loader.epoch(1, 0);
            int examples = 0;
            while (batches.hasNext()) {
                DataSet batch = batches.next();
                examples += batch.numExamples();
                assertArrayEquals(new long[] {32, 32, 3},
                        Arrays.copyOfRange(batch.getFeatures().shape(), 1, 4));
            }
            assertEquals(14, examples);
            assertEquals(1, batches.skipped().size());
            assertTrue(batches.skipped().get(0).contains(bad.toString()), batches.skipped().toString());
            assertEquals(1, train.unreadable().size());
        }
    }

    @Test
    void imagesOfDifferentSizesNeedACrop() throws Exception {
        ImageNetFixtures.write(dir.resolve("imagenet"), 2, 4, 1, ImageNetFixtures.Validation.SORTED, 5);
        ImageFolderImages train = ImageNetDataset.standard().read(dir.resolve("imagenet"), DatasetSplit.TRAIN,
                Verification.STRUCTURE_ONLY);
        try (BatchLoader loader = new BatchLoader(train, ImageTransform.identity(),
                BatchLoaderOptions.of(8, CNN2DFormat.NHWC))) {
            assertRefused(() -> loader.inOrder(0).next(), "add a resize or crop");
        }
    }

    @Test
    void dl4jTrainsFromAnEpochAsFromAnyDataSetIterator() throws Exception {
        LabelledImages train = cifar(8);
        MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1).list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(32, 32, 3, CNN2DFormat.NHWC)).build());
        network.init();
        try (BatchLoader loader = new BatchLoader(train, CifarDataset.CIFAR_10.standardAugmentation(),
                BatchLoaderOptions.of(10, CNN2DFormat.NHWC))) {
            EpochBatches epoch = loader.epoch(1, 0);
            assertEquals(3072, epoch.inputColumns());
            assertEquals(10, epoch.totalOutcomes());
            assertFalse(epoch.resetSupported());
            network.fit(epoch);
            assertEquals(4, network.getIterationCount());
            assertThrows(UnsupportedOperationException.class, epoch::reset);
        }
    }

    @Test
    void aClosedLoaderStartsNoEpochAndOptionsAreValidated() {
        BatchLoader loader = new BatchLoader(indexed(5), ImageTransform.identity(), BatchLoaderOptions.of(2,
                CNN2DFormat.NCHW));
        loader.close();
        assertThrows(IllegalStateException.class, () -> loader.epoch(1, 0));
        assertThrows(IllegalArgumentException.class, () -> new BatchLoaderOptions(0, CNN2DFormat.NCHW, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new BatchLoaderOptions(8, CNN2DFormat.NCHW, 2, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new BatchLoaderOptions(8, null, 2, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> new BatchLoaderOptions(8, CNN2DFormat.NCHW, 2, 2, 0));
        assertThrows(DatasetException.class, () -> new BatchLoader(indexed(0), ImageTransform.identity(),
                BatchLoaderOptions.of(2, CNN2DFormat.NCHW)));
    }
}
