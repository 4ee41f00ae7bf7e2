package org.rtrain.perturb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The fused kernel against the element-at-a-time definition in {@link SignDraw}. */
class SignKernelTest {

    private static final int BLOCK = SignDraw.BLOCK;

    @Test
    void wordsAreSplittableRandomsSequence() {
        long seed = 0x1234_5678_9abcL;
        SplittableRandom reference = new SplittableRandom(seed);
        long[] filled = new long[SignDraw.SEGMENT];
        new SignDraw(seed, 0.1, SignDraw.HALF).fillWords64(0, filled, filled.length);
        for (int k = 0; k < filled.length; k++) {
            long expected = reference.nextLong();
            assertEquals(expected, SignDraw.word64(seed, k), "word " + k);
            assertEquals(expected, filled[k], "bulk word " + k);
        }
        long[] later = new long[7];
        new SignDraw(seed, 0.1, SignDraw.HALF).fillWords64(1_000_003, later, later.length);
        for (int k = 0; k < later.length; k++) {
            assertEquals(SignDraw.word64(seed, 1_000_003 + k), later[k]);
        }
    }

    @Test
    void thresholdsAreExactAtTheEnds() {
        SignDraw never = SignDraw.of(1, 0.1, 0.0);
        SignDraw always = SignDraw.of(1, 0.1, 1.0);
        for (int word : new int[] {0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 0x7ffffffe}) {
            assertFalse(never.belowThreshold(word), "p=0 grew for word " + word);
            assertTrue(always.belowThreshold(word), "p=1 shrank for word " + word);
        }
        // growProbability 0.5 is the one-bit path; 0.5 + 2^-40 rounds to the same threshold.
        assertTrue(SignDraw.of(1, 0.1, 0.5).oneBitPerElement());
        assertFalse(SignDraw.of(1, 0.1, 0.3).oneBitPerElement());
    }

    /** Lengths around the segment and block boundaries, where an indexing slip would show. */
    private static final long[] LENGTHS = {1, 17, SignDraw.SEGMENT - 1, SignDraw.SEGMENT + 1, BLOCK, BLOCK + 1029,
        3L * BLOCK - 5};

