package org.rtrain.perturb;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.BitwiseAnd;
import org.nd4j.linalg.api.ops.impl.transforms.custom.RShiftBits;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The multipliers of a {@link SignDraw} built with ND4J operations, for any backend: the portable
 * counterpart of {@link SignKernel}, bit for bit.
 *
 * <p>Both consume the same random words ({@link SignDraw#fillWords64}). With one bit per element
 * (growProbability 0.5) only the words cross from the JVM to the backend, one bit per element: an
 * ND4J shift and mask expand them on the device in the bit-sliced layout {@link SignDraw} defines
 * ({@code [blocks, 32 segments, SEGMENT]}). With any other probability each element compares its
 * own 32-bit word with the threshold, so the comparison is made in the JVM and one byte per element
 * crosses. The 0/1 grow indicator {@code b} becomes {@code m = b * (1 + eps) + (1 - b) * (1 - eps)},
 * computed in the multiplier's type: each product is exact and one of the two terms is zero, so
 * {@code m} is exactly the fused kernel's {@code 1 + eps} or {@code 1 - eps}.
 */
final class PortableSignKernel {

    private static final int HALF_SEGMENT = SignDraw.SEGMENT / 2;

    private PortableSignKernel() {
    }

    /**
     * The multipliers of {@code draw} for {@code shape}, FLOAT or DOUBLE: element {@code i} in
     * {@code order} takes the draw's multiplier {@code i}, as {@link SignKernel#apply} writes them.
     */
    static INDArray multiplier(SignDraw draw, DataType type, long[] shape, char order) {
        long length = 1;
        for (long size : shape) {
            length *= size;
        }
        INDArray grows = draw.oneBitPerElement() ? expandedBits(draw, length) : comparedWords(draw, length);
        INDArray indicator = grows.castTo(type);
        Number grow = type == DataType.FLOAT ? (Number) (float) (1.0 + draw.epsilon()) : 1.0 + draw.epsilon();
        Number shrink = type == DataType.FLOAT ? (Number) (float) (1.0 - draw.epsilon()) : 1.0 - draw.epsilon();
        INDArray m = indicator.mul(grow).addi(indicator.rsub(1).muli(shrink));
        return m.reshape(order, shape);
    }

    /** The grow bits of the first {@code length} elements, one bit per element, expanded by ND4J. */
    private static INDArray expandedBits(SignDraw draw, long length) {
        long blocks = (length + SignDraw.BLOCK - 1) / SignDraw.BLOCK;
        if (blocks * SignDraw.SEGMENT > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("SignPerturbation (portable path): " + length + " elements is too many");
        }
        int[] words = new int[(int) (blocks * SignDraw.SEGMENT)];
        long[] raw = new long[HALF_SEGMENT];
        for (long block = 0; block < blocks; block++) {
            // The 32-bit words block * SEGMENT onwards are the halves, low first, of 64-bit words block * SEGMENT / 2 onwards.
            draw.fillWords64(block * HALF_SEGMENT, raw, HALF_SEGMENT);
            int at = (int) (block * SignDraw.SEGMENT);
            for (int t = 0; t < HALF_SEGMENT; t++) {
                words[at + 2 * t] = (int) raw[t];
                words[at + 2 * t + 1] = (int) (raw[t] >>> 32);
            }
        }
        long[] expanded = {blocks, 32, SignDraw.SEGMENT};
        INDArray wordsPerSegment = Nd4j.createFromArray(words).reshape('c', new long[] {blocks, 1, SignDraw.SEGMENT})
                .broadcast(expanded);
        int[] bitIndex = new int[32];
        for (int j = 0; j < 32; j++) {
            bitIndex[j] = j;
        }
        INDArray shifts = Nd4j.createFromArray(bitIndex).reshape('c', new long[] {1, 32, 1}).broadcast(expanded);
        INDArray shifted = Nd4j.createUninitialized(DataType.INT32, expanded);
        Nd4j.exec(new RShiftBits(wordsPerSegment, shifts, shifted));
        // An arithmetic shift fills with the sign bit; the mask keeps only bit j, so that does not matter.
        INDArray bits = Nd4j.createUninitialized(DataType.INT32, expanded);
        Nd4j.exec(new BitwiseAnd(shifted, Nd4j.ones(DataType.INT32, expanded), bits));
        return bits.reshape('c', new long[] {blocks * SignDraw.BLOCK}).get(NDArrayIndex.interval(0, length));
    }

    /** The grow decisions of the first {@code length} elements, one 32-bit word each, compared in the JVM. */
    private static INDArray comparedWords(SignDraw draw, long length) {
        if (length > Integer.MAX_VALUE - SignDraw.SEGMENT) {
            throw new IllegalArgumentException("SignPerturbation (portable path): " + length + " elements is too many");
        }
        byte[] grows = new byte[(int) length];
        long[] raw = new long[SignDraw.SEGMENT];
        for (long first = 0; first < length; first += 2L * SignDraw.SEGMENT) {
            draw.fillWords64(first / 2, raw, SignDraw.SEGMENT);
            int count = (int) Math.min(2L * SignDraw.SEGMENT, length - first);
            for (int t = 0; t < count; t++) {
                long word = raw[t / 2];
                grows[(int) first + t] = draw.belowThreshold((int) ((t & 1) == 0 ? word : word >>> 32)) ? (byte) 1 : 0;
            }
        }
        return Nd4j.createFromArray(grows);
    }
}
