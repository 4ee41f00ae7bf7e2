package org.rtrain.attacks.disturbance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.DoublePredicate;
import java.util.function.IntFunction;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.rtrain.attacks.AttackFixtures;

class DisturbanceTest {

    private static final double TOLERANCE = 1e-12;

    /** {@code copies} copies of {@code image} ([channel][row][column]) as an NCHW batch in double precision. */
    private static INDArray batchOf(double[][][] image, int copies) {
        INDArray one = Nd4j.create(image).reshape(1, image.length, image[0].length, image[0][0].length);
        return Nd4j.repeat(one, copies).reshape(copies, image.length, image[0].length, image[0][0].length).dup();
    }

    /**
     * The share of {@code copies} copies of {@code image}, disturbed as one NCHW batch drawing from {@code seed},
     * whose top-left pixel of channel 0 passes {@code test}.
     */
    private static double shareWhereTopLeftPixel(Disturbance disturbance, double[][][] image, int copies, long seed,
                                                 DoublePredicate test) {
        INDArray out = disturbance.apply(batchOf(image, copies), CNN2DFormat.NCHW, new SplittableRandom(seed));
        double[] topLeft = out.get(NDArrayIndex.all(), NDArrayIndex.point(0), NDArrayIndex.point(0),
                NDArrayIndex.point(0)).toDoubleVector();
        return Arrays.stream(topLeft).filter(test).count() / (double) copies;
    }

    /** Image {@code i} of an NCHW batch as [channel][row][column]. */
    private static double[][][] imageAt(INDArray batch, int i) {
        INDArray image = batch.get(NDArrayIndex.point(i)).dup();
        double[][][] out = new double[(int) image.size(0)][(int) image.size(1)][(int) image.size(2)];
        for (int c = 0; c < out.length; c++) {
            out[c] = image.get(NDArrayIndex.point(c)).toDoubleMatrix();
        }
        return out;
    }

    private static void assertImageEquals(double[][][] expected, double[][][] actual) {
        assertEquals(expected.length, actual.length, "channels");
        for (int c = 0; c < expected.length; c++) {
            for (int y = 0; y < expected[c].length; y++) {
                assertArrayEquals(expected[c][y], actual[c][y], TOLERANCE, "channel " + c + ", row " + y);
            }
        }
    }

    private static boolean imageEquals(double[][][] expected, double[][][] actual) {
        try {
            assertImageEquals(expected, actual);
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }

    /** Which of {@code candidates} each image of {@code batch} is; fails on an image that is none of them. */
    private static Set<Integer> classify(INDArray batch, int candidateCount, IntFunction<double[][][]> candidates) {
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < batch.size(0); i++) {
            double[][][] image = imageAt(batch, i);
            int match = -1;
            for (int k = 0; k < candidateCount && match < 0; k++) {
                if (imageEquals(candidates.apply(k), image)) {
                    match = k;
                }
            }
            assertTrue(match >= 0, "image " + i + " is none of the expected outcomes");
            seen.add(match);
        }
        return seen;
    }

    private static final double[][][] THREE_BY_THREE = {{{0.1, 0.2, 0.3}, {0.4, 0.5, 0.6}, {0.7, 0.8, 0.9}}};

    @Test
    void randomCropPadsWithZerosAndCutsAWindowAtEveryOffset() {
        assertImageEquals(new double[][][] {{{0, 0, 0}, {0.2, 0.3, 0}, {0.5, 0.6, 0}}},
                RandomCropDisturbance.crop(THREE_BY_THREE, 1, 0, 2));
        assertImageEquals(THREE_BY_THREE, RandomCropDisturbance.crop(THREE_BY_THREE, 1, 1, 1));
        assertImageEquals(new double[][][] {{{0.5, 0.6, 0}, {0.8, 0.9, 0}, {0, 0, 0}}},
                RandomCropDisturbance.crop(THREE_BY_THREE, 1, 2, 2));

        RandomCropDisturbance crop = new RandomCropDisturbance(1 / 3.0);
        assertEquals(1, crop.padding(3, 3));
        INDArray out = crop.apply(batchOf(THREE_BY_THREE, 300), CNN2DFormat.NCHW, new SplittableRandom(1));
        Set<Integer> offsets = classify(out, 9, k -> RandomCropDisturbance.crop(THREE_BY_THREE, 1, k / 3, k % 3));
        assertEquals(9, offsets.size(), "every offset (top, left) in [0, 2]^2 should occur: " + offsets);

        RandomCropDisturbance standard = RandomCropDisturbance.standard();
        assertEquals(List.of(4, 4, 28, 37, 41), List.of(standard.padding(28, 28), standard.padding(32, 32),
                standard.padding(224, 224), standard.padding(299, 299), standard.padding(331, 331)));
    }