    @Test
    void multipliersMatchTheReferenceBitForBitForFloatAndDouble() {
        for (double growProbability : new double[] {0.5, 0.3, 0.0, 1.0, 0.999}) {
            for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
                for (long length : LENGTHS) {
                    SignDraw draw = SignDraw.of(977 + length, 0.25, growProbability);
                    INDArray m = Nd4j.createUninitialized(type, length);
                    assertTrue(SignKernel.supports(null, m, 'c'));
                    SignKernel.apply(draw, null, m);
                    double[] values = m.toDoubleVector();
                    for (int i = 0; i < length; i++) {
                        double expected = type == DataType.FLOAT ? (float) draw.multiplier(i) : draw.multiplier(i);
                        if (values[i] != expected) {
                            throw new AssertionError(type + " p=" + growProbability + " length " + length
                                    + ": element " + i + " is " + values[i] + ", expected " + expected);
                        }
                    }
                }
            }
        }
    }

    @Test
    void productIsExactlyXTimesMultiplierInAndOutOfPlace() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            for (double growProbability : new double[] {0.5, 0.3}) {
                long length = 2L * BLOCK + 333;
                INDArray x = Nd4j.rand(type, length).subi(0.5);
                INDArray before = x.dup();
                SignDraw draw = SignDraw.of(31, 0.1, growProbability);
                INDArray out = Nd4j.createUninitialized(type, length);
                SignKernel.apply(draw, x, out);
                assertEquals(before, x, "input mutated");
                double[] xs = x.toDoubleVector();
                double[] outs = out.toDoubleVector();
                for (int i = 0; i < length; i++) {
                    double expected = type == DataType.FLOAT ? (float) xs[i] * (float) draw.multiplier(i)
                            : xs[i] * draw.multiplier(i);
                    if (outs[i] != expected) {
                        throw new AssertionError(type + " element " + i + ": " + outs[i] + " != " + expected);
                    }
                }
                SignKernel.apply(draw, x, x);
                assertEquals(out, x, type + ": in place differs from out of place");
            }
        }
    }

    @Test
    void contiguousViewsAreProcessedInPlaceWithoutTouchingTheirNeighbours() {
        INDArray base = Nd4j.rand(DataType.FLOAT, 10, 5000).subi(0.5);
        INDArray baseBefore = base.dup();
        INDArray rows = base.get(NDArrayIndex.interval(3, 7), NDArrayIndex.all());
        assertTrue(SignKernel.supports(rows, rows, 'c'), "a block of whole rows is contiguous");
        INDArray expected = rows.dup();
        SignDraw draw = SignDraw.of(5, 0.2, 0.5);
        SignKernel.apply(draw, expected, expected);
        SignKernel.apply(draw, rows, rows);
        assertEquals(expected, rows);
        for (int r : new int[] {0, 1, 2, 7, 8, 9}) {
            assertEquals(baseBefore.getRow(r), base.getRow(r), "row " + r + " outside the view changed");
        }
    }

    @Test
    void arraysInsideAWorkspaceAreAddressedCorrectly() {
        SignDraw draw = SignDraw.of(8, 0.2, 0.5);
        INDArray expected = Nd4j.rand(DataType.FLOAT, 3000).subi(0.5);
        INDArray x = expected.dup();
        SignKernel.apply(draw, expected, expected);
        WorkspaceConfiguration config = WorkspaceConfiguration.builder().initialSize(1 << 20)
                .policyAllocation(AllocationPolicy.STRICT).policyLearning(LearningPolicy.NONE).build();
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(config, "SignKernelTest")) {
            INDArray padding = Nd4j.createUninitialized(DataType.FLOAT, 1001);
            INDArray inWorkspace = x.unsafeDuplication();
            assertTrue(inWorkspace.isAttached() && padding.isAttached());
            INDArray out = Nd4j.createUninitialized(DataType.FLOAT, 3000);
            SignKernel.apply(draw, inWorkspace, out);
            assertEquals(expected, out.detach());
            assertEquals(x, inWorkspace.detach(), "input mutated");
        }
    }

    @Test
    void streamsExactlyTheContiguousLayouts() {
        INDArray nhwc = Nd4j.rand(DataType.FLOAT, 64, 28, 28, 1);
        assertTrue(SignKernel.supports(nhwc, nhwc.ulike(), 'c'), "a size-1 dimension does not break contiguity");
        INDArray permuted = Nd4j.rand(DataType.FLOAT, 4, 5, 6, 3).permute(0, 3, 1, 2);
        assertFalse(SignKernel.supports(null, permuted, SignKernel.drawOrder(permuted)), "permuted");
        INDArray base = Nd4j.rand(DataType.FLOAT, 6, 8);
        INDArray columns = base.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 4));
        assertFalse(SignKernel.supports(null, columns, 'c'), "column slice is strided");
        assertEquals('c', SignKernel.drawOrder(columns));
        INDArray columnMajor = base.dup('f');
        assertEquals('f', SignKernel.drawOrder(columnMajor));
        assertTrue(SignKernel.supports(columnMajor, columnMajor.ulike(), 'f'));
        assertFalse(SignKernel.supports(columnMajor, base, 'f'), "output in the other order");
        assertFalse(SignKernel.supports(null, columnMajor, 'c'), "column-major array, row-major draw");
        assertFalse(SignKernel.supports(null, Nd4j.rand(DataType.FLOAT16, 6, 8), 'c'), "FLOAT16");
        assertFalse(SignKernel.supports(base, Nd4j.rand(DataType.DOUBLE, 6, 8), 'c'), "mixed types");
        assertTrue(SignKernel.supports(base, base.dup(), 'c'));
    }
}
