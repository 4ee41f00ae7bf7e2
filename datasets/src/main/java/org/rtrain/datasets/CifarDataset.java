package org.rtrain.datasets;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.commons.codec.binary.Hex;
import org.apache.commons.codec.digest.DigestUtils;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.rtrain.datasets.image.Image;
import org.rtrain.datasets.image.ImageTransform;
import org.rtrain.datasets.transform.HorizontalFlip;
import org.rtrain.datasets.transform.RandomCrop;
import org.rtrain.perturb.io.AtomicFile;

/**
 * CIFAR-10 and CIFAR-100 (Krizhevsky 2009, "Learning Multiple Layers of Features from Tiny Images"):
 * 32x32 colour images, 50,000 for training and 10,000 for testing, in the official binary version.
 *
 * <p>Format: fixed-size records, no header. CIFAR-10 ({@code cifar-10-batches-bin/data_batch_1..5.bin},
 * {@code test_batch.bin}, 10,000 records each): 1 label byte then 3,072 pixel bytes (1,024 red, 1,024
 * green, 1,024 blue, each row by row). CIFAR-100 ({@code cifar-100-binary/train.bin}, {@code test.bin}):
 * a coarse label byte (20 superclasses), a fine label byte (100 classes), then the pixels. The paper
 * uses the fine labels ({@link #CIFAR_100}); {@link #CIFAR_100_COARSE} reads the same files with the
 * coarse ones.
 *
 * <p>Read from the extracted folder or straight from the official {@code .tar.gz} archive. Checks:
 * size a whole number of records (a CIFAR-100 file where CIFAR-10 is expected is recognised by its
 * 3,074-byte records), label ranges, and with {@link Verification#PUBLISHED} the record counts, the
 * class balance the dataset page states (test: exactly 1,000 per CIFAR-10 class; train: 5,000), and
 * the MD5s: of the archive as published on https://www.cs.toronto.edu/~kriz/cifar.html, of the
 * extracted files as listed by prabhuomkar/pytorch-cpp ({@code cmake/fetch_cifar10.cmake}) and
 * rai-project/dldataset ({@code vision/cifar10.go}, {@code vision/cifar100.go}); the authors publish
 * no per-file checksums.
 *
 * <p>Normalisation statistics (per-channel mean and standard deviation of the training pixels):
 * CIFAR-10 mean (0.4914, 0.4822, 0.4465), std (0.2470, 0.2435, 0.2616), the standard deviation over
 * all training pixels as computed in kuangliu/pytorch-cifar issue #19 (the widespread
 * (0.2023, 0.1994, 0.2010) is a mean of per-image deviations); CIFAR-100 mean
 * (0.5071, 0.4865, 0.4409), std (0.2673, 0.2564, 0.2762), as computed in weiaicunzai/pytorch-cifar100
 * ({@code conf/global_settings.py}).
 *
 * <p>Looked for under the data root in this project's layout ({@code <root>/cifar10} or
 * {@code <root>/cifar100}, extracted folder or archive), torchvision's binary layout
 * ({@code <root>/cifar-10-batches-bin}, {@code <root>/cifar-100-binary}), and for CIFAR-10 in the
 * caches of DataVec's {@code CifarLoader} ({@code ~/.dl4jresources/cifar/cifar-10-batches-bin}) and
 * DL4J's {@code Cifar10DataSetIterator} ({@code ~/.deeplearning4j/data/cifar10/{train,test}/<class>/*.png},
 * decoded at read time).
 */
public enum CifarDataset implements DownloadableDataset {

    CIFAR_10("CIFAR-10", 10, "cifar10", "cifar-10-batches-bin", "cifar-10-binary.tar.gz",
            "c32a1d4ab5d03f1284b67883e8d87530", 170_052_171L, 1, 0,
            List.of(new BinFile("data_batch_1.bin", 10_000, "5dd7e06a14cb22eb9f671a540d1b7c25"),
                    new BinFile("data_batch_2.bin", 10_000, "5ea93a67294ea407fff1d09f752e9692"),
                    new BinFile("data_batch_3.bin", 10_000, "942cd6a4bcdd0dd3c604fbe906cb4421"),
                    new BinFile("data_batch_4.bin", 10_000, "ae636b3ba5c66a11e91e8cb52e771fcb"),
                    new BinFile("data_batch_5.bin", 10_000, "53f37980c15c3d472c316c40844f3f0d")),
            List.of(new BinFile("test_batch.bin", 10_000, "803d5f7f4d78ea53de84dbe85f74fb6d")),
            List.of(0.4914, 0.4822, 0.4465), List.of(0.2470, 0.2435, 0.2616)),