    @Test
    void randomHorizontalFlipMirrorsWithItsProbability() {
        assertImageEquals(new double[][][] {{{0.3, 0.2, 0.1}, {0.6, 0.5, 0.4}, {0.9, 0.8, 0.7}}},
                RandomHorizontalFlipDisturbance.flip(THREE_BY_THREE));
        INDArray batch = batchOf(THREE_BY_THREE, 4);
        INDArray always = new RandomHorizontalFlipDisturbance(1.0).apply(batch, CNN2DFormat.NCHW,
                new SplittableRandom(2));
        assertEquals(Set.of(1), classify(always, 2,
                k -> k == 0 ? THREE_BY_THREE : RandomHorizontalFlipDisturbance.flip(THREE_BY_THREE)));
        assertEquals(batch, new RandomHorizontalFlipDisturbance(0.0).apply(batch, CNN2DFormat.NCHW,
                new SplittableRandom(2)));

        double flipped = shareWhereTopLeftPixel(RandomHorizontalFlipDisturbance.standard(), THREE_BY_THREE, 2000, 3,
                pixel -> pixel == 0.3);
        // Binomial(2000, 0.5): standard deviation 0.011.
        assertEquals(0.5, flipped, 0.045, "share flipped");
    }

    private static final double[][][] TWO_RGB_PIXELS = {{{1.0, 0.2}}, {{0.0, 0.4}}, {{0.0, 0.6}}};

    @Test
    void randomGrayscaleUsesTheItuR601Luma() {
        double red = 0.299;
        double mixed = 0.299 * 0.2 + 0.587 * 0.4 + 0.114 * 0.6;
        assertEquals(0.363, mixed, TOLERANCE);
        double[][][] grey = {{{red, mixed}}, {{red, mixed}}, {{red, mixed}}};
        assertImageEquals(grey, RandomGrayscaleDisturbance.grayscale(TWO_RGB_PIXELS));
        INDArray always = new RandomGrayscaleDisturbance(1.0).apply(batchOf(TWO_RGB_PIXELS, 3), CNN2DFormat.NCHW,
                new SplittableRandom(4));
        assertEquals(Set.of(0), classify(always, 1, k -> grey));
        INDArray greyBatch = batchOf(THREE_BY_THREE, 3);
        assertEquals(greyBatch, new RandomGrayscaleDisturbance(1.0).apply(greyBatch, CNN2DFormat.NCHW,
                new SplittableRandom(4)), "a 1-channel image is already grey");

        double share = shareWhereTopLeftPixel(RandomGrayscaleDisturbance.standard(), TWO_RGB_PIXELS, 3000, 5,
                pixel -> pixel < 0.5);
        // Binomial(3000, 0.1): standard deviation 0.0055.
        assertEquals(0.1, share, 0.02, "share turned grey");
    }

    @Test
    void colourAdjustmentsFollowTorchvisionsFormulas() {
        double[][][] grey = {{{0.2, 0.8}}};
        assertImageEquals(new double[][][] {{{0.3, 1.0}}}, RandomColorDisturbance.adjustBrightness(grey, 1.5));
        // Contrast blends with the mean luma of the whole image: 0.4 here, and (0.299 + 0.114) / 2 below.
        assertImageEquals(new double[][][] {{{0.3, 0.5}}},
                RandomColorDisturbance.adjustContrast(new double[][][] {{{0.2, 0.6}}}, 0.5));
        double[][][] redAndBlue = {{{1.0, 0.0}}, {{0.0, 0.0}}, {{0.0, 1.0}}};
        double meanLuma = (0.299 + 0.114) / 2;
        assertImageEquals(new double[][][] {{{meanLuma, meanLuma}}, {{meanLuma, meanLuma}}, {{meanLuma, meanLuma}}},
                RandomColorDisturbance.adjustContrast(redAndBlue, 0.0));
        // Saturation blends with the pixel's own luma (0.363 for (0.2, 0.4, 0.6)).
        double[][][] pixel = {{{0.2}}, {{0.4}}, {{0.6}}};
        assertImageEquals(new double[][][] {{{0.037}}, {{0.437}}, {{0.837}}},
                RandomColorDisturbance.adjustSaturation(pixel, 2.0));
        assertImageEquals(RandomGrayscaleDisturbance.grayscale(pixel),
                RandomColorDisturbance.adjustSaturation(pixel, 0.0));
        assertImageEquals(grey, RandomColorDisturbance.adjustSaturation(grey, 0.0));
        // Hue: red turned by a third is green, by a half cyan; (0.2, 0.4, 0.6) by a half is (0.6, 0.4, 0.2).
        double[][][] red = {{{1.0}}, {{0.0}}, {{0.0}}};
        assertImageEquals(new double[][][] {{{0.0}}, {{1.0}}, {{0.0}}}, RandomColorDisturbance.adjustHue(red, 1 / 3.0));
        assertImageEquals(new double[][][] {{{0.0}}, {{1.0}}, {{1.0}}}, RandomColorDisturbance.adjustHue(red, 0.5));
        assertImageEquals(new double[][][] {{{0.6}}, {{0.4}}, {{0.2}}}, RandomColorDisturbance.adjustHue(pixel, 0.5));
        assertImageEquals(pixel, RandomColorDisturbance.adjustHue(pixel, 1.0));
        double[][][] greyRgb = {{{0.3}}, {{0.3}}, {{0.3}}};
        assertImageEquals(greyRgb, RandomColorDisturbance.adjustHue(greyRgb, 0.25));
        assertImageEquals(grey, RandomColorDisturbance.adjustHue(grey, 0.25));
    }

