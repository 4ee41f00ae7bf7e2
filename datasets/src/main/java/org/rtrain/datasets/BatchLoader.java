package org.rtrain.datasets;

import static org.rtrain.perturb.SplitMix64.mix;

import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import org.rtrain.datasets.image.ImageTransform;

/**
 * Turns a split and a transform into DL4J mini-batches, decoding and augmenting on worker threads
 * ahead of training.
 *
 * <p>Deterministic: the order of an epoch is a Fisher-Yates shuffle drawn from
 * {@code (seed, epoch)}, and example {@code i} of the split is transformed with a
 * {@link SplittableRandom} seeded from {@code (seed, epoch, i)} alone, so batches are identical
 * whatever the number of threads, the timing, the batch size of other epochs or the point a run
 * resumes from. Batches come back in order; at most {@link BatchLoaderOptions#prefetchBatches()} are
 * built ahead.
 *
 * <pre>{@code
 * try (BatchLoader loader = new BatchLoader(train, dataset.standardAugmentation(),
 *         BatchLoaderOptions.of(128, CNN2DFormat.NHWC))) {
 *     for (int epoch = firstEpoch; epoch < epochs; epoch++) {
 *         try (EpochBatches batches = loader.epoch(seed, epoch)) {
 *             network.fit(batches);
 *         }
 *     }
 * }
 * }</pre>
 */
public final class BatchLoader implements AutoCloseable {

    private static final long ORDER_STREAM = 0x6f72646572L;
    private static final long EXAMPLE_STREAM = 0x6578616d706cL;
    private static final AtomicInteger LOADERS = new AtomicInteger();

    private final LabelledImages images;
    private final ImageTransform transform;
    private final BatchLoaderOptions options;
    private final int size;
    private final ExecutorService workers;

    /** A loader over {@code images}, applying {@code transform} to every example it delivers. */
    public BatchLoader(LabelledImages images, ImageTransform transform, BatchLoaderOptions options) {
        if (images.size() == 0) {
            throw new DatasetException(images.description() + " holds no images");
        }
        this.images = images;
        this.transform = transform;
        this.options = options;
        this.size = Math.min(options.limit(), images.size());
        int loader = LOADERS.incrementAndGet();
        AtomicInteger thread = new AtomicInteger();
        ThreadFactory factory = runnable -> {
            Thread t = new Thread(runnable, "rtrain-loader-" + loader + "-" + thread.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.workers = Executors.newFixedThreadPool(options.threads(), factory);
    }

    /** Number of examples an epoch covers (the split's size, or the limit if smaller). */
    public int size() {
        return size;
    }

    /** Number of batches in an epoch. */
    public int batchesPerEpoch() {
        return (size + options.batchSize() - 1) / options.batchSize();
    }

    /** The options this loader was built with. */
    public BatchLoaderOptions options() {
        return options;
    }

    /** The split the batches come from. */
    public LabelledImages images() {
        return images;
    }

    /** The training batches of epoch {@code epoch}: shuffled with {@code (seed, epoch)}. */
    public EpochBatches epoch(long seed, int epoch) {
        return epoch(seed, epoch, 0);
    }

    /**
     * The training batches of epoch {@code epoch} from batch {@code firstBatch} on, for resuming a run
     * that stopped in the middle of an epoch: the batches are those {@link #epoch(long, int)} would
     * deliver from that point, without building the skipped ones.
     */
    public EpochBatches epoch(long seed, int epoch, int firstBatch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be at least 0, got " + epoch);
        }
        return start(shuffledOrder(seed, epoch), seed, epoch, firstBatch);
    }

    /**
     * All examples in split order, for evaluation; any randomness in the transform is drawn from
     * {@code (seed, 0, index)}.
     */
    public EpochBatches inOrder(long seed) {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        return start(order, seed, 0, 0);
    }

    private EpochBatches start(int[] order, long seed, int epoch, int firstBatch) {
        if (firstBatch < 0 || firstBatch > batchesPerEpoch()) {
            throw new IllegalArgumentException("firstBatch must be in [0, " + batchesPerEpoch() + "], got "
                    + firstBatch);
        }
        if (workers.isShutdown()) {
            throw new IllegalStateException("the loader of " + images.description() + " is closed");
        }
        return new EpochBatches(images, transform, options, order, seed, epoch, firstBatch, workers);
    }

    /** The order of the examples in epoch {@code epoch}: a permutation of {@code [0, size())}. */
    public int[] shuffledOrder(long seed, int epoch) {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(mix(mix(seed ^ ORDER_STREAM) + epoch));
        for (int i = size - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }

    /** The seed of example {@code index}'s transform in epoch {@code epoch}. */
    static long exampleSeed(long seed, int epoch, int index) {
        return mix(mix(mix(seed ^ EXAMPLE_STREAM) + epoch) + index);
    }

    /** Stops the worker threads; epochs in progress fail on their next batch. */
    @Override
    public void close() {
        workers.shutdownNow();
    }
}
