package org.rtrain.datasets;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.commons.codec.binary.Hex;
import org.apache.commons.codec.digest.DigestUtils;
import org.rtrain.datasets.image.ImageTransform;
import org.rtrain.datasets.transform.RandomCrop;
import us.hebi.matlab.mat.format.BufferAllocator;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.format.Mat5File;
import us.hebi.matlab.mat.types.Array;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.MatlabType;
import us.hebi.matlab.mat.types.Matrix;
import us.hebi.matlab.mat.types.Sources;

/**
 * SVHN, the Street View House Numbers, cropped digits (Netzer et al. 2011, "Reading Digits in Natural
 * Images with Unsupervised Feature Learning"): 32x32 colour digits, 73,257 for training, 26,032 for
 * testing and 531,131 extra, less difficult ones.
 *
 * <p>Format: MATLAB v5 MAT-files {@code train_32x32.mat}, {@code test_32x32.mat},
 * {@code extra_32x32.mat}, each with a {@code uint8} array {@code X} of shape 32x32x3xN (MATLAB's
 * column-major order) and an N-by-1 array {@code y} of labels 1 to 10, 10 meaning the digit 0 (read
 * as class 0 here, as torchvision does). Read with MFL (us.hebi.matlab.mat:mfl-core), streaming the
 * file once to inflate {@code X} straight into one heap array (1.6 GB for the extra set: give the
 * JVM {@code -Xmx3g}) while computing the MD5. Checks: the MAT-file header, the presence, type and
 * shape of {@code X} and {@code y}, label range, and with {@link Verification#PUBLISHED} the MD5 and
 * count of each file as torchvision publishes them.
 *
 * <p>Normalisation statistics: mean (0.4377, 0.4438, 0.4728), std (0.1980, 0.2010, 0.1970), the
 * values of the training split in common use with torchvision's SVHN (the authors publish none).
 * The standard augmentation is the pad-4 random crop without a flip: a mirrored digit is another
 * symbol.
 *
 * <p>Looked for in {@code <root>/svhn} (this project, and torchvision's {@code SVHN(root)} when
 * given that folder), {@code <root>/SVHN} and {@code <root>} itself.
 */
public enum SvhnDataset implements DownloadableDataset {

    SVHN;

    /** Image side length. */
    public static final int SIDE = 32;
    /** Number of classes (digits). */
    public static final int CLASSES = 10;
    /** Where the official files are served. */
    public static final List<String> MIRRORS = List.of("http://ufldl.stanford.edu/housenumbers/");

    /**
     * One MAT-file of the dataset.
     *
     * @param name  file name
     * @param count images in the official file
     * @param md5   MD5 of the official file, as torchvision's {@code SVHN.split_list} publishes it
     */
    public record MatFileSpec(String name, int count, String md5) {
    }

    private static final MatFileSpec TRAIN = new MatFileSpec("train_32x32.mat", 73_257,
            "e26dedcc434d2e4c54c9b2d4a06d8373");
    private static final MatFileSpec TEST = new MatFileSpec("test_32x32.mat", 26_032,
            "eb5a983be6a315427106f1b164d9cef3");
    private static final MatFileSpec EXTRA = new MatFileSpec("extra_32x32.mat", 531_131,
            "a93ce644f1a588dc4d68dda5feec44a7");

    @Override
    public String displayName() {
        return "SVHN";
    }

    @Override
    public int numClasses() {
        return CLASSES;
    }

    @Override
    public ImageShape imageShape() {
        return new ImageShape(SIDE, SIDE, 3);
    }

    @Override
    public List<DatasetSplit> splits() {
        return List.of(DatasetSplit.TRAIN, DatasetSplit.TEST, DatasetSplit.EXTRA);
    }

    @Override
    public List<Double> mean() {
        return List.of(0.4377, 0.4438, 0.4728);
    }

    @Override
    public List<Double> std() {
        return List.of(0.1980, 0.2010, 0.1970);
    }

    /** Pad 4 with zeros and a random 32x32 crop; no flip. */
    @Override
    public ImageTransform standardAugmentation() {
        return RandomCrop.cifarStandard();
    }

    @Override
    public ImageTransform evaluationTransform() {
        return ImageTransform.identity();
    }

    @Override
    public int publishedCount(DatasetSplit split) {
        return file(split).count();
    }

    /** The MAT-file of {@code split}. */
    public MatFileSpec file(DatasetSplit split) {
        return switch (split) {
            case TRAIN -> TRAIN;
            case TEST -> TEST;
            case EXTRA -> EXTRA;
        };
    }

    /** The directory under a data root where this project puts the files. */
    public Path directoryUnder(DataRoot root) {
        return root.path().resolve("svhn");
    }

