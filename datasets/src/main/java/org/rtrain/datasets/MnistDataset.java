package org.rtrain.datasets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rtrain.datasets.image.ImageTransform;

/**
 * MNIST (LeCun et al. 1998) and Fashion-MNIST (Xiao et al. 2017): 28x28 grey-level images in 10
 * classes, 60,000 for training and 10,000 for testing, in IDX files, plain or gzip-compressed.
 *
 * <p>Checksums: the MD5 of each uncompressed IDX file, as torchvision publishes them. They hold
 * for the official {@code .gz} archives, for re-compressed copies (Debian's
 * {@code dataset-fashion-mnist} package) and for decompressed files alike. A download is also
 * checked against the MD5 of the official archive.
 *
 * <p>Files are looked for under the data root in this project's layout ({@code <root>/mnist},
 * {@code <root>/fashion-mnist}) and in torchvision's ({@code <root>/MNIST/raw},
 * {@code <root>/FashionMNIST/raw}); Fashion-MNIST also in {@code /usr/share/datasets/fashion-mnist}
 * ({@code apt-get install dataset-fashion-mnist}); MNIST also in DL4J's cache
 * ({@code ~/.deeplearning4j/data/MNIST}, where {@code MnistDataSetIterator} leaves it).
 *
 * <p>Normalisation statistics: MNIST mean 0.1307, std 0.3081 (PyTorch's {@code examples/mnist});
 * Fashion-MNIST mean 0.2860, std 0.3530, computed over the 47,040,000 training pixels of the official
 * files (a test checks them against the installed copy). No augmentation is standard for either.
 */
public enum MnistDataset implements DownloadableDataset {

    MNIST("MNIST", "mnist", "MNIST",
            List.of("https://ossci-datasets.s3.amazonaws.com/mnist/"),
            List.of(), 0.1307, 0.3081,
            new IdxFile("train-images-idx3-ubyte", "6bbc9ace898e44ae57da46a324031adb", "f68b3c2dcbeaaa9fbdd348bbdeb94873"),
            new IdxFile("train-labels-idx1-ubyte", "a25bea736e30d166cdddb491f175f624", "d53e105ee54ea40749a09fcbcd1e9432"),
            new IdxFile("t10k-images-idx3-ubyte", "2646ac647ad5339dbf082846283269ea", "9fb629c4189551a2d022fa330f9573f3"),
            new IdxFile("t10k-labels-idx1-ubyte", "27ae3e4e09519cfbb04c329615203637", "ec29112dd5afa0611ce80d1b7f02629c")),

    FASHION_MNIST("Fashion-MNIST", "fashion-mnist", "FashionMNIST",
            List.of("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"),
            List.of(Path.of("/usr/share/datasets/fashion-mnist")), 0.2860, 0.3530,
            new IdxFile("train-images-idx3-ubyte", "f4a8712d7a061bf5bd6d2ca38dc4d50a", "8d4fb7e6c68d591d4c3dfef9ec88bf0d"),
            new IdxFile("train-labels-idx1-ubyte", "9018921c3c673c538a1fc5bad174d6f9", "25c81989df183df01b3e8a0aad5dffbe"),
            new IdxFile("t10k-images-idx3-ubyte", "8181f5470baa50b63fa0f6fddb340f0a", "bef4ecab320f06d8554ea6380940ec79"),
            new IdxFile("t10k-labels-idx1-ubyte", "15d484375f8d13e6eb1aabb0c3f46965", "bb300cfdad3c16e7a12a480ee83cd310"));

    /** Image side length. */
    public static final int SIDE = 28;
    /** Number of classes. */
    public static final int CLASSES = 10;

    /**
     * One IDX file of the dataset.
     *
     * @param name       file name without {@code .gz}
     * @param rawMd5     published MD5 of the uncompressed file
     * @param archiveMd5 published MD5 of the official {@code .gz} archive
     */
    public record IdxFile(String name, String rawMd5, String archiveMd5) {
    }

    /** The training or the test split. */
    public enum Split {
        TRAIN(60_000), TEST(10_000);

        private final int publishedCount;

        Split(int publishedCount) {
            this.publishedCount = publishedCount;
        }

        /** Number of examples in the official files. */
        public int publishedCount() {
            return publishedCount;
        }
    }

    private final String displayName;
    private final String directoryName;
    private final String torchvisionName;
    private final List<String> mirrors;
    private final List<Path> systemDirectories;
    private final double mean;
    private final double std;
    private final IdxFile trainImages;
    private final IdxFile trainLabels;
    private final IdxFile testImages;
    private final IdxFile testLabels;

