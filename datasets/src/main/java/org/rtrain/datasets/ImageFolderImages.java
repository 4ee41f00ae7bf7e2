package org.rtrain.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

import org.apache.commons.codec.binary.Hex;
import org.apache.commons.codec.digest.DigestUtils;
import org.rtrain.datasets.image.Image;

/**
 * A split stored as one image file per example (ImageNet's JPEG folders, DL4J's CIFAR-10 PNGs),
 * decoded when an example is asked for.
 *
 * <p>Listing the files ({@link #listClassFolders}) checks the layout before any training: every file
 * must have an image extension and every class folder at least one image, or the listing fails
 * naming the offenders; files that are empty or do not start with an image signature are left out,
 * counted and reported ({@link #skippedWhenListed()}). Files that still fail to decode later throw
 * {@link UnreadableImageException}, which the batch loader skips and counts
 * ({@link #unreadable()} collects them here too).
 */
public final class ImageFolderImages implements LabelledImages {

    /** More unreadable files than this fraction of a split means the folder is wrong, not a few bad files. */
    private static final double MAX_UNREADABLE_FRACTION = 0.01;
    /** Offending files named in one message. */
    private static final int NAMED = 10;

    private final String description;
    private final List<Path> files;
    private final int[] labels;
    private final List<String> classNames;
    private final List<String> skippedWhenListed;
    private final Set<String> unreadable = ConcurrentHashMap.newKeySet();
    private final String checksum;
    private final boolean verified;

