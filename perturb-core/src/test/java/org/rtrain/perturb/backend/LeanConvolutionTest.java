package org.rtrain.perturb.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.layers.convolution.ConvolutionHelper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.ops.transforms.Transforms;

class LeanConvolutionTest {

    private static final int BATCH = 8;

    /** What builds a convolution layer: DL4J's builder or LeanConvolution's, with the kernel size given. */
    private interface ConvolutionBuilder extends Function<int[], ConvolutionLayer.Builder> {
    }

    private static final ConvolutionBuilder DL4J = ConvolutionLayer.Builder::new;
    private static final ConvolutionBuilder LEAN = LeanConvolution.Builder::new;

    /** The first convolution's geometry. */
    private record Geometry(ConvolutionMode mode, int stride, int padding, int dilation) {
        static final Geometry PLAIN = new Geometry(ConvolutionMode.Truncate, 1, 0, 1);
    }

    private static final Geometry[] GEOMETRIES = {Geometry.PLAIN, new Geometry(ConvolutionMode.Truncate, 2, 0, 1),
        new Geometry(ConvolutionMode.Same, 2, 0, 1), new Geometry(ConvolutionMode.Truncate, 1, 2, 2),
        new Geometry(ConvolutionMode.Same, 1, 0, 2)};

    /** A LeNet-like network: two convolutions (the first as given), max-pooling, dense, softmax. */
    private static MultiLayerConfiguration configuration(ConvolutionBuilder convolution, CNN2DFormat format,
                                                         int channels, Activation firstActivation, Geometry first) {
        return new NeuralNetConfiguration.Builder().seed(7).weightInit(WeightInit.XAVIER)
                .updater(new Nesterovs(0.05, 0.9)).l2(5e-4)
                .list()
                .layer(convolution.apply(new int[] {3, 3}).nOut(6).stride(first.stride(), first.stride())
                        .padding(first.padding(), first.padding()).dilation(first.dilation(), first.dilation())
                        .convolutionMode(first.mode())
                        // libnd4j's oneDNN 2.3 has no dilated forward for some of these shapes: DL4J's own then.
                        .activation(firstActivation).dataFormat(format).cudnnAllowFallback(first.dilation() > 1)
                        .build())
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                        .dataFormat(format).cudnnAllowFallback(false).build())
                .layer(convolution.apply(new int[] {3, 3}).nOut(5).activation(Activation.IDENTITY)
                        .dataFormat(format).cudnnAllowFallback(false).build())
                .layer(new DenseLayer.Builder().nOut(12).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(4)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(16, 16, channels, format))
                .build();
    }

    private static MultiLayerNetwork network(MultiLayerConfiguration conf) {
        NativeFastPath.enable();
        MultiLayerNetwork network = new MultiLayerNetwork(conf);
        network.init();
        return network;
    }

    private static DataSet batch(CNN2DFormat format, int channels, long seed) {
        Nd4j.getRandom().setSeed(seed);
        long[] shape = format == CNN2DFormat.NHWC ? new long[] {BATCH, 16, 16, channels}
                : new long[] {BATCH, channels, 16, 16};
        INDArray features = Nd4j.rand(DataType.FLOAT, shape);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, BATCH, 4);
        for (int i = 0; i < BATCH; i++) {
            labels.putScalar(i, (i * 3 + seed) % 4, 1);
        }
        return new DataSet(features, labels);
    }

    @Test
    void trainsBitForBitAsDl4jsConvolution() {
        for (CNN2DFormat format : CNN2DFormat.values()) {
            for (Activation activation : new Activation[] {Activation.IDENTITY, Activation.RELU}) {
                MultiLayerNetwork stock = network(configuration(DL4J, format, 1, activation, Geometry.PLAIN));
                MultiLayerNetwork lean = network(configuration(LEAN, format, 1, activation, Geometry.PLAIN));
                assertTrue(NativeFastPath.layersOffFastPath(lean).isEmpty());
                assertEquals(stock.params(), lean.params());
                for (int step = 0; step < 5; step++) {
                    DataSet data = batch(format, 1, step);
                    stock.fit(data);
                    lean.fit(data);
                }
                assertEquals(stock.params(), lean.params(), format + " " + activation + ": parameters differ");
                assertEquals(stock.score(), lean.score(), 0.0);
            }
        }
    }

    @Test
    void skipsTheRecomputedForwardConvolution() {
        MultiLayerNetwork lean = network(configuration(LEAN, CNN2DFormat.NHWC, 1, Activation.IDENTITY,
                Geometry.PLAIN));
        AtomicInteger forwardConvolutions = new AtomicInteger();
        for (int i : new int[] {0, 2}) {
            countForwardConvolutions(lean.getLayer(i), forwardConvolutions);
        }
        lean.fit(batch(CNN2DFormat.NHWC, 1, 3));
        // The forward pass runs each convolution once; DL4J's backward pass would run each a second time.
        assertEquals(2, forwardConvolutions.get());
    }

    /** Wraps the layer's native helper so that each forward convolution it runs counts. */
    private static void countForwardConvolutions(org.deeplearning4j.nn.api.Layer layer, AtomicInteger count) {
        try {
            Field field = org.deeplearning4j.nn.layers.convolution.ConvolutionLayer.class.getDeclaredField("helper");
            field.setAccessible(true);
            ConvolutionHelper helper = (ConvolutionHelper) field.get(layer);
            assertNotNull(helper, "no native helper");
            field.set(layer, Proxy.newProxyInstance(ConvolutionHelper.class.getClassLoader(),
                    new Class<?>[] {ConvolutionHelper.class}, (proxy, method, args) -> {
                        if (method.getName().equals("preOutput")) {
                            count.incrementAndGet();
                        }
                        try {
                            return method.invoke(helper, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    }));
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void withoutInputGradientMatchesTheFullGradientToFloatRounding() {
        for (CNN2DFormat format : CNN2DFormat.values()) {
            for (int channels : new int[] {1, 3}) {
                for (Geometry geometry : GEOMETRIES) {
                    for (Activation activation : new Activation[] {Activation.IDENTITY, Activation.TANH}) {
                        String what = format + ", " + channels + " channels, " + geometry + ", " + activation;
                        MultiLayerNetwork full = network(configuration(LEAN, format, channels, activation, geometry));
                        MultiLayerConfiguration leanConf = configuration(LEAN, format, channels, activation, geometry);
                        ((LeanConvolution) leanConf.getConf(0).getLayer()).setInputGradient(false);
                        MultiLayerNetwork lean = network(leanConf);
                        DataSet data = batch(format, channels, 11);
                        INDArray fullGradient = gradient(full, data);
                        INDArray leanGradient = gradient(lean, data);
                        assertEquals(full.score(), lean.score(), 1e-6, what);
                        double scale = fullGradient.norm2Number().doubleValue();
                        double difference = Transforms.abs(fullGradient.sub(leanGradient)).maxNumber().doubleValue();
                        assertTrue(difference <= 1e-5 * scale, what + ": max difference " + difference
                                + " against a gradient of norm " + scale);
                        assertTrue(scale > 0, what);
                    }
                }
            }
        }
    }

    private static INDArray gradient(MultiLayerNetwork network, DataSet data) {
        network.setInput(data.getFeatures());
        network.setLabels(data.getLabels());
        network.computeGradientAndScore();
        return network.getGradientsViewArray().dup();
    }

    @Test
    void withoutInputGradientTrainsClosely() {
        MultiLayerNetwork full = network(configuration(LEAN, CNN2DFormat.NHWC, 1, Activation.IDENTITY,
                Geometry.PLAIN));
        MultiLayerConfiguration leanConf = configuration(LEAN, CNN2DFormat.NHWC, 1, Activation.IDENTITY,
                Geometry.PLAIN);
        ((LeanConvolution) leanConf.getConf(0).getLayer()).setInputGradient(false);
        MultiLayerNetwork lean = network(leanConf);
        for (int step = 0; step < 10; step++) {
            DataSet data = batch(CNN2DFormat.NHWC, 1, step);
            full.fit(data);
            lean.fit(data);
        }
        double difference = Transforms.abs(full.params().sub(lean.params())).maxNumber().doubleValue();
        assertTrue(difference < 1e-4, "parameters after 10 steps differ by up to " + difference);
    }

    @Test
    void withoutInputGradientReturnsNoneAndOnlyAsTheFirstLayer() {
        MultiLayerConfiguration leanConf = configuration(LEAN, CNN2DFormat.NHWC, 1, Activation.IDENTITY,
                Geometry.PLAIN);
        ((LeanConvolution) leanConf.getConf(0).getLayer()).setInputGradient(false);
        DataSet data = batch(CNN2DFormat.NHWC, 1, 1);
        MultiLayerNetwork lean = network(leanConf);
        assertNull(lean.calculateGradients(data.getFeatures(), data.getLabels(), null, null).getSecond());

        MultiLayerConfiguration second = configuration(LEAN, CNN2DFormat.NHWC, 1, Activation.IDENTITY,
                Geometry.PLAIN);
        ((LeanConvolution) second.getConf(2).getLayer()).setInputGradient(false);
        IllegalStateException misplaced = assertThrows(IllegalStateException.class, () -> network(second));
        assertTrue(misplaced.getMessage().contains("first layer"), misplaced.getMessage());
    }

    @Test
    void withInputGradientGivesACopyWithItOn() {
        LeanConvolution lean = (LeanConvolution) new LeanConvolution.Builder(5, 5).nIn(1).nOut(2).build();
        assertSame(lean, LeanConvolution.withInputGradient(lean));
        lean.setInputGradient(false);
        LeanConvolution on = (LeanConvolution) LeanConvolution.withInputGradient(lean);
        assertTrue(on.isInputGradient());
        assertFalse(lean.isInputGradient());
        ConvolutionLayer stock = new ConvolutionLayer.Builder(5, 5).nIn(1).nOut(2).build();
        assertSame(stock, LeanConvolution.withInputGradient(stock));
    }

    @Test
    void roundTripsThroughJson() {
        MultiLayerConfiguration conf = configuration(LEAN, CNN2DFormat.NHWC, 1, Activation.IDENTITY,
                Geometry.PLAIN);
        ((LeanConvolution) conf.getConf(0).getLayer()).setInputGradient(false);
        String json = conf.toJson();
        assertTrue(json.contains(LeanConvolution.class.getName()), json);
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(json);
        assertEquals(conf, back);
        LeanConvolution first = assertInstanceOf(LeanConvolution.class, back.getConf(0).getLayer());
        assertFalse(first.isInputGradient());
        assertTrue(((LeanConvolution) back.getConf(2).getLayer()).isInputGradient());
        assertEquals(CNN2DFormat.NHWC, first.getCnn2dDataFormat());
        assertNotNull(network(back).getLayer(0));
    }
}