    MnistDataset(String displayName, String directoryName, String torchvisionName, List<String> mirrors,
                 List<Path> systemDirectories, double mean, double std, IdxFile trainImages, IdxFile trainLabels, IdxFile testImages,
                 IdxFile testLabels) {
        this.displayName = displayName;
        this.directoryName = directoryName;
        this.torchvisionName = torchvisionName;
        this.mirrors = mirrors;
        this.systemDirectories = systemDirectories;
        this.mean = mean;
        this.std = std;
        this.trainImages = trainImages;
        this.trainLabels = trainLabels;
        this.testImages = testImages;
        this.testLabels = testLabels;
    }

    @Override
    public String displayName() {
        return displayName;
    }

    @Override
    public int numClasses() {
        return CLASSES;
    }

    @Override
    public ImageShape imageShape() {
        return new ImageShape(SIDE, SIDE, 1);
    }

    @Override
    public int publishedCount(DatasetSplit split) {
        return switch (split) {
            case TRAIN -> Split.TRAIN.publishedCount();
            case TEST -> Split.TEST.publishedCount();
            case EXTRA -> throw new IllegalArgumentException(displayName + " has no " + split + " split");
        };
    }

    @Override
    public List<Double> mean() {
        return List.of(mean);
    }

    @Override
    public List<Double> std() {
        return List.of(std);
    }

    /** None: the LeNet and CapsNet rows train on the images as they are. */
    @Override
    public ImageTransform standardAugmentation() {
        return ImageTransform.identity();
    }

    @Override
    public ImageTransform evaluationTransform() {
        return ImageTransform.identity();
    }

    /** The directory under a data root where this project puts the files. */
    public Path directoryUnder(DataRoot root) {
        return root.path().resolve(directoryName);
    }

    /** The four files of the dataset. */
    public List<IdxFile> files() {
        return List.of(trainImages, trainLabels, testImages, testLabels);
    }

    /** Base URLs the files can be downloaded from. */
    public List<String> mirrors() {
        return mirrors;
    }

    /** The directories searched, in order. */
    public List<Path> candidateDirectories(DataRoot root) {
        return candidateDirectories(root, DataRoot.userHome());
    }

    /** The directories searched, in order, with {@code home} the user's home directory. */
    public List<Path> candidateDirectories(DataRoot root, Path home) {
        List<Path> candidates = new ArrayList<>();
        candidates.add(directoryUnder(root));
        candidates.add(root.path().resolve(torchvisionName).resolve("raw"));
        candidates.add(root.path().resolve(torchvisionName));
        if (this == MNIST) {
            candidates.add(home.resolve(".deeplearning4j").resolve("data").resolve("MNIST"));
        }
        candidates.addAll(systemDirectories);
        return candidates;
    }

    /** The first candidate directory holding all four files, plain or gzipped. */
    @Override
    public Optional<Path> locate(DataRoot root) {
        return locate(root, DataRoot.userHome());
    }

    /** The first candidate directory holding all four files, with {@code home} the user's home directory. */
    public Optional<Path> locate(DataRoot root, Path home) {
        return candidateDirectories(root, home).stream().filter(this::isComplete).findFirst();
    }

    /** True when {@code directory} holds all four files. */
    public boolean isComplete(Path directory) {
        return files().stream().allMatch(f -> findFile(directory, f).isPresent());
    }

    /** What to do when the files are not found: where they were looked for and how to get them. */
    @Override
    public String missingMessage(DataRoot root) {
        String looked = candidateDirectories(root).stream().map(Path::toString)
                .collect(Collectors.joining(", "));
        String fileNames = files().stream().map(f -> f.name() + ".gz").collect(Collectors.joining(", "));
        String packaged = this == FASHION_MNIST ? " On Debian: apt-get install dataset-fashion-mnist." : "";
        return displayName + " not found (looked in: " + looked + "; data root from " + root.origin()
                + "). Place " + fileNames + " (or the uncompressed files) in " + directoryUnder(root)
                + ", or run the 'download' command where a network is reachable." + packaged;
    }

    /**
     * Reads one split from {@code directory}, verifying structure, and with
     * {@link Verification#PUBLISHED} the published checksums and example counts.
     */
    public ImageSplit read(Path directory, Split split, Verification verification) {
        Verified verified = readVerified(directory, split, verification);
        return new ImageSplit(displayName, toUnitInterval(verified.images()), verified.classes(), CLASSES,
                verified.images().md5() + "+" + verified.labels().md5(), verification == Verification.PUBLISHED);
    }

    /** The two IDX files of a split, checked, and the labels as class indices. */
    private record Verified(IdxReader.IdxContent images, IdxReader.IdxContent labels, int[] classes) {
    }

