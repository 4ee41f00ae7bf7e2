package org.rtrain.perturb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Seeded statistical checks of the grow/shrink draws, each with a 5-sigma bound: frequency,
 * independence of neighbours (runs test, lagged correlations, 8-element patterns) and of
 * successive calls.
 */
class SignPerturbationStatisticsTest {

    private static final int N = 1 << 20;

    /** Whether each element of a fresh draw grows, from the public multiplier. */
    private static boolean[] grows(SignPerturbation perturbation, DataType type, int n, Random random) {
        INDArray m = perturbation.drawMultiplier(Nd4j.ones(type, n), perturbation.epsilon(), random);
        double[] values = m.toDoubleVector();
        boolean[] grows = new boolean[n];
        for (int i = 0; i < n; i++) {
            grows[i] = values[i] > 1.0;
        }
        return grows;
    }

    private static Random rng(long seed) {
        return Nd4j.getRandomFactory().getNewRandomInstance(seed);
    }

    private static long count(boolean[] bits) {
        long c = 0;
        for (boolean b : bits) {
            c += b ? 1 : 0;
        }
        return c;
    }

    @Test
    void growFrequencyIsWithinFiveSigma() {
        for (double p : new double[] {0.5, 0.3, 0.9}) {
            for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
                int n = type == DataType.FLOAT ? N : N / 4;
                long grown = count(grows(new SignPerturbation(0.1, p), type, n, rng(11)));
                double sigma = Math.sqrt(n * p * (1 - p));
                assertEquals(n * p, grown, 5 * sigma, type + " p=" + p);
            }
        }
    }

    @Test
    void eachBitPlaneOfTheOneBitLayoutIsBalanced() {
        // The one-bit path gives segment j of a block bit j of its words: every bit must be fair.
        boolean[] bits = grows(new SignPerturbation(0.1), DataType.FLOAT, N, rng(12));
        long[] perPlane = new long[32];
        for (int i = 0; i < N; i++) {
            perPlane[(i % SignDraw.BLOCK) / SignDraw.SEGMENT] += bits[i] ? 1 : 0;
        }
        double perPlaneCount = N / 32.0;
        for (int j = 0; j < 32; j++) {
            assertEquals(perPlaneCount / 2, perPlane[j], 5 * Math.sqrt(perPlaneCount / 4), "bit plane " + j);
        }
    }

    @Test
    void runsTestAcceptsIndependence() {
        for (double p : new double[] {0.5, 0.3}) {
            boolean[] bits = grows(new SignPerturbation(0.1, p), DataType.FLOAT, N, rng(13));
            double n1 = count(bits);
            double n2 = N - n1;
            long runs = 1;
            for (int i = 1; i < N; i++) {
                runs += bits[i] != bits[i - 1] ? 1 : 0;
            }
            double mean = 2 * n1 * n2 / N + 1;
            double variance = (mean - 1) * (mean - 2) / (N - 1);
            assertEquals(mean, runs, 5 * Math.sqrt(variance), "Wald-Wolfowitz runs, p=" + p);
        }
    }

    private static double correlation(boolean[] a, int fromA, boolean[] b, int fromB, int n) {
        double sa = 0;
        double sb = 0;
        double sab = 0;
        for (int i = 0; i < n; i++) {
            int x = a[fromA + i] ? 1 : 0;
            int y = b[fromB + i] ? 1 : 0;
            sa += x;
            sb += y;
            sab += x * y;
        }
        double ma = sa / n;
        double mb = sb / n;
        return (sab / n - ma * mb) / Math.sqrt(ma * (1 - ma) * mb * (1 - mb));
    }

    @Test
    void neighboursAreUncorrelatedAtLagsAcrossWordsSegmentsAndBlocks() {
        for (double p : new double[] {0.5, 0.3}) {
            boolean[] bits = grows(new SignPerturbation(0.1, p), DataType.FLOAT, N, rng(14));
            for (int lag : new int[] {1, 2, 3, 31, 32, 33, 63, 64, 65, SignDraw.SEGMENT - 1, SignDraw.SEGMENT,
                SignDraw.SEGMENT + 1, 2 * SignDraw.SEGMENT, SignDraw.BLOCK}) {
                int n = N - lag;
                double r = correlation(bits, 0, bits, lag, n);
                assertTrue(Math.abs(r) < 5 / Math.sqrt(n), "p=" + p + ", lag " + lag + ": correlation " + r);
            }
        }
    }

    @Test
    void patternsOfEightNeighboursAreUniform() {
        boolean[] bits = grows(new SignPerturbation(0.1), DataType.FLOAT, N, rng(15));
        long[] cells = new long[256];
        for (int i = 0; i + 8 <= N; i += 8) {
            int pattern = 0;
            for (int k = 0; k < 8; k++) {
                pattern = pattern << 1 | (bits[i + k] ? 1 : 0);
            }
            cells[pattern]++;
        }
        double expected = N / 8.0 / 256;
        double chiSquare = 0;
        for (long c : cells) {
            chiSquare += (c - expected) * (c - expected) / expected;
        }
        // 255 degrees of freedom: mean 255, standard deviation sqrt(510).
        assertTrue(chiSquare < 255 + 5 * Math.sqrt(510), "chi-square " + chiSquare);
    }

    @Test
    void successiveCallsAreIndependent() {
        for (double p : new double[] {0.5, 0.3}) {
            SignPerturbation perturbation = new SignPerturbation(0.1, p);
            Random random = rng(16);
            boolean[] first = grows(perturbation, DataType.FLOAT, N, random);
            boolean[] second = grows(perturbation, DataType.FLOAT, N, random);
            double r = correlation(first, 0, second, 0, N);
            assertTrue(Math.abs(r) < 5 / Math.sqrt(N), "p=" + p + ": correlation of two calls " + r);
            // A shifted copy of the previous draw would pass the test above; no shift may match well.
            for (int shift : new int[] {1, 64, SignDraw.SEGMENT, SignDraw.BLOCK}) {
                double shifted = correlation(first, shift, second, 0, N - shift);
                assertTrue(Math.abs(shifted) < 5 / Math.sqrt(N - shift), "p=" + p + ", shift " + shift);
            }
        }
    }
}
