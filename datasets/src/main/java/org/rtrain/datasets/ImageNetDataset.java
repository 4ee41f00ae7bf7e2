package org.rtrain.datasets;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.rtrain.datasets.image.ImageTransform;
import org.rtrain.datasets.transform.HorizontalFlip;
import org.rtrain.datasets.transform.RandomResizedCrop;
import org.rtrain.datasets.transform.ResizeCenterCrop;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.Array;
import us.hebi.matlab.mat.types.Char;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.Matrix;
import us.hebi.matlab.mat.types.Sources;
import us.hebi.matlab.mat.types.Struct;

/**
 * ImageNet-1k, the ILSVRC2012 classification data (Russakovsky et al. 2015): 1,281,167 training and
 * 50,000 validation JPEGs in 1,000 classes. The paper's tables report on the validation set, which
 * is this dataset's {@link DatasetSplit#TEST}.
 *
 * <p>Layout: {@code train/<wnid>/*.JPEG}; {@code val/} either sorted into {@code <wnid>} folders
 * (torchvision's {@code ImageNet}/{@code ImageFolder} layout) or flat
 * ({@code val/ILSVRC2012_val_00000001.JPEG} ...) with the development kit beside it
 * ({@code ILSVRC2012_devkit_t12/} or {@code ILSVRC2012_devkit_t12.tar.gz}, read in place): line
 * {@code k} of {@code data/ILSVRC2012_validation_ground_truth.txt} is the ILSVRC2012_ID of image
 * {@code k}, and {@code data/meta.mat}'s {@code synsets} map ILSVRC2012_IDs to wnids. The class index
 * is the position of the wnid among the sorted wnids, as torchvision and every pretrained model use
 * (it is not the ILSVRC2012_ID). Images are decoded through DataVec's native (OpenCV) image loader
 * when a batch is built; see {@link ImageFolderImages} for the checks made before training and
 * {@link ImageDecoder} for the rest.
 *
 * <p>Never downloaded: the images are licensed for non-commercial research to those who register at
 * https://image-net.org; {@link #missingMessage} says what to fetch and where to put it, and
 * {@link #checkArchive} verifies the downloaded tars against the MD5s torchvision publishes
 * ({@code torchvision.datasets.imagenet.ARCHIVE_META}).
 *
 * <p>Normalisation statistics: mean (0.485, 0.456, 0.406), std (0.229, 0.224, 0.225), torchvision's
 * ImageNet values (its models documentation). Augmentation: random-resized crop to the crop size and
 * horizontal flip; evaluation: shorter side resized to {@code resize}, centred crop. 224 / 256 is
 * the standard; NASNet-A Large uses 331 / 378 ({@link #nasnetLarge()}).
 */
public final class ImageNetDataset implements ImageDataset {

    /** The name results and the paper's tables use. */
    public static final String DISPLAY_NAME = "ImageNet-1k";
    /** Number of classes. */
    public static final int CLASSES = 1000;
    /** Training images of the official data. */
    public static final int TRAIN_COUNT = 1_281_167;
    /** Validation images of the official data. */
    public static final int VALIDATION_COUNT = 50_000;
    /** Where the development kit's two files are, inside its folder or archive. */
    public static final String DEVKIT = "ILSVRC2012_devkit_t12";

    /**
     * An official archive and its MD5, as torchvision publishes it.
     *
     * @param name file name
     * @param md5  MD5 of the file
     */
    public record Archive(String name, String md5) {
    }

    /** The official archives: training images, validation images, development kit. */
    public static final List<Archive> ARCHIVES = List.of(
            new Archive("ILSVRC2012_img_train.tar", "1d675b47d978889d74fa0da5fadfb00e"),
            new Archive("ILSVRC2012_img_val.tar", "29b22e2961454d5413ddabcf34fc5622"),
            new Archive(DEVKIT + ".tar.gz", "fa75699e90414af021442c21a62c3abf"));

    private static final String GROUND_TRUTH = DEVKIT + "/data/ILSVRC2012_validation_ground_truth.txt";
    private static final String META = DEVKIT + "/data/meta.mat";
    private static final Pattern VALIDATION_NAME = Pattern.compile("ILSVRC2012_val_(\\d{8})\\.[A-Za-z]+");

