package org.rtrain.datasets;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Mini-batches of an {@link ImageSplit}: in order for evaluation, or in a seeded random order for
 * training (the same seed gives the same batches).
 */
public final class MiniBatches {

    /** Flattened to {@code [count, pixels]}, the layout {@code Nd4j.pullRows} copies rows from fastest. */
    private final INDArray flatFeatures;
    private final long[] exampleShape;
    private final INDArray oneHotLabels;
    private final int size;

    /** Batches over the first {@code limit} examples of {@code split} (all of them when limit is larger). */
    public MiniBatches(ImageSplit split, int limit) {
        this(split, limit, false);
    }

    /**
     * Batches over the first {@code limit} examples of {@code split}, with image features in
     * channels-last layout ({@code [batch, height, width, channels]}) when {@code channelsLast}.
     */
    public MiniBatches(ImageSplit split, int limit, boolean channelsLast) {
        this.size = Math.min(limit, split.size());
        INDArray allFeatures = channelsLast && split.features().rank() == 4
                ? split.features().permute(0, 2, 3, 1).dup('c') : split.features();
        long[] shape = allFeatures.shape();
        this.exampleShape = Arrays.copyOfRange(shape, 1, shape.length);
        INDArray flat = allFeatures.reshape('c', split.size(), allFeatures.length() / split.size());
        this.flatFeatures = size == split.size() ? flat
                : flat.get(NDArrayIndex.interval(0, size),
                NDArrayIndex.all()).dup();
        this.oneHotLabels = Nd4j.zeros(DataType.FLOAT, size, split.numClasses());
        for (int i = 0; i < size; i++) {
            oneHotLabels.putScalar(i, split.labels()[i], 1f);
        }
    }

    /** Number of examples the batches cover. */
    public int size() {
        return size;
    }

    /** Batches in the stored order; the last one may be smaller. */
    public Iterator<DataSet> inOrder(int batchSize) {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        return batches(order, batchSize);
    }

    /** Batches in a random order drawn from {@code seed}; the last one may be smaller. */
    public Iterator<DataSet> shuffled(int batchSize, long seed) {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = size - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return batches(order, batchSize);
    }

    private Iterator<DataSet> batches(int[] order, int batchSize) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
        }
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < order.length;
            }

            @Override
            public DataSet next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int end = Math.min(order.length, next + batchSize);
                int[] rows = Arrays.copyOfRange(order, next, end);
                next = end;
                long[] batchShape = new long[exampleShape.length + 1];
                batchShape[0] = rows.length;
                System.arraycopy(exampleShape, 0, batchShape, 1, exampleShape.length);
                INDArray batchFeatures = Nd4j.pullRows(flatFeatures, 1, rows).reshape('c', batchShape);
                return new DataSet(batchFeatures, Nd4j.pullRows(oneHotLabels, 1, rows));
            }
        };
    }
}