    /** The directories searched, in order. */
    public List<Path> candidateDirectories(DataRoot root) {
        return List.of(directoryUnder(root), root.path().resolve("SVHN"), root.path());
    }

    /** The first candidate directory holding the train and test files (the extra file is optional). */
    @Override
    public Optional<Path> locate(DataRoot root) {
        return candidateDirectories(root).stream().filter(d -> Files.isRegularFile(d.resolve(TRAIN.name()))
                && Files.isRegularFile(d.resolve(TEST.name()))).findFirst();
    }

    @Override
    public String missingMessage(DataRoot root) {
        String looked = candidateDirectories(root).stream().map(Path::toString).collect(Collectors.joining(", "));
        return "SVHN not found (looked in: " + looked + "; data root from " + root.origin() + "). Place "
                + TRAIN.name() + " and " + TEST.name() + " (and " + EXTRA.name() + " for the extra split) from "
                + MIRRORS.get(0) + " (the cropped digits, format 2) in " + directoryUnder(root)
                + ", or run the 'download' command where a network is reachable.";
    }

    /**
     * Downloads the train and test files that are missing into {@link #directoryUnder(DataRoot)};
     * the 1.3 GB extra file only through {@link #download(DataRoot, FileDownloader, List)}.
     */
    @Override
    public Path download(DataRoot root, FileDownloader downloader) {
        return download(root, downloader, List.of(DatasetSplit.TRAIN, DatasetSplit.TEST));
    }

    /** Downloads the files of {@code splits} that are missing, each checked against its published MD5. */
    public Path download(DataRoot root, FileDownloader downloader, List<DatasetSplit> splits) {
        return download(root, downloader, splits, MIRRORS);
    }

    /** As {@link #download(DataRoot, FileDownloader, List)}, from the first of {@code mirrors} serving each file. */
    public Path download(DataRoot root, FileDownloader downloader, List<DatasetSplit> splits, List<String> mirrors) {
        Path directory = directoryUnder(root);
        for (DatasetSplit split : splits) {
            MatFileSpec spec = file(split);
            if (!Files.isRegularFile(directory.resolve(spec.name()))) {
                downloader.download(mirrors, spec.name(), directory.resolve(spec.name()), spec.md5());
            }
        }
        return directory;
    }