    private final int cropSize;
    private final int resizeSize;

    /**
     * ImageNet at {@code cropSize} pixels, evaluated at shorter side {@code resizeSize}.
     *
     * @param cropSize   side of the square images delivered, positive
     * @param resizeSize shorter side before the evaluation crop, at least {@code cropSize}
     */
    public ImageNetDataset(int cropSize, int resizeSize) {
        if (cropSize <= 0 || resizeSize < cropSize) {
            throw new IllegalArgumentException("need 0 < cropSize <= resizeSize, got cropSize " + cropSize
                    + ", resizeSize " + resizeSize);
        }
        this.cropSize = cropSize;
        this.resizeSize = resizeSize;
    }

    /** 224-pixel crops, evaluated at resize 256. */
    public static ImageNetDataset standard() {
        return new ImageNetDataset(224, 256);
    }

    /** NASNet-A Large's 331-pixel crops, evaluated at resize 378 (the same 0.875 crop fraction). */
    public static ImageNetDataset nasnetLarge() {
        return new ImageNetDataset(331, 378);
    }

    @Override
    public String displayName() {
        return DISPLAY_NAME;
    }

    @Override
    public int numClasses() {
        return CLASSES;
    }

    @Override
    public ImageShape imageShape() {
        return new ImageShape(cropSize, cropSize, 3);
    }

    /** The training set, and the validation set that stands as the test split. */
    @Override
    public int publishedCount(DatasetSplit split) {
        return switch (split) {
            case TRAIN -> TRAIN_COUNT;
            case TEST -> VALIDATION_COUNT;
            case EXTRA -> throw new IllegalArgumentException(displayName() + " has no " + split + " split");
        };
    }

    @Override
    public List<Double> mean() {
        return List.of(0.485, 0.456, 0.406);
    }

    @Override
    public List<Double> std() {
        return List.of(0.229, 0.224, 0.225);
    }

    /** Random-resized crop (scale 0.08-1, ratio 3/4-4/3) to the crop size, horizontal flip. */
    @Override
    public ImageTransform standardAugmentation() {
        return RandomResizedCrop.imagenet(cropSize).andThen(HorizontalFlip.standard());
    }

    /** Shorter side resized to {@code resizeSize}, centred {@code cropSize} square. */
    @Override
    public ImageTransform evaluationTransform() {
        return new ResizeCenterCrop(resizeSize, cropSize);
    }

    /** The directories searched, in order. */
    public List<Path> candidateDirectories(DataRoot root) {
        return List.of(root.path().resolve("imagenet"), root.path().resolve("ILSVRC2012"),
                root.path().resolve("imagenet").resolve("ILSVRC2012"), root.path());
    }

    /** The first candidate directory with a {@code train/} and a {@code val/} folder. */
    @Override
    public Optional<Path> locate(DataRoot root) {
        return candidateDirectories(root).stream().filter(d -> Files.isDirectory(d.resolve("train"))
                && Files.isDirectory(d.resolve("val"))).findFirst();
    }

    @Override
    public String missingMessage(DataRoot root) {
        String looked = candidateDirectories(root).stream().map(Path::toString).collect(Collectors.joining(", "));
        Path target = root.path().resolve("imagenet");
        return DISPLAY_NAME + " not found (looked in: " + looked + "; data root from " + root.origin() + "). It is "
                + "never downloaded automatically: register at https://image-net.org (non-commercial research "
                + "licence) and download " + ARCHIVES.get(0).name() + " (138 GB, MD5 " + ARCHIVES.get(0).md5() + "), "
                + ARCHIVES.get(1).name() + " (6.3 GB, MD5 " + ARCHIVES.get(1).md5() + ") and " + ARCHIVES.get(2).name()
                + " (MD5 " + ARCHIVES.get(2).md5() + "). Unpack the training tar's per-class tars into " + target
                + "/train/<wnid>/, the validation tar into " + target + "/val/ (flat, or sorted into <wnid> folders "
                + "as torchvision's ImageNet leaves it), and put " + ARCHIVES.get(2).name() + " in " + target
                + " (needed only for a flat val/).";
    }

