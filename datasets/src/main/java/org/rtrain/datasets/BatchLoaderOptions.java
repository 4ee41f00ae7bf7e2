package org.rtrain.datasets;

import org.deeplearning4j.nn.conf.CNN2DFormat;

/**
 * How a {@link BatchLoader} cuts and delivers batches.
 *
 * @param batchSize       examples per batch (the last batch of an epoch may be smaller), positive
 * @param format          layout of the features: {@code NCHW} ({@code [batch, channels, height, width]})
 *                        or {@code NHWC} ({@code [batch, height, width, channels]})
 * @param threads         worker threads decoding and augmenting, positive
 * @param prefetchBatches batches prepared ahead of the consumer, at least {@code threads}
 * @param limit           use only the first {@code limit} examples of the split (all when larger), positive
 */
public record BatchLoaderOptions(int batchSize, CNN2DFormat format, int threads, int prefetchBatches, int limit) {

    public BatchLoaderOptions {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
        }
        if (format == null) {
            throw new IllegalArgumentException("format must be NCHW or NHWC, got null");
        }
        if (threads <= 0) {
            throw new IllegalArgumentException("threads must be positive, got " + threads);
        }
        if (prefetchBatches < threads) {
            throw new IllegalArgumentException("prefetchBatches must be at least threads (" + threads
                    + ") so that every worker has a batch to build, got " + prefetchBatches);
        }
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive (Integer.MAX_VALUE for all), got " + limit);
        }
    }

    /** All examples, two threads, two batches in flight per thread. */
    public static BatchLoaderOptions of(int batchSize, CNN2DFormat format) {
        return new BatchLoaderOptions(batchSize, format, 2, 4, Integer.MAX_VALUE);
    }

    /** These options with {@code threads} workers and twice as many batches in flight. */
    public BatchLoaderOptions withThreads(int threads) {
        return new BatchLoaderOptions(batchSize, format, threads, 2 * threads, limit);
    }

    /** These options over the first {@code limit} examples only. */
    public BatchLoaderOptions withLimit(int limit) {
        return new BatchLoaderOptions(batchSize, format, threads, prefetchBatches, limit);
    }
}