    CIFAR_100("CIFAR-100", 100, "cifar100", "cifar-100-binary", "cifar-100-binary.tar.gz",
            "03b5dce01913d631647c71ecec9e9cb8", 168_513_733L, 2, 1,
            List.of(new BinFile("train.bin", 50_000, "6172c7755cfe09b2fe270c85cebc1b15")),
            List.of(new BinFile("test.bin", 10_000, "4499cfba6c016c1be1438163640a0898")),
            List.of(0.5071, 0.4865, 0.4409), List.of(0.2673, 0.2564, 0.2762)),

    CIFAR_100_COARSE("CIFAR-100-coarse", 20, "cifar100", "cifar-100-binary", "cifar-100-binary.tar.gz",
            "03b5dce01913d631647c71ecec9e9cb8", 168_513_733L, 2, 0,
            List.of(new BinFile("train.bin", 50_000, "6172c7755cfe09b2fe270c85cebc1b15")),
            List.of(new BinFile("test.bin", 10_000, "4499cfba6c016c1be1438163640a0898")),
            List.of(0.5071, 0.4865, 0.4409), List.of(0.2673, 0.2564, 0.2762));

    /** Image side length. */
    public static final int SIDE = 32;
    /** Pixel bytes of one record. */
    public static final int PIXEL_BYTES = SIDE * SIDE * 3;
    /** Where the official archives are served. */
    public static final List<String> MIRRORS = List.of("https://www.cs.toronto.edu/~kriz/");
    /** CIFAR-10's classes in label order (also their sorted order, as DL4J's PNG folders are named). */
    public static final List<String> CIFAR_10_CLASSES = List.of("airplane", "automobile", "bird", "cat", "deer",
            "dog", "frog", "horse", "ship", "truck");

    /**
     * One binary file of a split.
     *
     * @param name    file name inside the extracted folder
     * @param records records in the official file
     * @param md5     MD5 of the official file (see the class comment for its source)
     */
    public record BinFile(String name, int records, String md5) {
    }

    private final String displayName;
    private final int numClasses;
    private final String directoryName;
    private final String folderName;
    private final String archiveName;
    private final String archiveMd5;
    private final long archiveSize;
    private final int labelBytes;
    private final int labelByte;
    private final List<BinFile> trainFiles;
    private final List<BinFile> testFiles;
    private final List<Double> mean;
    private final List<Double> std;

    CifarDataset(String displayName, int numClasses, String directoryName, String folderName, String archiveName,
                 String archiveMd5, long archiveSize, int labelBytes, int labelByte, List<BinFile> trainFiles, List<BinFile> testFiles,
                 List<Double> mean, List<Double> std) {
        this.displayName = displayName;
        this.numClasses = numClasses;
        this.directoryName = directoryName;
        this.folderName = folderName;
        this.archiveName = archiveName;
        this.archiveMd5 = archiveMd5;
        this.archiveSize = archiveSize;
        this.labelBytes = labelBytes;
        this.labelByte = labelByte;
        this.trainFiles = trainFiles;
        this.testFiles = testFiles;
        this.mean = mean;
        this.std = std;
    }

    @Override
    public String displayName() {
        return displayName;
    }

    @Override
    public int numClasses() {
        return numClasses;
    }

    @Override
    public ImageShape imageShape() {
        return new ImageShape(SIDE, SIDE, 3);
    }

    @Override
    public int publishedCount(DatasetSplit split) {
        List<BinFile> files = switch (split) {
            case TRAIN -> trainFiles;
            case TEST -> testFiles;
            case EXTRA -> throw new IllegalArgumentException(displayName + " has no " + split + " split");
        };
        return files.stream().mapToInt(BinFile::records).sum();
    }

    @Override
    public List<Double> mean() {
        return mean;
    }

    @Override
    public List<Double> std() {
        return std;
    }

    /** Pad 4 with zeros, random 32x32 crop, horizontal flip with probability 0.5. */
    @Override
    public ImageTransform standardAugmentation() {
        return RandomCrop.cifarStandard().andThen(HorizontalFlip.standard());
    }

    @Override
    public ImageTransform evaluationTransform() {
        return ImageTransform.identity();
    }