    /**
     * Checks an official archive's MD5 against the published one.
     *
     * @throws DatasetException naming the file, the expected and the actual MD5, or the unknown name
     */
    public static void checkArchive(Path file) {
        String name = file.getFileName().toString();
        Archive archive = ARCHIVES.stream().filter(a -> a.name().equals(name)).findFirst()
                .orElseThrow(() -> new DatasetException(file + " is not an ILSVRC2012 archive (known: "
                        + ARCHIVES.stream().map(Archive::name).collect(Collectors.joining(", ")) + ")"));
        String actual;
        try {
            actual = FileDownloader.md5(file);
        } catch (IOException e) {
            throw new DatasetException(file + " cannot be read: " + e.getMessage(), e);
        }
        if (!actual.equals(archive.md5())) {
            throw new DatasetException(file + ": MD5 is " + actual + ", expected " + archive.md5()
                    + " (the official " + name + "): corrupt, incomplete or not the official archive");
        }
    }

    @Override
    public ImageFolderImages read(Path directory, DatasetSplit split, Verification verification) {
        return switch (split) {
            case TRAIN -> readTrain(directory, verification);
            case TEST -> readValidation(directory, verification);
            case EXTRA -> throw new DatasetException(DISPLAY_NAME + " has no EXTRA split; its splits are TRAIN and "
                    + "TEST (the validation set)");
        };
    }

    private ImageFolderImages readTrain(Path directory, Verification verification) {
        Path train = requireDirectory(directory.resolve("train"));
        ImageFolderImages.Listing listing = ImageFolderImages.listClassFolders(train);
        if (verification == Verification.PUBLISHED) {
            checkPublished(train, listing, TRAIN_COUNT);
        }
        return images(DISPLAY_NAME + " train", train, listing, verification);
    }

    private ImageFolderImages readValidation(Path directory, Verification verification) {
        Path val = requireDirectory(directory.resolve("val"));
        List<String> trainClasses = Files.isDirectory(directory.resolve("train"))
                ? classFolderNames(directory.resolve("train")) : List.of();
        boolean sorted = ImageFolderImages.sortedEntries(val).stream().anyMatch(Files::isDirectory);
        ImageFolderImages.Listing listing;
        if (sorted) {
            listing = ImageFolderImages.listClassFolders(val);
            if (!trainClasses.isEmpty() && !listing.classNames().equals(trainClasses)) {
                List<String> differ = new ArrayList<>(listing.classNames());
                differ.removeAll(trainClasses);
                throw new DatasetException(val + ": its " + listing.classNames().size() + " class folders differ from "
                        + "the " + trainClasses.size() + " of " + directory.resolve("train") + " (e.g. "
                        + ImageFolderImages.named(differ) + "): class indices would not match");
            }
        } else {
            listing = flatValidation(directory, val, trainClasses);
        }
        if (verification == Verification.PUBLISHED) {
            checkPublished(val, listing, VALIDATION_COUNT);
        }
        return images(DISPLAY_NAME + " val", val, listing, verification);
    }

