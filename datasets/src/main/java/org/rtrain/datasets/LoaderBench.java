package org.rtrain.datasets;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import com.sun.management.OperatingSystemMXBean;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.nd4j.linalg.dataset.DataSet;
import org.rtrain.datasets.image.ImageTransform;
import org.rtrain.datasets.transform.RandomErasing;

/**
 * Loader throughput in images per second, with augmentation on, for CIFAR-format and ImageNet-format
 * data generated in a scratch directory, as {@code LoaderBenchIT} prints it in {@code mvn verify}, to show
 * the loader keeps ahead of training (targets: 10,000 images/s for CIFAR; five times the training throughput of
 * the model for ImageNet).
 *
 * <p>CIFAR: 10,000 images in the official binary format, read into memory, pad-crop, flip and random
 * erasing, batches of 128 in NHWC. ImageNet: JPEGs of 500x375 (the typical ILSVRC2012 size) in
 * class folders (about 65 KB each), decoded through DataVec, random-resized crop to 224 and flip, batches of 32. The
 * first epoch warms up (JIT, native libraries, page cache) and is not timed.
 */
public final class LoaderBench {

    /**
     * One measurement. On a machine shared with other work the wall-clock rate varies from epoch to
     * epoch, so the median and the best epoch are both given, and the CPU time the process spent per
     * image (all threads, garbage collection included), which load on the machine changes little.
     *
     * @param format              what was loaded
     * @param images              images timed, over all timed epochs
     * @param threads             worker threads
     * @param imagesPerSecond     images delivered per second of wall time, median over the timed epochs
     * @param bestImagesPerSecond the fastest timed epoch
     * @param cpuMicrosPerImage   process CPU time per image delivered, in microseconds
     */
    public record Throughput(String format, long images, int threads, double imagesPerSecond,
                             double bestImagesPerSecond, double cpuMicrosPerImage) {

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%-44s %d threads: %,9.0f images/s median, %,9.0f best, %,8.1f CPU us/image"
                    + " (%,d images)", format, threads, imagesPerSecond, bestImagesPerSecond, cpuMicrosPerImage, images);
        }
    }

    private static final int CIFAR_IMAGES = 10_000;
    private static final int IMAGENET_IMAGES = 320;

    private LoaderBench() {
    }

    /** Measures both formats with {@code threads} workers in a scratch directory under {@code workDirectory}. */
    public static List<Throughput> measure(Path workDirectory, int threads, PrintStream out) {
        Path scratch;
        try {
            Files.createDirectories(workDirectory);
            scratch = Files.createTempDirectory(workDirectory, "loader-bench");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a scratch directory under " + workDirectory, e);
        }
        try {
            Throughput cifar = measureCifar(scratch.resolve("cifar"), threads, 7);
            out.println(cifar);
            Throughput imagenet = measureImageNet(scratch.resolve("imagenet"), threads, 5);
            out.println(imagenet);
            return List.of(cifar, imagenet);
        } finally {
            delete(scratch);
        }
    }

    /** CIFAR-10-format throughput over {@code epochs} timed epochs of 10,000 images. */
    public static Throughput measureCifar(Path directory, int threads, int epochs) {
        SplittableRandom random = new SplittableRandom(1);
        try {
            Files.createDirectories(directory);
            int perFile = CIFAR_IMAGES / 5;
            for (CifarDataset.BinFile file : CifarDataset.CIFAR_10.files(DatasetSplit.TRAIN)) {
                byte[] records = new byte[perFile * CifarDataset.CIFAR_10.recordBytes()];
                random.nextBytes(records);
                for (int r = 0; r < perFile; r++) {
                    records[r * CifarDataset.CIFAR_10.recordBytes()] = (byte) random.nextInt(10);
                }
                Files.write(directory.resolve(file.name()), records);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LabelledImages train = CifarDataset.CIFAR_10.read(directory, DatasetSplit.TRAIN, Verification.STRUCTURE_ONLY);
        ImageTransform augmentation = CifarDataset.CIFAR_10.standardAugmentation().andThen(RandomErasing.zhong2017());
        return time("CIFAR-10 binary, crop+flip+erasing, batch 128", train, augmentation,
                BatchLoaderOptions.of(128, CNN2DFormat.NHWC).withThreads(threads), epochs);
    }

    /** ImageNet-format throughput over {@code epochs} timed epochs of 320 JPEGs. */
    public static Throughput measureImageNet(Path directory, int threads, int epochs) {
        SplittableRandom random = new SplittableRandom(2);
        try {
            for (int i = 0; i < IMAGENET_IMAGES; i++) {
                Path file = directory.resolve("train").resolve(String.format("n%08d", i % 10))
                        .resolve("image_" + i + ".JPEG");
                Files.createDirectories(file.getParent());
                ImageIO.write(picture(random), "jpg", file.toFile());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ImageDataset imagenet = ImageNetDataset.standard();
        LabelledImages train = imagenet.read(directory, DatasetSplit.TRAIN, Verification.STRUCTURE_ONLY);
        return time("ImageNet JPEG 500x375, rrc224+flip, batch 32", train, imagenet.standardAugmentation(),
                BatchLoaderOptions.of(32, CNN2DFormat.NHWC).withThreads(threads), epochs);
    }

    /**
     * A 500x375 picture with smooth shading and strong texture: about 65 KB as a JPEG, near the
     * 110 KB of an average ILSVRC2012 image, so that decoding costs about what it costs there.
     */
    private static BufferedImage picture(SplittableRandom random) {
        BufferedImage image = new BufferedImage(500, 375, BufferedImage.TYPE_INT_RGB);
        double phase = random.nextDouble() * 6;
        for (int y = 0; y < 375; y++) {
            for (int x = 0; x < 500; x++) {
                int r = (int) (128 + 80 * Math.sin(x * 0.03 + phase)) + random.nextInt(96) - 48;
                int g = (int) (128 + 80 * Math.cos(y * 0.02 + phase)) + random.nextInt(96) - 48;
                int b = (x * y / 800 + random.nextInt(96)) & 0xff;
                image.setRGB(x, y, clamp(r) << 16 | clamp(g) << 8 | b);
            }
        }
        return image;
    }

    private static int clamp(int value) {
        return Math.max(0, Math.min(255, value));
    }

    private static Throughput time(String format, LabelledImages images, ImageTransform transform,
                                   BatchLoaderOptions options, int epochs) {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (BatchLoader loader = new BatchLoader(images, transform, options)) {
            drain(loader.epoch(0, 0));
            double[] rates = new double[epochs];
            long count = 0;
            long cpuStart = os.getProcessCpuTime();
            for (int epoch = 1; epoch <= epochs; epoch++) {
                long start = System.nanoTime();
                long delivered = drain(loader.epoch(0, epoch));
                rates[epoch - 1] = delivered / ((System.nanoTime() - start) / 1e9);
                count += delivered;
            }
            double cpuMicros = (os.getProcessCpuTime() - cpuStart) / 1e3 / count;
            double[] sorted = rates.clone();
            java.util.Arrays.sort(sorted);
            return new Throughput(format, count, options.threads(), sorted[epochs / 2], sorted[epochs - 1], cpuMicros);
        }
    }

    /** Counts the examples and frees the batches at once, as a training step that has used them would. */
    private static long drain(EpochBatches batches) {
        long count = 0;
        try (batches) {
            while (batches.hasNext()) {
                DataSet batch = batches.next();
                count += batch.numExamples();
                batch.getFeatures().close();
                batch.getLabels().close();
            }
        }
        return count;
    }

    private static void delete(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the scratch directory " + root, e);
        }
    }

    /** Prints the throughput of both formats: {@code LoaderBench [threads] [work directory]}. */
    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        Path work = args.length > 1 ? Path.of(args[1]) : Path.of(System.getProperty("java.io.tmpdir"));
        System.out.println("Loader throughput (" + Runtime.getRuntime().availableProcessors() + " cores):");
        measure(work, threads, System.out);
    }
}