    @Override
    public LabelledImages read(Path directory, DatasetSplit split, Verification verification) {
        MatFileSpec spec = file(split);
        Path path = directory.resolve(spec.name());
        String description = "SVHN " + split.name().toLowerCase(Locale.ROOT);
        if (!Files.isRegularFile(path)) {
            throw new DatasetException(description + ": " + path + " not found. " + missingMessage(
                    new DataRoot(directory, "the directory read")));
        }
        long fileSize;
        try {
            fileSize = Files.size(path);
        } catch (IOException e) {
            throw new DatasetException(path + " cannot be read: " + e.getMessage(), e);
        }
        if (fileSize == 0) {
            throw new DatasetException(path + " is empty (0 bytes)");
        }
        MessageDigest md5 = DigestUtils.getMd5Digest();
        RecordingAllocator allocator = new RecordingAllocator(path, fileSize);
        Mat5File mat;
        try (InputStream in = new BufferedInputStream(new DigestInputStream(Files.newInputStream(path), md5),
                1 << 16)) {
            mat = Mat5.newReader(Sources.wrapInputStream(in, 1 << 16))
                    .setBufferAllocator(allocator)
                    .setEntryFilter(header -> header.getName().equals("X") || header.getName().equals("y"))
                    .disableSubsystemProcessing()
                    .readMat();
            in.transferTo(OutputStream.nullOutputStream());
        } catch (OutOfMemoryError e) {
            // One failed allocation of a size read from the file: nothing half-built survives it.
            throw new DatasetException(path + ": the heap ran out while parsing it: a corrupt size field, or a heap "
                    + "too small for this file (raise -Xmx)", e);
        } catch (IOException | RuntimeException e) {
            DatasetException cause = datasetCause(e);
            if (cause != null) {
                throw cause;
            }
            throw new DatasetException(path + " is not a readable MATLAB v5 MAT-file (MAT v7.3/HDF5 files are "
                    + "not supported: re-save with -v7): " + rootMessage(e), e);
        }
        String actualMd5 = Hex.encodeHexString(md5.digest());
        if (verification == Verification.PUBLISHED && !actualMd5.equals(spec.md5())) {
            throw new DatasetException(path + ": MD5 is " + actualMd5 + ", expected " + spec.md5()
                    + " (the official " + spec.name() + " as torchvision lists it): corrupt or not the official file");
        }
        Matrix x = matrix(mat, path, "X");
        Matrix y = matrix(mat, path, "y");
        int[] dims = x.getDimensions();
        if (dims.length != 4 || dims[0] != SIDE || dims[1] != SIDE || dims[2] != 3) {
            throw new DatasetException(path + ": variable X has shape " + shape(dims) + ", expected 32x32x3xN");
        }
        if (x.getType() != MatlabType.UInt8 || x.isComplex()) {
            throw new DatasetException(path + ": variable X is " + x.getType() + (x.isComplex() ? " complex" : "")
                    + ", expected uint8");
        }
        int count = dims[3];
        if (y.getNumElements() != count || Math.min(y.getNumRows(), y.getNumCols()) != 1) {
            throw new DatasetException(path + ": variable y has shape " + shape(y.getDimensions()) + ", expected "
                    + count + "x1 (one label per image of X)");
        }
        if (verification == Verification.PUBLISHED && count != spec.count()) {
            throw new DatasetException(path + ": image count is " + count + ", expected " + spec.count()
                    + " (the official " + spec.name() + ")");
        }
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            double value = y.getDouble(i);
            if (value != Math.rint(value) || value < 1 || value > 10) {
                throw new DatasetException(path + ": y(" + (i + 1) + ") is " + value + ", expected 1 to 10 (10 = digit 0)");
            }
            labels[i] = (int) value % 10;
        }
        byte[] pixels = allocator.bufferOf(x, (long) count * SIDE * SIDE * 3);
        return new ByteImages(description, SIDE, SIDE, 3, ByteImages.Layout.PLANAR_COLUMN_MAJOR, pixels, labels,
                CLASSES, spec.name() + "=" + actualMd5, verification == Verification.PUBLISHED);
    }

    private static Matrix matrix(MatFile mat, Path path, String name) {
        List<String> names = new ArrayList<>();
        for (MatFile.Entry entry : mat.getEntries()) {
            names.add(entry.getName());
            if (entry.getName().equals(name)) {
                Array value = entry.getValue();
                if (!(value instanceof Matrix matrix)) {
                    throw new DatasetException(path + ": variable " + name + " is a " + value.getType()
                            + ", expected a numeric array");
                }
                return matrix;
            }
        }
        throw new DatasetException(path + " has no variable '" + name + "' (read: " + names
                + "): not an SVHN cropped-digits file");
    }

    private static String shape(int[] dims) {
        return Arrays.stream(dims).mapToObj(Integer::toString).collect(Collectors.joining("x"));
    }

    private static DatasetException datasetCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DatasetException d) {
                return d;
            }
        }
        return null;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    /**
     * Hands MFL heap buffers and remembers them, so that {@code X}'s bytes are kept in the array MFL
     * inflated them into instead of being copied (which would double the 1.6 GB of the extra set);
     * refuses allocations no file of this size can justify (a corrupt size field), or that exceed the
     * heap, with a message instead of an OutOfMemoryError.
     */
    private static final class RecordingAllocator implements BufferAllocator {

        /** MAT-files compress; image data by less than this factor. */
        private static final long MAX_INFLATION = 64;

        private final Path file;
        private final long fileSize;
        private final List<ByteBuffer> buffers = Collections.synchronizedList(new ArrayList<>());

        RecordingAllocator(Path file, long fileSize) {
            this.file = file;
            this.fileSize = fileSize;
        }

        @Override
        public ByteBuffer allocate(int numBytes) {
            if (numBytes < 0 || numBytes > Math.max(1 << 20, MAX_INFLATION * fileSize)) {
                throw new DatasetException(file + " declares a variable of " + Integer.toUnsignedString(numBytes)
                        + " bytes in a file of " + fileSize + " bytes: corrupt size field");
            }
            Runtime runtime = Runtime.getRuntime();
            long free = runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
            if (numBytes > free) {
                throw new DatasetException(file + " needs " + numBytes / (1 << 20) + " MB of heap for one variable, "
                        + "the JVM has " + free / (1 << 20) + " MB free: raise -Xmx");
            }
            ByteBuffer buffer = ByteBuffer.allocate(numBytes);
            buffers.add(buffer);
            return buffer;
        }

        @Override
        public void release(ByteBuffer buffer) {
            // Heap buffers: the garbage collector frees them.
        }

        /** The array holding {@code matrix}'s {@code size} bytes, checked against the matrix. */
        byte[] bufferOf(Matrix matrix, long size) {
            synchronized (buffers) {
                for (ByteBuffer buffer : buffers) {
                    if (buffer.capacity() == size && matchesAt(buffer, matrix, 0)
                            && matchesAt(buffer, matrix, (int) size / 2) && matchesAt(buffer, matrix, (int) size - 1)) {
                        return buffer.array();
                    }
                }
            }
            throw new IllegalStateException("MFL did not read " + file + "'s X into one buffer of " + size + " bytes");
        }

        private static boolean matchesAt(ByteBuffer buffer, Matrix matrix, int index) {
            return buffer.get(index) == matrix.getByte(index);
        }
    }
}
