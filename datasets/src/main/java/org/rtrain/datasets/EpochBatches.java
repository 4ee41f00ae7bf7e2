package org.rtrain.datasets;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.rtrain.datasets.image.Image;
import org.rtrain.datasets.image.ImageTransform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batches of one epoch (or one evaluation pass) of a {@link BatchLoader}, built on its worker
 * threads ahead of the consumer and delivered in order. A DL4J {@link DataSetIterator}, so
 * {@code network.fit(batches)} consumes it; it cannot be reset (ask the loader for the epoch again).
 * Close it to stop the workers early.
 *
 * <p>An image that cannot be decoded ({@link UnreadableImageException}) is left out of its batch,
 * counted and reported ({@link #skipped()}, and a warning at the end of the epoch); any other
 * failure of a worker is rethrown to the consumer naming the batch and, through its cause, the file.
 */
public final class EpochBatches implements DataSetIterator, AutoCloseable {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(EpochBatches.class);

    private final transient LabelledImages images;
    private final transient ImageTransform transform;
    private final BatchLoaderOptions options;
    private final int[] order;
    private final long seed;
    private final int epoch;
    private final transient ExecutorService workers;
    private final transient ArrayDeque<Future<Batch>> pending = new ArrayDeque<>();
    private final List<String> skipped = Collections.synchronizedList(new ArrayList<>());
    private final int batchCount;
    private int nextToBuild;
    private int delivered;
    private int inputColumns = -1;
    private boolean closed;
    private boolean reported;
    private transient DataSetPreProcessor preProcessor;

    private record Batch(DataSet data, int columns) {
    }

    EpochBatches(LabelledImages images, ImageTransform transform, BatchLoaderOptions options, int[] order, long seed,
                 int epoch, int firstBatch, ExecutorService workers) {
        this.images = images;
        this.transform = transform;
        this.options = options;
        this.order = order;
        this.seed = seed;
        this.epoch = epoch;
        this.workers = workers;
        this.batchCount = (order.length + options.batchSize() - 1) / options.batchSize();
        this.nextToBuild = firstBatch;
        this.delivered = firstBatch;
        fill();
    }

    private void fill() {
        while (!closed && pending.size() < options.prefetchBatches() && nextToBuild < batchCount) {
            int batch = nextToBuild++;
            try {
                pending.add(workers.submit(() -> build(batch)));
            } catch (RejectedExecutionException e) {
                throw new IllegalStateException("the loader of " + images.description() + " was closed", e);
            }
        }
    }

    @Override
    public boolean hasNext() {
        boolean more = !closed && delivered < batchCount;
        if (!more && !reported && !skipped.isEmpty()) {
            reported = true;
            LOG.warn("{}: {} unreadable image(s) left out of epoch {}, first: {}", images.description(),
                    skipped.size(), epoch, skipped.get(0));
        }
        return more;
    }

    @Override
    public DataSet next() {
        if (!hasNext()) {
            throw new NoSuchElementException("epoch " + epoch + " of " + images.description() + " has "
                    + batchCount + " batches, all delivered");
        }
        Future<Batch> future = pending.poll();
        int batch = delivered++;
        fill();
        try {
            Batch built = future.get();
            inputColumns = built.columns();
            DataSet data = built.data();
            if (preProcessor != null) {
                preProcessor.preProcess(data);
            }
            return data;
        } catch (ExecutionException e) {
            close();
            Throwable cause = e.getCause();
            String message = images.description() + ", epoch " + epoch + ", batch " + batch + ": "
                    + cause.getMessage();
            throw cause instanceof DatasetException ? new DatasetException(message, cause)
                    : new IllegalStateException(message, cause);
        } catch (InterruptedException e) {
            close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for batch " + batch + " of " + images.description(),
                    e);
        } catch (CancellationException e) {
            throw new IllegalStateException("batch " + batch + " of " + images.description()
                    + " was cancelled: the loader was closed", e);
        }
    }

    private Batch build(int batch) {
        int from = batch * options.batchSize();
        int to = Math.min(order.length, from + options.batchSize());
        int planned = to - from;
        int numClasses = images.numClasses();
        INDArray features = null;
        FloatBuffer target = null;
        float[] planar = null;
        float[] labels = new float[planned * numClasses];
        int height = 0;
        int width = 0;
        int channels = 0;
        int count = 0;
        for (int position = from; position < to; position++) {
            int index = order[position];
            Image image;
            try {
                image = images.image(index);
            } catch (UnreadableImageException e) {
                skipped.add(e.getMessage());
                continue;
            }
            Image out = transform.apply(image, new SplittableRandom(BatchLoader.exampleSeed(seed, epoch, index)));
            if (features == null) {
                height = out.height();
                width = out.width();
                channels = out.channels();
                // Written in place: no float[] of the whole batch, no copy into ND4J afterwards.
                features = Nd4j.createUninitializedDetached(DataType.FLOAT, shape(planned, height, width, channels));
                target = features.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
                planar = options.format() == CNN2DFormat.NCHW ? new float[height * width * channels] : null;
            } else if (out.height() != height || out.width() != width || out.channels() != channels) {
                throw new DatasetException(images.description() + ": example " + index + " is " + out.height() + "x"
                        + out.width() + "x" + out.channels() + " after the transform, the batch's first was "
                        + height + "x" + width + "x" + channels + ": add a resize or crop to the transform");
            }
            target.put(count * out.pixels().length, planar == null ? out.pixels() : toPlanar(out, planar));
            labels[count * numClasses + images.label(index)] = 1f;
            count++;
        }
        if (count == 0) {
            throw new DatasetException(images.description() + ": every image of batch " + batch
                    + " is unreadable, e.g. " + skipped.get(skipped.size() - 1));
        }
        if (count < planned) {
            features = features.get(NDArrayIndex.interval(0, count), NDArrayIndex.all(), NDArrayIndex.all(),
                    NDArrayIndex.all()).dup('c');
            labels = Arrays.copyOf(labels, count * numClasses);
        }
        DataSet data = new DataSet(features, Nd4j.create(labels, new long[] {count, numClasses}, DataType.FLOAT));
        return new Batch(data, height * width * channels);
    }

    private long[] shape(int count, int height, int width, int channels) {
        return options.format() == CNN2DFormat.NHWC ? new long[] {count, height, width, channels}
                : new long[] {count, channels, height, width};
    }

    /** Channels-last pixels to channel planes, in {@code planar}. */
    private static float[] toPlanar(Image image, float[] planar) {
        float[] pixels = image.pixels();
        int channels = image.channels();
        int plane = image.height() * image.width();
        for (int c = 0; c < channels; c++) {
            int target = c * plane;
            for (int p = 0; p < plane; p++) {
                planar[target + p] = pixels[p * channels + c];
            }
        }
        return planar;
    }

    /** Messages naming each image left out so far because it could not be decoded. */
    public List<String> skipped() {
        synchronized (skipped) {
            return List.copyOf(skipped);
        }
    }

    /** Number of batches in the whole epoch (including any skipped at the start when resuming). */
    public int batchCount() {
        return batchCount;
    }

    /** The epoch these batches belong to. */
    public int epochIndex() {
        return epoch;
    }

    /** Stops building batches; waiting ones are cancelled. */
    @Override
    public void close() {
        closed = true;
        for (Future<Batch> future : pending) {
            future.cancel(true);
        }
        pending.clear();
    }

    @Override
    public DataSet next(int num) {
        throw new UnsupportedOperationException("batches have the loader's batch size ("
                + options.batchSize() + "); make a loader with another BatchLoaderOptions for another size");
    }

    /**
     * Values per example ({@code channels * height * width}); waits for the first batch if none came
     * yet, and is -1 if building it failed ({@link #next()} then says why).
     */
    @Override
    public int inputColumns() {
        if (inputColumns < 0 && !pending.isEmpty()) {
            try {
                inputColumns = pending.peek().get().columns();
            } catch (ExecutionException | InterruptedException | CancellationException e) {
                return -1;
            }
        }
        return inputColumns;
    }

    @Override
    public int totalOutcomes() {
        return images.numClasses();
    }

    @Override
    public boolean resetSupported() {
        return false;
    }

    @Override
    public boolean asyncSupported() {
        // Already asynchronous; DL4J's wrapper would only add a second queue.
        return false;
    }

    @Override
    public void reset() {
        throw new UnsupportedOperationException("an epoch's batches are read once; call loader.epoch(seed, "
                + epoch + ") again for the same batches");
    }

    @Override
    public int batch() {
        return options.batchSize();
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    /** Not known to the loader: DL4J's evaluation then numbers the classes. */
    @Override
    public List<String> getLabels() {
        return null;
    }
}
