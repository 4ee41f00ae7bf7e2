package org.rtrain.experiments;

import java.io.PrintStream;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.rtrain.datasets.ImageSplit;
import org.rtrain.datasets.MiniBatches;
import org.rtrain.models.LeNet;
import org.rtrain.models.LeNetOptions;
import org.rtrain.models.PerturbationSettings;
import org.rtrain.perturb.backend.NativeFastPath;

/**
 * LeNet training throughput with DL4J's stock set-up (its default NCHW layout, layer helpers off:
 * im2col + gemm) and with this project's default (NHWC, convolution and pooling on libnd4j's oneDNN
 * kernels), measured one after the other in the same process on the same images, and their ratio.
 */
public final class ThroughputBench {

    /** Images per second of both set-ups. */
    public record Measurement(double stockImagesPerSecond, double projectImagesPerSecond) {

        public double ratio() {
            return projectImagesPerSecond / stockImagesPerSecond;
        }
    }

    private ThroughputBench() {
    }

    /** Measures {@code iterations} training steps at batch size {@code batchSize} after as many warm-up steps. */
    public static Measurement measure(ImageSplit train, int batchSize, int iterations, PrintStream out) {
        // The stock network must be created while helpers are disabled; the property is read per layer.
        LeNetOptions projectOptions = LeNetOptions.mnist(PerturbationSettings.none(), 1);
        LeNetOptions stockOptions = projectOptions.withDataFormat(CNN2DFormat.NCHW);
        System.setProperty(NativeFastPath.HELPERS_DISABLE_PROPERTY, "true");
        MultiLayerNetwork stock = LeNet.network(stockOptions);
        System.clearProperty(NativeFastPath.HELPERS_DISABLE_PROPERTY);
        MultiLayerNetwork project = LeNet.network(projectOptions);
        List<String> stockOff = NativeFastPath.layersOffFastPath(stock);
        NativeFastPath.requireOnFastPath(project);
        out.println("stock set-up (NCHW), layers on im2col + gemm: " + stockOff);
        out.println("project set-up (NHWC): every convolution and pooling layer on oneDNN");

        // DL4J's Java code and ND4J's workspaces take a few hundred steps to reach a steady state.
        int warmup = Math.max(50, iterations);
        double stockRate = imagesPerSecond(stock, new MiniBatches(train, Integer.MAX_VALUE, false), batchSize, warmup,
                iterations);
        double projectRate = imagesPerSecond(project, new MiniBatches(train, Integer.MAX_VALUE, true), batchSize,
                warmup, iterations);
        return new Measurement(stockRate, projectRate);
    }

    private static double imagesPerSecond(MultiLayerNetwork network, MiniBatches batches, int batchSize, int warmup,
                                          int iterations) {
        Iterator<DataSet> it = batches.shuffled(batchSize, 42);
        for (int i = 0; i < warmup; i++) {
            it = fitNext(network, batches, batchSize, it);
        }
        long images = 0;
        long start = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            images += batchSize;
            it = fitNext(network, batches, batchSize, it);
        }
        return images / ((System.nanoTime() - start) / 1e9);
    }

    private static Iterator<DataSet> fitNext(MultiLayerNetwork network, MiniBatches batches, int batchSize,
                                             Iterator<DataSet> it) {
        Iterator<DataSet> source = it.hasNext() ? it : batches.shuffled(batchSize, 43);
        DataSet batch = source.next();
        while (batch.numExamples() < batchSize) {
            source = batches.shuffled(batchSize, 44);
            batch = source.next();
        }
        network.fit(batch);
        return source;
    }

    /** Prints the measurement as a table. */
    public static void print(Measurement m, String dataset, int batchSize, PrintStream out) {
        out.printf(Locale.ROOT, "%nLeNet training throughput, %s, batch %d, %d cores (%s), OMP_WAIT_POLICY=%s%n",
                dataset, batchSize, Runtime.getRuntime().availableProcessors(),
                Provenance.environment().get("cpu.model"), System.getenv().getOrDefault("OMP_WAIT_POLICY", "(unset)"));
        out.printf(Locale.ROOT, "  DL4J stock (NCHW, helpers off: im2col + gemm): %,8.0f images/s%n",
                m.stockImagesPerSecond());
        out.printf(Locale.ROOT, "  project default (NHWC, oneDNN helpers):        %,8.0f images/s%n",
                m.projectImagesPerSecond());
        out.printf(Locale.ROOT, "  ratio project / stock:                          %8.2f%n", m.ratio());
    }
}