    private Verified readVerified(Path directory, Split split, Verification verification) {
        IdxFile imagesFile = split == Split.TRAIN ? trainImages : testImages;
        IdxFile labelsFile = split == Split.TRAIN ? trainLabels : testLabels;
        Path imagesPath = requireFile(directory, imagesFile);
        Path labelsPath = requireFile(directory, labelsFile);
        IdxReader.IdxContent images = IdxReader.read(imagesPath, 3);
        IdxReader.IdxContent labels = IdxReader.read(labelsPath, 1);
        if (images.dimensions()[1] != SIDE || images.dimensions()[2] != SIDE) {
            throw new DatasetException(imagesPath + ": images are " + images.dimensions()[1] + "x"
                    + images.dimensions()[2] + ", expected " + SIDE + "x" + SIDE);
        }
        if (images.count() != labels.count()) {
            throw new DatasetException(imagesPath + " holds " + images.count() + " images but " + labelsPath
                    + " holds " + labels.count() + " labels");
        }
        if (verification == Verification.PUBLISHED) {
            checkMd5(images, imagesFile);
            checkMd5(labels, labelsFile);
            if (images.count() != split.publishedCount()) {
                throw new DatasetException(imagesPath + " holds " + images.count() + " images, expected "
                        + split.publishedCount());
            }
        }
        int[] classes = new int[labels.count()];
        for (int i = 0; i < classes.length; i++) {
            classes[i] = labels.data()[i] & 0xff;
            if (classes[i] >= CLASSES) {
                throw new DatasetException(labelsPath + ": label of record " + i + " is " + classes[i]
                        + ", expected 0 to " + (CLASSES - 1));
            }
        }
        return new Verified(images, labels, classes);
    }

    /**
     * Reads one split from {@code directory} as {@link ByteImages}, with the checks of
     * {@link #read(Path, Split, Verification)}.
     */
    @Override
    public LabelledImages read(Path directory, DatasetSplit split, Verification verification) {
        Split idxSplit = switch (split) {
            case TRAIN -> Split.TRAIN;
            case TEST -> Split.TEST;
            case EXTRA -> throw new DatasetException(displayName + " has no EXTRA split; its splits are TRAIN and TEST");
        };
        IdxFile imagesFile = idxSplit == Split.TRAIN ? trainImages : testImages;
        IdxFile labelsFile = idxSplit == Split.TRAIN ? trainLabels : testLabels;
        Verified verified = readVerified(directory, idxSplit, verification);
        return new ByteImages(displayName + " " + split.name().toLowerCase(java.util.Locale.ROOT), SIDE, SIDE, 1,
                ByteImages.Layout.INTERLEAVED, verified.images().data(), verified.classes(), CLASSES,
                imagesFile.name() + "=" + verified.images().md5() + "," + labelsFile.name() + "="
                        + verified.labels().md5(), verification == Verification.PUBLISHED);
    }

    /** Locates the dataset under {@code root} and reads a split, or fails saying where to put it. */
    public ImageSplit read(DataRoot root, Split split, Verification verification) {
        Path directory = locate(root).orElseThrow(() -> new DatasetException(missingMessage(root)));
        return read(directory, split, verification);
    }

    /**
     * Downloads the files that are missing into {@link #directoryUnder(DataRoot)}, each checked
     * against the MD5 of the official archive; returns that directory.
     */
    @Override
    public Path download(DataRoot root, FileDownloader downloader) {
        Path directory = directoryUnder(root);
        for (IdxFile file : files()) {
            if (findFile(directory, file).isEmpty()) {
                downloader.download(mirrors, file.name() + ".gz", directory.resolve(file.name() + ".gz"),
                        file.archiveMd5());
            }
        }
        return directory;
    }

    /** The file for {@code file} in {@code directory}: uncompressed, or with {@code .gz}. */
    public static Optional<Path> findFile(Path directory, IdxFile file) {
        Path plain = directory.resolve(file.name());
        if (Files.isRegularFile(plain)) {
            return Optional.of(plain);
        }
        Path gzipped = directory.resolve(file.name() + ".gz");
        return Files.isRegularFile(gzipped) ? Optional.of(gzipped) : Optional.empty();
    }

    private Path requireFile(Path directory, IdxFile file) {
        return findFile(directory, file).orElseThrow(() -> new DatasetException(displayName + ": "
                + directory.resolve(file.name()) + "[.gz] not found"));
    }

    private void checkMd5(IdxReader.IdxContent content, IdxFile file) {
        if (!content.md5().equals(file.rawMd5())) {
            throw new DatasetException(content.file() + ": MD5 of the uncompressed content is " + content.md5()
                    + ", expected " + file.rawMd5() + " (published " + displayName + " " + file.name()
                    + "): the file is corrupt or is not the official one");
        }
    }

    private static INDArray toUnitInterval(IdxReader.IdxContent images) {
        byte[] bytes = images.data();
        float[] pixels = new float[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            pixels[i] = (bytes[i] & 0xff) / 255f;
        }
        return Nd4j.create(pixels, new long[] {images.count(), 1, SIDE, SIDE}, DataType.FLOAT);
    }
}
