package org.rtrain.perturb;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Multiplies a FLOAT or DOUBLE array by the multipliers of a {@link SignDraw} in one pass over its
 * off-heap buffer, expanding the random bits as it goes.
 *
 * <p>Per segment of {@link SignDraw#SEGMENT} elements: the segment's multipliers are built as IEEE
 * bit patterns with integer operations that the JIT vectorises (the multiplier of a bit b is
 * {@code bits(1 - eps) + (-b & (bits(1 + eps) - bits(1 - eps)))}), reinterpreted as floating-point
 * values through a small direct buffer, then the input segment is copied into a heap array,
 * multiplied (vectorised) and copied out. Main memory sees one read and one write per element; the
 * rest stays in the L1 cache. Heap arrays are needed because HotSpot 17 vectorises loops over Java
 * arrays only.
 *
 * <p>Element {@code i} of the draw is the {@code i}-th element of the buffer, so the kernel applies
 * to arrays (views included) that are contiguous in the memory order the draw follows (see
 * {@link #drawOrder}); {@link SignPerturbation} falls back to ND4J operations for anything else.
 */
final class SignKernel {

    /** Elements per NIO window (javacpp views are limited to 2^31 bytes); a multiple of BLOCK. */
    private static final int WINDOW = 1 << 24;
    private static final int HALF_SEGMENT = SignDraw.SEGMENT / 2;

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private SignKernel() {
    }

    /**
     * The order in which the elements of {@code x} take the draw's multipliers: row-major, unless
     * {@code x} is contiguous column-major but not row-major (DL4J's dense layers produce such
     * activations), so that the kernel can stream it in memory order.
     */
    static char drawOrder(INDArray x) {
        return !isContiguous(x, 'c') && isContiguous(x, 'f') ? 'f' : 'c';
    }

    /**
     * True when {@link #apply} handles this pair of arrays ({@code src} may be null) for a draw in
     * the given order.
     */
    static boolean supports(INDArray src, INDArray dst, char order) {
        DataType type = dst.dataType();
        if (type != DataType.FLOAT && type != DataType.DOUBLE) {
            return false;
        }
        if (!isContiguous(dst, order)) {
            return false;
        }
        return src == null || (src.dataType() == type && isContiguous(src, order) && src.length() == dst.length());
    }

    /**
     * True when {@code x}'s elements, enumerated in {@code order}, are consecutive in its buffer.
     * Dimensions of size 1 are skipped: their strides are arbitrary (ND4J's own default-stride check
     * rejects a row-major {@code [64, 28, 28, 1]} with strides {@code [784, 28, 1, 1]}).
     */
    private static boolean isContiguous(INDArray x, char order) {
        long[] shape = x.shape();
        long[] stride = x.stride();
        long expected = 1;
        for (int k = 0; k < shape.length; k++) {
            int d = order == 'c' ? shape.length - 1 - k : k;
            if (shape[d] != 1) {
                if (stride[d] != expected) {
                    return false;
                }
                expected *= shape[d];
            }
        }
        return !x.isEmpty();
    }

    /**
     * {@code dst = src * m} element by element in buffer order, or {@code dst = m} when {@code src}
     * is null; {@code src} may be {@code dst}. Both must pass {@link #supports}.
     */
    static void apply(SignDraw draw, INDArray src, INDArray dst) {
        long length = dst.length();
        Scratch scratch = SCRATCH.get();
        scratch.forgetBlock();
        boolean isFloat = dst.dataType() == DataType.FLOAT;
        for (long start = 0; start < length; start += WINDOW) {
            int count = (int) Math.min(WINDOW, length - start);
            if (isFloat) {
                applyFloat(draw, start, count, src == null ? null : floats(src, start, count),
                        floats(dst, start, count), scratch);
            } else {
                applyDouble(draw, start, count, src == null ? null : doubles(src, start, count),
                        doubles(dst, start, count), scratch);
            }
        }
    }

    private static FloatBuffer floats(INDArray x, long start, int count) {
        long first = x.offset() + start;
        return new FloatPointer(x.data().pointer()).position(first).limit(first + count).asBuffer();
    }

    private static DoubleBuffer doubles(INDArray x, long start, int count) {
        long first = x.offset() + start;
        return new DoublePointer(x.data().pointer()).position(first).limit(first + count).asBuffer();
    }

    private static void applyFloat(SignDraw draw, long start, int count, FloatBuffer src, FloatBuffer dst,
                                   Scratch s) {
        int shrink = Float.floatToRawIntBits((float) (1.0 - draw.epsilon()));
        int grow = Float.floatToRawIntBits((float) (1.0 + draw.epsilon()));
        for (int at = 0; at < count; at += SignDraw.SEGMENT) {
            int len = Math.min(SignDraw.SEGMENT, count - at);
            long segment = (start + at) / SignDraw.SEGMENT;
            if (src != null) {
                s.sink += readAhead(src, at + SignDraw.SEGMENT);
            }
            if (draw.oneBitPerElement()) {
                s.loadBlock(draw, segment / 32);
                bitPatterns(s.words, s.intPatterns, (int) (segment % 32), shrink, grow - shrink);
                s.ints.put(0, s.intPatterns);
            } else {
                draw.fillWords64(segment * HALF_SEGMENT, s.raw, HALF_SEGMENT);
                pairPatterns(s.raw, s.longPatterns, draw.threshold() & 0xFFFFFFFFL, shrink & 0xFFFFFFFFL,
                        (grow & 0xFFFFFFFFL) - (shrink & 0xFFFFFFFFL));
                s.longs.put(0, s.longPatterns, 0, HALF_SEGMENT);
            }
            if (src == null) {
                s.floats.get(0, s.floatValues, 0, len);
            } else {
                s.floats.get(0, s.floatMultipliers);
                src.get(at, s.floatValues, 0, len);
                multiply(s.floatValues, s.floatMultipliers, len);
            }
            dst.put(at, s.floatValues, 0, len);
        }
    }

    private static void applyDouble(SignDraw draw, long start, int count, DoubleBuffer src, DoubleBuffer dst,
                                    Scratch s) {
        long shrink = Double.doubleToRawLongBits(1.0 - draw.epsilon());
        long diff = Double.doubleToRawLongBits(1.0 + draw.epsilon()) - shrink;
        for (int at = 0; at < count; at += SignDraw.SEGMENT) {
            int len = Math.min(SignDraw.SEGMENT, count - at);
            long segment = (start + at) / SignDraw.SEGMENT;
            if (src != null) {
                s.sink += readAhead(src, at + SignDraw.SEGMENT);
            }
            if (draw.oneBitPerElement()) {
                s.loadBlock(draw, segment / 32);
                bitPatterns(s.longWords, s.longPatterns, (int) (segment % 32), shrink, diff);
            } else {
                draw.fillWords64(segment * HALF_SEGMENT, s.raw, HALF_SEGMENT);
                split(s.raw, s.longWords);
                thresholdPatterns(s.longWords, s.longPatterns, draw.threshold() & 0xFFFFFFFFL, shrink, diff);
            }
            s.longs.put(0, s.longPatterns);
            if (src == null) {
                s.doubles.get(0, s.doubleValues, 0, len);
            } else {
                s.doubles.get(0, s.doubleMultipliers);
                src.get(at, s.doubleValues, 0, len);
                multiply(s.doubleValues, s.doubleMultipliers, len);
            }
            dst.put(at, s.doubleValues, 0, len);
        }
    }

    // Java has no prefetch instruction, and the hardware prefetcher stops at each 4 KiB page: reading
    // one value per 64-byte cache line of the next segment, before this segment's multipliers are
    // built, lets its memory loads run under that work (measured: 20% faster on arrays larger than
    // the cache; no gain when the reads come after the multipliers).

    private static float readAhead(FloatBuffer src, int from) {
        float sum = 0;
        for (int t = from; t < Math.min(from + SignDraw.SEGMENT, src.limit()); t += 16) {
            sum += src.get(t);
        }
        return sum;
    }

    private static double readAhead(DoubleBuffer src, int from) {
        double sum = 0;
        for (int t = from; t < Math.min(from + SignDraw.SEGMENT, src.limit()); t += 8) {
            sum += src.get(t);
        }
        return sum;
    }

    // The loops below are kept separate and simple (the same index on every array, a loop-invariant
    // shift count) so that C2's superword pass vectorises them.

    /** Multipliers of one segment from bit {@code bit} of each word (one bit per element). */
    private static void bitPatterns(int[] words, int[] patterns, int bit, int shrink, int diff) {
        for (int t = 0; t < patterns.length; t++) {
            patterns[t] = shrink + (-((words[t] >>> bit) & 1) & diff);
        }
    }

    /** As {@link #bitPatterns(int[], int[], int, int, int)}, for DOUBLE. */
    private static void bitPatterns(long[] words, long[] patterns, int bit, long shrink, long diff) {
        for (int t = 0; t < patterns.length; t++) {
            patterns[t] = shrink + (-((words[t] >>> bit) & 1L) & diff);
        }
    }

    /**
     * FLOAT multipliers of two elements per 64-bit word: its low half decides the first (lower
     * address, little-endian), its high half the second, each compared with the threshold as in
     * {@link SignDraw#belowThreshold}.
     */
    private static void pairPatterns(long[] raw, long[] patterns, long threshold, long shrink, long diff) {
        for (int t = 0; t < HALF_SEGMENT; t++) {
            long w = raw[t];
            long first = (((w & 0xFFFFFFFFL) >>> 1) - threshold) >>> 63;
            long second = ((w >>> 33) - threshold) >>> 63;
            patterns[t] = (shrink + (-first & diff)) | ((shrink + (-second & diff)) << 32);
        }
    }

    /** DOUBLE multipliers from one 32-bit word per element, compared with the threshold. */
    private static void thresholdPatterns(long[] words, long[] patterns, long threshold, long shrink, long diff) {
        for (int t = 0; t < patterns.length; t++) {
            patterns[t] = shrink + (-(((words[t] >>> 1) - threshold) >>> 63) & diff);
        }
    }

    /** The 32-bit halves of {@code raw[0, SEGMENT/2)}, low first, zero-extended into {@code words}. */
    private static void split(long[] raw, long[] words) {
        for (int t = 0; t < HALF_SEGMENT; t++) {
            words[2 * t] = raw[t] & 0xFFFFFFFFL;
            words[2 * t + 1] = raw[t] >>> 32;
        }
    }

    private static void multiply(float[] values, float[] multipliers, int len) {
        for (int t = 0; t < len; t++) {
            values[t] *= multipliers[t];
        }
    }

    private static void multiply(double[] values, double[] multipliers, int len) {
        for (int t = 0; t < len; t++) {
            values[t] *= multipliers[t];
        }
    }

    /** One thread's working arrays: a few segments, in the L1 cache. */
    private static final class Scratch {
        final long[] raw = new long[HALF_SEGMENT];
        final int[] words = new int[SignDraw.SEGMENT];
        final long[] longWords = new long[SignDraw.SEGMENT];
        final int[] intPatterns = new int[SignDraw.SEGMENT];
        final long[] longPatterns = new long[SignDraw.SEGMENT];
        final float[] floatMultipliers = new float[SignDraw.SEGMENT];
        final float[] floatValues = new float[SignDraw.SEGMENT];
        final double[] doubleMultipliers = new double[SignDraw.SEGMENT];
        final double[] doubleValues = new double[SignDraw.SEGMENT];
        // Views of one direct buffer: written as integers, read back as floating-point values.
        // Little-endian, so that the low half of a long is the first float (pairPatterns).
        final IntBuffer ints;
        final FloatBuffer floats;
        final LongBuffer longs;
        final DoubleBuffer doubles;
        /** Where the read-ahead values go, so that the JIT cannot drop the reads. */
        double sink;
        /** The one-bit-per-element block whose words {@code words} and {@code longWords} hold, or -1. */
        private long block = -1;

        Scratch() {
            ByteBuffer bytes = ByteBuffer.allocateDirect(Long.BYTES * SignDraw.SEGMENT)
                    .order(ByteOrder.LITTLE_ENDIAN);
            ints = bytes.asIntBuffer();
            floats = bytes.asFloatBuffer();
            longs = bytes.asLongBuffer();
            doubles = bytes.asDoubleBuffer();
        }

        /** Called at the start of each draw. */
        void forgetBlock() {
            block = -1;
        }

        /** Loads the words of a one-bit-per-element block, which its 32 segments share. */
        void loadBlock(SignDraw draw, long wanted) {
            if (wanted == block) {
                return;
            }
            // 32-bit words block * SEGMENT onwards are 64-bit words block * SEGMENT / 2 onwards.
            draw.fillWords64(wanted * HALF_SEGMENT, raw, HALF_SEGMENT);
            split(raw, longWords);
            for (int t = 0; t < SignDraw.SEGMENT; t++) {
                words[t] = (int) longWords[t];
            }
            block = wanted;
        }
    }
}
