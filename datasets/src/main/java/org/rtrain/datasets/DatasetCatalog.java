package org.rtrain.datasets;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Every dataset of the paper, found by the name results and tables use (MNIST, Fashion-MNIST,
 * CIFAR-10, CIFAR-100, SVHN, ImageNet-1k; also CIFAR-100-coarse). Names match case-insensitively and
 * ignoring punctuation and spaces, so {@code cifar10}, {@code Fashion MNIST} and {@code imagenet1k}
 * work; {@code ImageNet} and {@code ILSVRC2012} are accepted for ImageNet-1k.
 */
public final class DatasetCatalog {

    private static final List<ImageDataset> ALL = List.of(MnistDataset.MNIST, MnistDataset.FASHION_MNIST,
            CifarDataset.CIFAR_10, CifarDataset.CIFAR_100, CifarDataset.CIFAR_100_COARSE, SvhnDataset.SVHN,
            ImageNetDataset.standard());

    private DatasetCatalog() {
    }

    /** Every dataset, in the order above. */
    public static List<ImageDataset> all() {
        return ALL;
    }

    /** The dataset called {@code name}, if any. */
    public static Optional<ImageDataset> find(String name) {
        String key = normalise(name);
        if (key.equals("imagenet") || key.equals("ilsvrc2012")) {
            key = normalise(ImageNetDataset.DISPLAY_NAME);
        }
        String wanted = key;
        return ALL.stream().filter(d -> normalise(d.displayName()).equals(wanted)).findFirst();
    }

    /**
     * The dataset called {@code name}.
     *
     * @throws DatasetException naming the unknown name and every known one
     */
    public static ImageDataset byName(String name) {
        return find(name).orElseThrow(() -> new DatasetException("unknown dataset '" + name + "'; known: "
                + ALL.stream().map(ImageDataset::displayName).collect(Collectors.joining(", "))));
    }

    private static String normalise(String name) {
        return name == null ? "" : name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }
}