    @Test
    void randomColorDrawsOneFactorPerImageInTheStrengthRange() {
        double[][][] dim = {{{0.1, 0.2}, {0.3, 0.6}}};
        INDArray batch = batchOf(dim, 200);
        assertEquals(batch, new RandomColorDisturbance(0, 0, 0, 0).apply(batch, CNN2DFormat.NCHW,
                new SplittableRandom(6)));
        INDArray out = new RandomColorDisturbance(0.5, 0, 0, 0).apply(batch, CNN2DFormat.NCHW, new SplittableRandom(6));
        Set<Long> factors = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            double[][][] image = imageAt(out, i);
            double factor = image[0][0][0] / 0.1;
            assertTrue(factor >= 0.5 && factor <= 1.5, "brightness factor " + factor + " outside [0.5, 1.5]");
            assertImageEquals(RandomColorDisturbance.adjustBrightness(dim, factor), image);
            factors.add(Math.round(factor * 1e9));
        }
        assertTrue(factors.size() > 190, "each image should draw its own factor: " + factors.size() + " distinct");
    }

    private static final double[][][] FOUR_BY_FOUR = new double[1][4][4];

    static {
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                FOUR_BY_FOUR[0][y][x] = (4 * y + x) / 15.0;
            }
        }
    }

    @Test
    void fiveCropCutsTorchvisionsFiveRegionsAndResizesBilinearly() {
        double[][][] expectedTopLeft = {{{0, 1 / 15.0}, {4 / 15.0, 5 / 15.0}}};
        assertImageEquals(expectedTopLeft, RandomFiveCropDisturbance.crop(FOUR_BY_FOUR, 2, 2, 0));
        assertImageEquals(new double[][][] {{{2 / 15.0, 3 / 15.0}, {6 / 15.0, 7 / 15.0}}},
                RandomFiveCropDisturbance.crop(FOUR_BY_FOUR, 2, 2, 1));
        assertImageEquals(new double[][][] {{{8 / 15.0, 9 / 15.0}, {12 / 15.0, 13 / 15.0}}},
                RandomFiveCropDisturbance.crop(FOUR_BY_FOUR, 2, 2, 2));
        assertImageEquals(new double[][][] {{{10 / 15.0, 11 / 15.0}, {14 / 15.0, 1.0}}},
                RandomFiveCropDisturbance.crop(FOUR_BY_FOUR, 2, 2, 3));
        assertImageEquals(new double[][][] {{{5 / 15.0, 6 / 15.0}, {9 / 15.0, 10 / 15.0}}},
                RandomFiveCropDisturbance.crop(FOUR_BY_FOUR, 2, 2, 4));
        // Centre offset round((5 - 2) / 2) = round(1.5) = 2, half to even as in Python.
        double[][][] fiveByFive = new double[1][5][5];
        fiveByFive[0][2][2] = 1.0;
        assertEquals(1.0, RandomFiveCropDisturbance.crop(fiveByFive, 2, 2, 4)[0][0][0]);

        // Half-pixel bilinear upsampling of [[0, 1], [2, 3]]: per axis weights (1, 0), (.75, .25), (.25, .75), (0, 1).
        assertImageEquals(new double[][][] {{{0, 0.25, 0.75, 1}, {0.5, 0.75, 1.25, 1.5}, {1.5, 1.75, 2.25, 2.5},
                {2, 2.25, 2.75, 3}}},
                RandomFiveCropDisturbance.resizeBilinear(new double[][][] {{{0, 1}, {2, 3}}}, 4, 4));
        assertImageEquals(FOUR_BY_FOUR, RandomFiveCropDisturbance.resizeBilinear(FOUR_BY_FOUR, 4, 4));

        INDArray out = new RandomFiveCropDisturbance(0.5).apply(batchOf(FOUR_BY_FOUR, 100), CNN2DFormat.NCHW,
                new SplittableRandom(7));
        Set<Integer> crops = classify(out, 5,
                k -> RandomFiveCropDisturbance.resizeBilinear(RandomFiveCropDisturbance.crop(FOUR_BY_FOUR, 2, 2, k),
                        4, 4));
        assertEquals(5, crops.size(), "all five crops should occur: " + crops);
    }

    private static INDArray rgbBatch(long seed) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.FLOAT, 6, 3, 8, 8);
    }

    @Test
    void seededDeterministicInputUntouchedAndTheSameInEitherLayout() {
        INDArray nchw = rgbBatch(8);
        INDArray nhwc = AttackFixtures.channelsLast(nchw);
        INDArray nchwBefore = nchw.dup();
        INDArray nhwcBefore = nhwc.dup();
        for (Disturbance disturbance : List.of(RandomCropDisturbance.standard(),
                RandomHorizontalFlipDisturbance.standard(), new RandomGrayscaleDisturbance(0.5),
                RandomColorDisturbance.standard(), RandomFiveCropDisturbance.standard())) {
            String name = disturbance.name();
            INDArray out = disturbance.apply(nchw, CNN2DFormat.NCHW, new SplittableRandom(9));
            assertEquals(nchwBefore, nchw, name + " mutated its input");
            assertEquals(DataType.FLOAT, out.dataType(), name);
            assertArrayEquals(nchw.shape(), out.shape(), name);
            assertEquals(out, disturbance.apply(nchw, CNN2DFormat.NCHW, new SplittableRandom(9)), name + " not seeded");
            assertNotEquals(out, disturbance.apply(nchw, CNN2DFormat.NCHW, new SplittableRandom(10)),
                    name + " ignores its seed");
            assertNotEquals(nchw, out, name + " did nothing to six random images");
            assertTrue(out.minNumber().doubleValue() >= 0 && out.maxNumber().doubleValue() <= 1, name + " left [0, 1]");
            INDArray channelsLast = disturbance.apply(nhwc, CNN2DFormat.NHWC, new SplittableRandom(9));
            assertEquals(nhwcBefore, nhwc, name + " mutated its NHWC input");
            assertTrue(AttackFixtures.channelsLast(out).equalsWithEps(channelsLast, 1e-6),
                    name + " differs between NCHW and NHWC");
        }
    }

    @Test
    void greyImagesWorkAndOtherChannelCountsAreRefusedForColour() {
        INDArray grey = AttackFixtures.images(4, 11);
        for (Disturbance disturbance : Disturbance.table1()) {
            INDArray out = disturbance.apply(grey, CNN2DFormat.NCHW, new SplittableRandom(12));
            assertArrayEquals(grey.shape(), out.shape(), disturbance.name());
        }
        INDArray twoChannels = Nd4j.rand(DataType.DOUBLE, 2, 2, 4, 4);
        for (Disturbance colour : List.of(RandomGrayscaleDisturbance.standard(), RandomColorDisturbance.standard())) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> colour.apply(twoChannels, CNN2DFormat.NCHW, new SplittableRandom(1)));
            assertTrue(error.getMessage().contains("1 (grey) or 3 (RGB) channels"), error.getMessage());
        }
        IllegalArgumentException rank = assertThrows(IllegalArgumentException.class,
                () -> RandomCropDisturbance.standard().apply(Nd4j.rand(DataType.DOUBLE, 2, 16), CNN2DFormat.NHWC,
                        new SplittableRandom(1)));
        assertTrue(rank.getMessage().contains("[batch, height, width, channels]"), rank.getMessage());
    }

    @Test
    void namesAreTable1sColumnsAndJsonRoundTrips() throws Exception {
        assertEquals(List.of("random_crop", "random_hflip", "random_grayscale", "random_color", "random_five_crop"),
                Disturbance.table1().stream().map(Disturbance::name).toList());
        ObjectMapper json = new ObjectMapper();
        for (Disturbance disturbance : Disturbance.table1()) {
            String text = json.writeValueAsString(disturbance);
            assertTrue(text.contains("\"type\":\"" + disturbance.name() + "\""), text);
            assertEquals(disturbance, json.readValue(text, Disturbance.class), text);
        }
        assertEquals(new RandomColorDisturbance(0.4, 0.4, 0.4, 0.1), RandomColorDisturbance.standard());
        assertEquals(new RandomFiveCropDisturbance(0.875), RandomFiveCropDisturbance.standard());
        assertThrows(IllegalArgumentException.class, () -> new RandomCropDisturbance(-0.1));
        assertThrows(IllegalArgumentException.class, () -> new RandomHorizontalFlipDisturbance(1.5));
        assertThrows(IllegalArgumentException.class, () -> new RandomGrayscaleDisturbance(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new RandomColorDisturbance(0.4, 0.4, 0.4, 0.6));
        assertThrows(IllegalArgumentException.class, () -> new RandomFiveCropDisturbance(0));
    }
}
