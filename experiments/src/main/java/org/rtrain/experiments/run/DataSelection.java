package org.rtrain.experiments.run;

import java.nio.file.Path;
import java.util.Optional;

import org.rtrain.datasets.DataRoot;
import org.rtrain.datasets.DatasetCatalog;
import org.rtrain.datasets.DatasetException;
import org.rtrain.datasets.ImageDataset;
import org.rtrain.datasets.Verification;
import org.rtrain.experiments.spec.ExperimentSpec;
import org.rtrain.reports.results.Scale;

/**
 * Which files a spec actually reads. Quick and paper scales read the real dataset, verified against
 * its published checksums and counts; a row may fall back to a stand-in dataset (the MNIST rows to
 * Fashion-MNIST, same format, shape and classes) where its own is not on the machine, and every result,
 * table and claim says which was used. The smoke scale reads synthetic fixtures in the dataset's real
 * format under the data root, checked for structure only.
 *
 * @param dataset      the dataset read
 * @param directory    where its files are
 * @param verification how strictly they are checked
 * @param name         the dataset used, as results report it
 */
public record DataSelection(ImageDataset dataset, Path directory, Verification verification, String name) {

    /** The data for {@code spec} under {@code root}, or an error saying what is missing and how to get it. */
    public static DataSelection forSpec(ExperimentSpec spec, DataRoot root) {
        ImageDataset wanted = DatasetCatalog.byName(spec.data().dataset());
        if (spec.scale() == Scale.SMOKE) {
            // Fixtures live under the data root; a real copy installed elsewhere on the machine is not a fixture.
            Path directory = wanted.locate(root).filter(d -> d.toAbsolutePath().startsWith(root.path().toAbsolutePath()))
                    .orElseThrow(() -> new DatasetException("smoke scale: no " + wanted.displayName()
                            + "-format fixture under " + root.path() + " (the tests write them with the datasets "
                            + "module's fixture writers)"));
            return new DataSelection(wanted, directory, Verification.STRUCTURE_ONLY,
                    "synthetic " + wanted.displayName() + "-format fixture");
        }
        Optional<Path> own = wanted.locate(root);
        if (own.isPresent()) {
            return new DataSelection(wanted, own.get(), Verification.PUBLISHED, wanted.displayName());
        }
        if (spec.data().standIn() != null) {
            ImageDataset standIn = DatasetCatalog.byName(spec.data().standIn());
            Optional<Path> found = standIn.locate(root);
            if (found.isPresent()) {
                return new DataSelection(standIn, found.get(), Verification.PUBLISHED, standIn.displayName());
            }
            throw new DatasetException(wanted.missingMessage(root) + " " + standIn.displayName() + ", used in its "
                    + "place, is missing too: " + standIn.missingMessage(root));
        }
        throw new DatasetException(wanted.missingMessage(root));
    }
}