    /** Bytes of one record: label bytes and pixels. */
    public int recordBytes() {
        return labelBytes + PIXEL_BYTES;
    }

    /** The official archive's file name. */
    public String archiveName() {
        return archiveName;
    }

    /** The folder the archive unpacks to. */
    public String folderName() {
        return folderName;
    }

    /** The binary files of {@code split}. */
    public List<BinFile> files(DatasetSplit split) {
        return switch (split) {
            case TRAIN -> trainFiles;
            case TEST -> testFiles;
            case EXTRA -> throw new DatasetException(displayName + " has no EXTRA split; its splits are TRAIN and TEST");
        };
    }

    /** The directory under a data root where this project puts the files. */
    public Path directoryUnder(DataRoot root) {
        return root.path().resolve(directoryName);
    }

    /** The directories searched, in order, with {@code home} the user's home directory. */
    public List<Path> candidateDirectories(DataRoot root, Path home) {
        List<Path> candidates = new ArrayList<>(List.of(directoryUnder(root).resolve(folderName),
                directoryUnder(root), root.path().resolve(folderName), root.path()));
        if (this == CIFAR_10) {
            Path dataVec = home.resolve(".dl4jresources").resolve("cifar").resolve(folderName);
            candidates.add(dataVec.resolve(folderName));
            candidates.add(dataVec);
            candidates.add(dl4jPngDirectory(home));
        }
        return candidates;
    }

    /** DL4J's {@code Cifar10DataSetIterator} cache: {@code train/<class>/*.png}, {@code test/<class>/*.png}. */
    public static Path dl4jPngDirectory(Path home) {
        return home.resolve(".deeplearning4j").resolve("data").resolve("cifar10");
    }

    @Override
    public Optional<Path> locate(DataRoot root) {
        return locate(root, DataRoot.userHome());
    }

    /** The first candidate directory holding the dataset, with {@code home} the user's home directory. */
    public Optional<Path> locate(DataRoot root, Path home) {
        return candidateDirectories(root, home).stream().filter(this::isComplete).findFirst();
    }

    /** Whether {@code directory} holds every binary file, the archive, or (CIFAR-10) DL4J's PNG folders. */
    public boolean isComplete(Path directory) {
        return hasBinaries(directory, DatasetSplit.TRAIN) && hasBinaries(directory, DatasetSplit.TEST)
                || Files.isRegularFile(directory.resolve(archiveName)) || isPngLayout(directory);
    }

    private boolean hasBinaries(Path directory, DatasetSplit split) {
        return files(split).stream().allMatch(f -> Files.isRegularFile(directory.resolve(f.name())));
    }

    private boolean isPngLayout(Path directory) {
        return this == CIFAR_10 && Files.isDirectory(directory.resolve("train"))
                && Files.isDirectory(directory.resolve("test"));
    }

    @Override
    public String missingMessage(DataRoot root) {
        String looked = candidateDirectories(root, DataRoot.userHome()).stream().map(Path::toString)
                .collect(Collectors.joining(", "));
        String names = files(DatasetSplit.TRAIN).stream().map(BinFile::name).collect(Collectors.joining(", "))
                + ", " + files(DatasetSplit.TEST).stream().map(BinFile::name).collect(Collectors.joining(", "));
        return displayName + " not found (looked in: " + looked + "; data root from " + root.origin() + "). Place "
                + archiveName + " (" + MIRRORS.get(0) + archiveName + ", the binary version) in "
                + directoryUnder(root) + ", or its extracted " + folderName + "/ (" + names + ") there, or run the "
                + "'download' command where a network is reachable.";
    }

    @Override
    public LabelledImages read(Path directory, DatasetSplit split, Verification verification) {
        List<BinFile> files = files(split);
        String description = displayName + " " + split.name().toLowerCase(java.util.Locale.ROOT);
        if (hasBinaries(directory, split)) {
            return readBinaries(directory, files, description, split, verification);
        }
        Path archive = directory.resolve(archiveName);
        if (Files.isRegularFile(archive)) {
            return readArchive(archive, files, description, split, verification);
        }
        if (isPngLayout(directory)) {
            return readPngFolders(directory.resolve(split == DatasetSplit.TRAIN ? "train" : "test"), description,
                    split, verification);
        }
        List<String> missing = files.stream().map(BinFile::name)
                .filter(name -> !Files.isRegularFile(directory.resolve(name))).toList();
        throw new DatasetException(description + ": " + directory + " lacks " + String.join(", ", missing)
                + " and holds no " + archiveName);
    }

