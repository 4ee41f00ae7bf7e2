package org.rtrain.experiments;

import java.nio.file.Path;
import java.util.Optional;

import org.rtrain.datasets.DataRoot;
import org.rtrain.datasets.DatasetException;
import org.rtrain.datasets.MnistDataset;
import org.rtrain.datasets.Verification;

/**
 * Which files a spec actually reads. Quick and paper scales read the real dataset, verified against
 * its published checksums; the MNIST rows fall back to Fashion-MNIST (same format, shape and
 * classes) where MNIST is not on the machine, and every result says which was used. The smoke scale
 * reads synthetic fixtures in the MNIST format, checked for structure only.
 *
 * @param dataset      the reader
 * @param directory    where the files are
 * @param verification how strictly they are checked
 * @param name         the dataset used, as results report it
 */
public record DataSelection(MnistDataset dataset, Path directory, Verification verification, String name) {

    /** The data for {@code spec} under {@code root}, or an error saying what is missing and how to get it. */
    public static DataSelection forSpec(ExperimentSpec spec, DataRoot root) {
        if (!spec.paperDataset().equals("MNIST")) {
            throw new DatasetException(spec.id() + ": dataset " + spec.paperDataset() + " is not supported yet");
        }
        if (spec.scale() == Scale.SMOKE) {
            Path directory = MnistDataset.MNIST.locate(root).orElseThrow(() -> new DatasetException(
                    "smoke scale: no MNIST-format fixture under " + root.path()));
            return new DataSelection(MnistDataset.MNIST, directory, Verification.STRUCTURE_ONLY,
                    "synthetic MNIST-format fixture");
        }
        Optional<Path> mnist = MnistDataset.MNIST.locate(root);
        if (mnist.isPresent()) {
            return new DataSelection(MnistDataset.MNIST, mnist.get(), Verification.PUBLISHED, "MNIST");
        }
        Optional<Path> fashion = MnistDataset.FASHION_MNIST.locate(root);
        if (fashion.isPresent()) {
            return new DataSelection(MnistDataset.FASHION_MNIST, fashion.get(), Verification.PUBLISHED,
                    "Fashion-MNIST");
        }
        throw new DatasetException(MnistDataset.MNIST.missingMessage(root) + " Fashion-MNIST, used in its place, "
                + "is missing too: " + MnistDataset.FASHION_MNIST.missingMessage(root));
    }
}