    private ImageFolderImages.Listing flatValidation(Path directory, Path val, List<String> trainClasses) {
        Devkit devkit = readDevkit(directory);
        List<String> classes = trainClasses.isEmpty()
                ? devkit.wnidById().values().stream().sorted().toList() : trainClasses;
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < classes.size(); i++) {
            index.put(classes.get(i), i);
        }
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<String> notImages = new ArrayList<>();
        for (Path file : ImageFolderImages.sortedEntries(val)) {
            String name = file.getFileName().toString();
            if (ImageFolderImages.isHidden(file)) {
                continue;
            }
            if (!ImageFormat.hasImageExtension(name)) {
                notImages.add(file.toString());
                continue;
            }
            Matcher matcher = VALIDATION_NAME.matcher(name);
            if (!matcher.matches()) {
                throw new DatasetException(file + ": a flat val/ holds ILSVRC2012_val_<8 digits>.JPEG files, whose "
                        + "number is their line in the ground truth; this name matches none");
            }
            int number = Integer.parseInt(matcher.group(1));
            if (number < 1 || number > devkit.groundTruth().size()) {
                throw new DatasetException(file + ": image number " + number + " has no line in the ground truth ("
                        + devkit.groundTruth().size() + " lines, " + devkit.source() + ")");
            }
            int id = devkit.groundTruth().get(number - 1);
            String wnid = devkit.wnidById().get(id);
            Integer label = wnid == null ? null : index.get(wnid);
            if (label == null) {
                throw new DatasetException(file + ": ground-truth ILSVRC2012_ID " + id + " (wnid " + wnid + ") is not"
                        + " one of the " + classes.size() + " classes (" + devkit.source() + ")");
            }
            files.add(file);
            labels.add(label);
        }
        if (!notImages.isEmpty()) {
            throw new DatasetException(notImages.size() + " file(s) in " + val + " are not images: "
                    + ImageFolderImages.named(notImages));
        }
        if (files.isEmpty()) {
            throw new DatasetException(val + " holds no images");
        }
        return ImageFolderImages.withoutUnreadable(val.toString(), files,
                labels.stream().mapToInt(Integer::intValue).toArray(), classes);
    }

    /** The development kit's two tables: ILSVRC2012_ID per validation image, wnid per ILSVRC2012_ID. */
    private record Devkit(List<Integer> groundTruth, Map<Integer, String> wnidById, String source) {
    }

    private Devkit readDevkit(Path directory) {
        Path folder = directory.resolve(DEVKIT);
        Path archive = directory.resolve(DEVKIT + ".tar.gz");
        byte[] groundTruth;
        byte[] meta;
        String source;
        String groundTruthSource;
        String metaSource;
        if (Files.isDirectory(folder)) {
            source = folder.toString();
            groundTruthSource = directory.resolve(GROUND_TRUTH).toString();
            metaSource = directory.resolve(META).toString();
            groundTruth = readBytes(directory.resolve(GROUND_TRUTH));
            meta = readBytes(directory.resolve(META));
        } else if (Files.isRegularFile(archive)) {
            source = archive.toString();
            groundTruthSource = archive + "!" + GROUND_TRUTH;
            metaSource = archive + "!" + META;
            Map<String, byte[]> members = readMembers(archive, List.of(GROUND_TRUTH, META));
            groundTruth = members.get(GROUND_TRUTH);
            meta = members.get(META);
        } else {
            throw new DatasetException(directory.resolve("val") + " is flat (no <wnid> folders), so its labels come "
                    + "from the development kit, but neither " + folder + " nor " + archive + " exists. Put "
                    + DEVKIT + ".tar.gz (MD5 " + ARCHIVES.get(2).md5() + ") there, or sort val/ into <wnid> folders.");
        }
        return new Devkit(parseGroundTruth(groundTruth, groundTruthSource), parseMeta(meta, metaSource), source);
    }

    private static List<Integer> parseGroundTruth(byte[] bytes, String source) {
        List<Integer> ids = new ArrayList<>();
        String[] lines = new String(bytes, StandardCharsets.US_ASCII).split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].trim();
            if (line.isEmpty() && i == lines.length - 1) {
                break;
            }
            int id;
            try {
                id = Integer.parseInt(line);
            } catch (NumberFormatException e) {
                throw new DatasetException(source + ": line " + (i + 1) + " is '" + line + "', expected an "
                        + "ILSVRC2012_ID (1 to 1000)", e);
            }
            if (id < 1 || id > CLASSES) {
                throw new DatasetException(source + ": line " + (i + 1) + " is " + id + ", expected an ILSVRC2012_ID "
                        + "from 1 to 1000");
            }
            ids.add(id);
        }
        if (ids.isEmpty()) {
            throw new DatasetException(source + " is empty");
        }
        return ids;
    }

    private static Map<Integer, String> parseMeta(byte[] bytes, String source) {
        // Closing the MAT-file releases its arrays, so everything is read inside.
        try (MatFile mat = Mat5.newReader(Sources.wrap(bytes)).disableSubsystemProcessing().readMat()) {
            Array array = null;
            for (MatFile.Entry entry : mat.getEntries()) {
                if (entry.getName().equals("synsets")) {
                    array = entry.getValue();
                }
            }
            if (!(array instanceof Struct synsets)) {
                throw new DatasetException(source + " has no struct array 'synsets'"
                        + (array == null ? "" : " (it is a " + array.getType() + ")"));
            }
            return wnidById(synsets, source);
        } catch (OutOfMemoryError e) {
            throw new DatasetException(source + ": the heap ran out while parsing it: a corrupt size field", e);
        } catch (IOException | RuntimeException e) {
            if (e instanceof DatasetException d) {
                throw d;
            }
            throw new DatasetException(source + " is not a readable MATLAB v5 MAT-file: " + e.getMessage(), e);
        }
    }

    private static Map<Integer, String> wnidById(Struct synsets, String source) {
        if (!synsets.getFieldNames().contains("ILSVRC2012_ID") || !synsets.getFieldNames().contains("WNID")) {
            throw new DatasetException(source + ": synsets has fields " + synsets.getFieldNames()
                    + ", expected ILSVRC2012_ID and WNID");
        }
        Map<Integer, String> wnidById = new HashMap<>();
        for (int i = 0; i < synsets.getNumElements(); i++) {
            Array idArray = synsets.get("ILSVRC2012_ID", i);
            Array wnidArray = synsets.get("WNID", i);
            if (!(idArray instanceof Matrix idMatrix) || idMatrix.getNumElements() != 1
                    || !(wnidArray instanceof Char wnidChar)) {
                throw new DatasetException(source + ": synsets(" + (i + 1) + ") needs a numeric ILSVRC2012_ID and a "
                        + "character WNID");
            }
            int id = idMatrix.getInt(0);
            if (id >= 1 && id <= CLASSES) {
                wnidById.put(id, wnidChar.getString().trim());
            }
        }
        if (wnidById.isEmpty()) {
            throw new DatasetException(source + ": synsets has no entry with ILSVRC2012_ID 1 to 1000");
        }
        return wnidById;
    }

    private static Map<String, byte[]> readMembers(Path archive, List<String> names) {
        Map<String, byte[]> found = new HashMap<>();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive), 1 << 16);
             TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(raw))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextTarEntry()) != null && found.size() < names.size()) {
                if (entry.isFile() && names.contains(entry.getName())) {
                    found.put(entry.getName(), tar.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new DatasetException(archive + " cannot be read: " + e.getMessage() + " (corrupt gzip or tar data)",
                    e);
        }
        for (String name : names) {
            if (!found.containsKey(name)) {
                throw new DatasetException(archive + " has no member " + name + ": not the ILSVRC2012 development kit");
            }
        }
        return found;
    }

    private static byte[] readBytes(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new DatasetException(file + " not found (part of the ILSVRC2012 development kit)");
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DatasetException(file + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static List<String> classFolderNames(Path split) {
        return ImageFolderImages.sortedEntries(split).stream().filter(Files::isDirectory)
                .map(p -> p.getFileName().toString()).toList();
    }

    private static Path requireDirectory(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new DatasetException(directory + " not found: " + DISPLAY_NAME + " needs train/<wnid>/*.JPEG and val/");
        }
        return directory;
    }

    private static void checkPublished(Path split, ImageFolderImages.Listing listing, int expectedCount) {
        if (listing.classNames().size() != CLASSES) {
            throw new DatasetException(split + ": class count is " + listing.classNames().size() + ", expected "
                    + CLASSES);
        }
        int listed = listing.files().size() + listing.skipped().size();
        if (listed != expectedCount) {
            throw new DatasetException(split + ": image count is " + listed + ", expected " + expectedCount
                    + " (the official ILSVRC2012 split)");
        }
    }

    private static ImageFolderImages images(String description, Path split, ImageFolderImages.Listing listing,
                                            Verification verification) {
        return new ImageFolderImages(description, listing.files(), listing.labels(), listing.classNames(),
                listing.skipped(), ImageFolderImages.listingChecksum(split, listing.files()),
                verification == Verification.PUBLISHED && listing.skipped().isEmpty());
    }
}