    /** Records of one file, as parsed. */
    private record Records(byte[] pixels, int[] labels, String md5) {
    }

    private LabelledImages readBinaries(Path directory, List<BinFile> files, String description, DatasetSplit split,
                                        Verification verification) {
        List<Records> parts = new ArrayList<>();
        Map<String, String> md5s = new LinkedHashMap<>();
        for (BinFile file : files) {
            Path path = directory.resolve(file.name());
            try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
                Records records = parse(path.toString(), in, Files.size(path), file, verification);
                parts.add(records);
                md5s.put(file.name(), records.md5());
            } catch (IOException e) {
                throw new DatasetException(path + " cannot be read: " + e.getMessage(), e);
            }
        }
        LabelledImages images = assemble(description, parts, md5s, split, verification);
        if (verification == Verification.PUBLISHED) {
            for (BinFile file : files) {
                String actual = md5s.get(file.name());
                if (!actual.equals(file.md5())) {
                    throw new DatasetException(directory.resolve(file.name()) + ": MD5 is " + actual + ", expected "
                            + file.md5() + " (the official " + displayName + " " + file.name() + "): corrupt or not "
                            + "the official file");
                }
            }
        }
        return images;
    }

    private LabelledImages readArchive(Path archive, List<BinFile> files, String description, DatasetSplit split,
                                       Verification verification) {
        long size = sizeOf(archive);
        if (size == 0) {
            throw new DatasetException(archive + " is empty (0 bytes)");
        }
        if (verification == Verification.PUBLISHED) {
            // The published checksum settles it before 160 MB are decompressed.
            String actual = md5(archive);
            if (!actual.equals(archiveMd5)) {
                throw new DatasetException(archive + ": MD5 is " + actual + ", expected " + archiveMd5
                        + " (published on the CIFAR page for " + archiveName + "); size " + size + " bytes, the "
                        + "official archive has " + archiveSize + ": corrupt, truncated or not the official archive");
            }
        }
        MessageDigest archiveDigest = DigestUtils.getMd5Digest();
        Map<String, Records> found = new HashMap<>();
        List<String> members = new ArrayList<>();
        // The digest sits under the buffer: the decompressor marks and resets what it reads.
        try (InputStream raw = new BufferedInputStream(new DigestInputStream(Files.newInputStream(archive),
                archiveDigest), 1 << 16);
             GzipCompressorInputStream gzip = new GzipCompressorInputStream(raw);
             TarArchiveInputStream tar = new TarArchiveInputStream(gzip)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextTarEntry()) != null) {
                members.add(entry.getName());
                for (BinFile file : files) {
                    if (entry.isFile() && entry.getName().equals(folderName + "/" + file.name())) {
                        found.put(file.name(), parse(archive + "!" + entry.getName(), tar, entry.getSize(), file,
                                verification));
                    }
                }
            }
            // The checksum covers the whole file, including what follows the last tar record.
            gzip.transferTo(OutputStream.nullOutputStream());
            raw.transferTo(OutputStream.nullOutputStream());
        } catch (DatasetException e) {
            throw e;
        } catch (EOFException e) {
            throw new DatasetException(archive + " is truncated: the compressed stream ends early", e);
        } catch (IOException e) {
            throw new DatasetException(archive + " cannot be read: " + e.getMessage()
                    + " (corrupt gzip or tar data)", e);
        }
        String actual = Hex.encodeHexString(archiveDigest.digest());
        List<Records> parts = new ArrayList<>();
        for (BinFile file : files) {
            Records records = found.get(file.name());
            if (records == null) {
                throw new DatasetException(archive + " has no member " + folderName + "/" + file.name()
                        + " (members: " + ImageFolderImages.named(members) + "): not the " + displayName + " binary "
                        + "archive");
            }
            parts.add(records);
        }
        return assemble(description, parts, Map.of(archiveName, actual), split, verification);
    }

    /** Checks the size, then reads every record of one file (or archive member) of {@code size} bytes. */
    private Records parse(String source, InputStream in, long size, BinFile file, Verification verification)
            throws IOException {
        int recordBytes = recordBytes();
        if (size == 0) {
            throw new DatasetException(source + " is empty (0 bytes)");
        }
        if (size % recordBytes != 0) {
            int otherBytes = labelBytes == 1 ? PIXEL_BYTES + 2 : PIXEL_BYTES + 1;
            if (size % otherBytes == 0) {
                String other = labelBytes == 1 ? "CIFAR-100 (coarse and fine label bytes)" : "CIFAR-10 (one label byte)";
                throw new DatasetException(source + ": record size: " + size + " bytes are " + size / otherBytes
                        + " records of " + otherBytes + " bytes, the layout of " + other + "; " + displayName
                        + " records are " + recordBytes + " bytes: this is a file of the other dataset");
            }
            throw new DatasetException(source + ": size " + size + " bytes is not a whole number of " + recordBytes
                    + "-byte " + displayName + " records (" + size / recordBytes + " records and " + size % recordBytes
                    + " bytes): truncated or not a " + displayName + " file");
        }
        long count = size / recordBytes;
        if (verification == Verification.PUBLISHED && count != file.records()) {
            throw new DatasetException(source + ": record count is " + count + ", expected " + file.records()
                    + " (the official " + file.name() + ")");
        }
        if (count * PIXEL_BYTES > Integer.MAX_VALUE - 16) {
            throw new DatasetException(source + ": " + count + " records are more than this reader holds");
        }
        MessageDigest md5 = DigestUtils.getMd5Digest();
        DigestInputStream digesting = new DigestInputStream(in, md5);
        byte[] pixels = new byte[(int) count * PIXEL_BYTES];
        int[] labels = new int[(int) count];
        byte[] label = new byte[labelBytes];
        for (int r = 0; r < count; r++) {
            if (digesting.readNBytes(label, 0, labelBytes) < labelBytes
                    || digesting.readNBytes(pixels, r * PIXEL_BYTES, PIXEL_BYTES) < PIXEL_BYTES) {
                throw new DatasetException(source + " is truncated: record " + r + " of " + count + " ends early");
            }
            for (int b = 0; b < labelBytes; b++) {
                int value = label[b] & 0xff;
                int limit = labelBytes == 1 ? 10 : (b == 0 ? 20 : 100);
                if (value >= limit) {
                    String field = labelBytes == 1 ? "label" : (b == 0 ? "coarse label" : "fine label");
                    throw new DatasetException(source + ": " + field + " of record " + r + " is " + value
                            + ", expected 0 to " + (limit - 1) + ": corrupt or not a " + displayName + " file");
                }
            }
            labels[r] = label[labelByte] & 0xff;
        }
        return new Records(pixels, labels, Hex.encodeHexString(md5.digest()));
    }

    private LabelledImages assemble(String description, List<Records> parts, Map<String, String> md5s,
                                    DatasetSplit split, Verification verification) {
        int total = parts.stream().mapToInt(p -> p.labels().length).sum();
        byte[] pixels = new byte[total * PIXEL_BYTES];
        int[] labels = new int[total];
        int at = 0;
        for (Records part : parts) {
            System.arraycopy(part.pixels(), 0, pixels, at * PIXEL_BYTES, part.pixels().length);
            System.arraycopy(part.labels(), 0, labels, at, part.labels().length);
            at += part.labels().length;
        }
        if (verification == Verification.PUBLISHED) {
            checkClassBalance(description, labels, split);
        }
        String checksum = md5s.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
        return new ByteImages(description, SIDE, SIDE, 3, ByteImages.Layout.PLANAR, pixels, labels, numClasses,
                checksum, verification == Verification.PUBLISHED);
    }

    /** The dataset page: every class has the same number of images in each split. */
    private void checkClassBalance(String description, int[] labels, DatasetSplit split) {
        int total = files(split).stream().mapToInt(BinFile::records).sum();
        int expected = total / numClasses;
        int[] perClass = new int[numClasses];
        for (int label : labels) {
            perClass[label]++;
        }
        for (int c = 0; c < numClasses; c++) {
            if (perClass[c] != expected) {
                throw new DatasetException(description + ": class " + c + " has " + perClass[c] + " images, the "
                        + "official split has " + expected + " of each class");
            }
        }
    }

    private LabelledImages readPngFolders(Path splitDirectory, String description, DatasetSplit split,
                                          Verification verification) {
        ImageFolderImages.Listing listing = ImageFolderImages.listClassFolders(splitDirectory);
        List<String> digits = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        if (!listing.classNames().equals(CIFAR_10_CLASSES) && !listing.classNames().equals(digits)) {
            throw new DatasetException(splitDirectory + ": class folders are " + listing.classNames()
                    + ", expected CIFAR-10's " + CIFAR_10_CLASSES + " (or 0 to 9)");
        }
        if (!listing.skipped().isEmpty()) {
            throw new DatasetException(splitDirectory + ": " + ImageFolderImages.named(listing.skipped()));
        }
        int count = listing.files().size();
        byte[] pixels = new byte[count * PIXEL_BYTES];
        java.util.stream.IntStream.range(0, count).parallel().forEach(i -> {
            Path file = listing.files().get(i);
            Image image = ImageDecoder.decode(file);
            if (image.height() != SIDE || image.width() != SIDE) {
                throw new DatasetException(file + ": image is " + image.height() + "x" + image.width() + ", expected "
                        + SIDE + "x" + SIDE);
            }
            float[] values = image.pixels();
            for (int p = 0; p < values.length; p++) {
                pixels[i * PIXEL_BYTES + p] = (byte) Math.round(values[p] * 255);
            }
        });
        if (verification == Verification.PUBLISHED) {
            int expected = files(split).stream().mapToInt(BinFile::records).sum();
            if (count != expected) {
                throw new DatasetException(splitDirectory + ": image count is " + count + ", expected " + expected);
            }
            checkClassBalance(description, listing.labels(), split);
        }
        return new ByteImages(description, SIDE, SIDE, 3, ByteImages.Layout.INTERLEAVED, pixels, listing.labels(),
                numClasses, ImageFolderImages.listingChecksum(splitDirectory, listing.files()),
                verification == Verification.PUBLISHED);
    }

    /**
     * Downloads the official archive into {@link #directoryUnder(DataRoot)} if the dataset is not
     * there, checks its MD5 and extracts the binary files next to it; returns the folder holding them.
     */
    @Override
    public Path download(DataRoot root, FileDownloader downloader) {
        return download(root, downloader, MIRRORS);
    }

    /** As {@link #download(DataRoot, FileDownloader)}, from the first of {@code mirrors} that serves the archive. */
    public Path download(DataRoot root, FileDownloader downloader, List<String> mirrors) {
        Path directory = directoryUnder(root);
        Path extracted = directory.resolve(folderName);
        if (hasBinaries(extracted, DatasetSplit.TRAIN) && hasBinaries(extracted, DatasetSplit.TEST)) {
            return extracted;
        }
        Path archive = directory.resolve(archiveName);
        if (!Files.isRegularFile(archive)) {
            downloader.download(mirrors, archiveName, archive, archiveMd5);
        }
        extract(archive, directory);
        return extracted;
    }

    /**
     * Unpacks the binary files of {@code archive} into {@code directory}/{@link #folderName()}, each
     * written through an {@link AtomicFile}, never outside that folder whatever the member names say.
     */
    public void extract(Path archive, Path directory) {
        Path target = directory.resolve(folderName);
        List<String> wanted = new ArrayList<>();
        trainFiles.forEach(f -> wanted.add(f.name()));
        testFiles.forEach(f -> wanted.add(f.name()));
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive), 1 << 16);
             TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(raw))) {
            Files.createDirectories(target);
            TarArchiveEntry entry;
            while ((entry = tar.getNextTarEntry()) != null) {
                String name = entry.getName();
                String fileName = name.substring(name.lastIndexOf('/') + 1);
                if (entry.isFile() && name.equals(folderName + "/" + fileName) && wanted.contains(fileName)) {
                    try (AtomicFile extracted = AtomicFile.create(target.resolve(fileName), ".part")) {
                        Files.copy(tar, extracted.temporary(), StandardCopyOption.REPLACE_EXISTING);
                        extracted.commit();
                    }
                    wanted.remove(fileName);
                }
            }
        } catch (IOException e) {
            throw new DatasetException(archive + " cannot be extracted: " + e.getMessage()
                    + " (corrupt gzip or tar data)", e);
        }
        if (!wanted.isEmpty()) {
            throw new DatasetException(archive + " has no member(s) " + folderName + "/" + String.join(", ", wanted)
                    + ": not the " + displayName + " binary archive");
        }
    }

    private static String md5(Path file) {
        try {
            return FileDownloader.md5(file);
        } catch (IOException e) {
            throw new DatasetException(file + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new DatasetException(file + " cannot be read: " + e.getMessage(), e);
        }
    }
}