    /**
     * Examples {@code files.get(i)} of class {@code labels[i]}.
     *
     * @param classNames        name of each class, index = label
     * @param skippedWhenListed files left out when the folder was listed, with the reason
     * @param checksum          what identifies the files read (see {@link #listingChecksum})
     */
    public ImageFolderImages(String description, List<Path> files, int[] labels, List<String> classNames,
                             List<String> skippedWhenListed, String checksum, boolean verified) {
        if (files.size() != labels.length) {
            throw new IllegalArgumentException(description + ": " + files.size() + " files but " + labels.length
                    + " labels");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classNames.size()) {
                throw new IllegalArgumentException(description + ": label of " + files.get(i) + " is " + labels[i]
                        + ", expected 0 to " + (classNames.size() - 1));
            }
        }
        this.description = description;
        this.files = List.copyOf(files);
        this.labels = labels.clone();
        this.classNames = List.copyOf(classNames);
        this.skippedWhenListed = List.copyOf(skippedWhenListed);
        this.checksum = checksum;
        this.verified = verified;
    }

    /** The files of one split, each labelled by the position of its folder's name among the sorted class names. */
    public record Listing(List<Path> files, int[] labels, List<String> classNames, List<String> skipped) {
    }

    /**
     * Lists {@code splitDirectory/<class>/<image>}: classes are the sub-folders in sorted name order
     * (torchvision's {@code ImageFolder} order), hidden files (starting with {@code .}) are ignored.
     *
     * @throws DatasetException when the folder has no class folders, a class folder holds no image,
     *                          a file has no image extension, or more than 1% of the files are unreadable
     */
    public static Listing listClassFolders(Path splitDirectory) {
        List<Path> classFolders = new ArrayList<>();
        for (Path entry : sortedEntries(splitDirectory)) {
            if (Files.isDirectory(entry)) {
                classFolders.add(entry);
            } else if (!isHidden(entry)) {
                throw new DatasetException(entry + " is a file where class folders are expected ("
                        + splitDirectory + "/<class>/<image>)");
            }
        }
        if (classFolders.isEmpty()) {
            throw new DatasetException(splitDirectory + " holds no class folders; expected " + splitDirectory
                    + "/<class>/<image>");
        }
        List<String> names = classFolders.stream().map(p -> p.getFileName().toString()).toList();
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<String> emptyFolders = new ArrayList<>();
        List<Path> notImages = new ArrayList<>();
        for (int label = 0; label < classFolders.size(); label++) {
            int before = files.size();
            for (Path file : sortedEntries(classFolders.get(label))) {
                if (isHidden(file)) {
                    continue;
                }
                if (Files.isDirectory(file) || !ImageFormat.hasImageExtension(file.getFileName().toString())) {
                    notImages.add(file);
                } else {
                    files.add(file);
                    labels.add(label);
                }
            }
            if (files.size() == before) {
                emptyFolders.add(classFolders.get(label).toString());
            }
        }
        if (!notImages.isEmpty()) {
            throw new DatasetException(notImages.size() + " file(s) in " + splitDirectory
                    + " are not images (allowed extensions: " + String.join(", ", ImageFormat.EXTENSIONS.stream()
                    .sorted().toList()) + "): " + named(notImages.stream().map(Path::toString).toList()));
        }
        if (!emptyFolders.isEmpty()) {
            throw new DatasetException(emptyFolders.size() + " class folder(s) hold no image: " + named(emptyFolders)
                    + "; every class needs at least one image");
        }
        return withoutUnreadable(splitDirectory.toString(), files, labels.stream().mapToInt(Integer::intValue)
                .toArray(), names);
    }

    /**
     * Leaves out the files that are empty or do not start with an image signature (read in
     * parallel: it is a few bytes of each of up to 1.3 million files).
     */
    static Listing withoutUnreadable(String where, List<Path> files, int[] labels, List<String> classNames) {
        String[] problems = new String[files.size()];
        IntStream.range(0, files.size()).parallel().forEach(i -> problems[i] = signatureProblem(files.get(i)));
        List<Path> kept = new ArrayList<>(files.size());
        List<Integer> keptLabels = new ArrayList<>(files.size());
        List<String> skipped = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            if (problems[i] == null) {
                kept.add(files.get(i));
                keptLabels.add(labels[i]);
            } else {
                skipped.add(files.get(i) + ": " + problems[i]);
            }
        }
        if (skipped.size() > MAX_UNREADABLE_FRACTION * files.size() && skipped.size() > 1) {
            throw new DatasetException(skipped.size() + " of the " + files.size() + " images in " + where
                    + " are unreadable, more than " + (int) (100 * MAX_UNREADABLE_FRACTION)
                    + "%: wrong folder or damaged copy. " + named(skipped));
        }
        return new Listing(kept, keptLabels.stream().mapToInt(Integer::intValue).toArray(), classNames,
                skipped);
    }

    private static String signatureProblem(Path file) {
        byte[] head = new byte[ImageFormat.SIGNATURE_BYTES];
        try (InputStream in = Files.newInputStream(file)) {
            int n = in.readNBytes(head, 0, head.length);
            return ImageFormat.problem(head, n);
        } catch (IOException e) {
            return "cannot be read: " + e.getMessage();
        }
    }

    /**
     * MD5 over the files' paths relative to {@code base} and their sizes, one line each: what a
     * result records to identify a folder of a million images without reading them all.
     */
    public static String listingChecksum(Path base, List<Path> files) {
        MessageDigest md5 = DigestUtils.getMd5Digest();
        for (Path file : files) {
            long size;
            try {
                size = Files.readAttributes(file, BasicFileAttributes.class).size();
            } catch (IOException e) {
                size = -1;
            }
            md5.update((base.relativize(file) + "\t" + size + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return "listing-md5:" + Hex.encodeHexString(md5.digest());
    }

    static List<Path> sortedEntries(Path directory) {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            stream.forEach(entries::add);
        } catch (IOException e) {
            throw new DatasetException(directory + " cannot be listed: " + e.getMessage(), e);
        }
        Collections.sort(entries);
        return entries;
    }

    static boolean isHidden(Path file) {
        return file.getFileName().toString().startsWith(".");
    }

    static String named(List<String> items) {
        String shown = String.join(", ", items.subList(0, Math.min(NAMED, items.size())));
        return items.size() > NAMED ? shown + " and " + (items.size() - NAMED) + " more" : shown;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public int size() {
        return files.size();
    }

    @Override
    public int numClasses() {
        return classNames.size();
    }

    @Override
    public int label(int index) {
        return labels[index];
    }

    /** The file of example {@code index}. */
    public Path file(int index) {
        return files.get(index);
    }

    /** Class names, index = label (ImageNet: the wnids). */
    public List<String> classNames() {
        return classNames;
    }

    /** Files left out when the folder was listed (empty or not an image inside), with the reason. */
    public List<String> skippedWhenListed() {
        return skippedWhenListed;
    }

    /** Files that failed to decode so far, with the reason. */
    public List<String> unreadable() {
        return unreadable.stream().sorted().toList();
    }

    /** Example {@code index}, decoded. */
    @Override
    public Image image(int index) {
        try {
            return ImageDecoder.decode(files.get(index));
        } catch (UnreadableImageException e) {
            unreadable.add(e.getMessage());
            throw e;
        }
    }

    @Override
    public String checksum() {
        return checksum;
    }

    @Override
    public boolean verified() {
        return verified;
    }
}
