package org.rtrain.experiments.cli;

import java.io.PrintStream;
import java.util.List;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.rtrain.datasets.DatasetCatalog;
import org.rtrain.datasets.ImageDataset;
import org.rtrain.datasets.ImageShape;
import org.rtrain.experiments.run.RunDataFactory;
import org.rtrain.experiments.spec.ExperimentSpec;
import org.rtrain.models.layers.PixelNormalization;
import org.rtrain.models.zoo.InputShape;
import org.rtrain.models.zoo.ModelSettings;
import org.rtrain.perturb.NetworkAdapter;
import org.rtrain.perturb.PlacementReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code rtrain placement}: for each selected spec, where its network carries the sign perturbation
 * ({@link PlacementReport}): how many activations and elements per example are perturbed, and for each
 * activation by what, or why not. The network is built at the spec's image size, without data.
 */
@Command(name = "placement", description = "where the selected specs' networks carry the sign perturbation: "
        + "activations and elements per example perturbed, and why the others are not")
final class PlacementCommand extends Subcommand {

    @Mixin
    private SelectionOptions selection;

    @Override
    public Integer call() {
        return run(Main.selected(selection), invocation().out());
    }

    /** Prints the report of every trained spec of {@code specs}; returns the exit code. */
    private static int run(List<ExperimentSpec> specs, PrintStream out) {
        for (ExperimentSpec spec : specs) {
            if (spec.cited()) {
                continue;
            }
            ImageDataset dataset = RunDataFactory.sized(DatasetCatalog.byName(spec.data().dataset()),
                    spec.data().imageSize());
            ImageShape size = dataset.imageShape();
            InputShape shape = new InputShape(size.channels(), size.height(), size.width(), dataset.numClasses());
            Model network = spec.architecture().network(new ModelSettings(shape,
                    PixelNormalization.identity(size.channels()), spec.perturbationSettings(),
                    spec.training().optimizer(), spec.baseSeed()));
            InputType image = InputType.convolutional(shape.height(), shape.width(), shape.channels(),
                    spec.architecture().inputFormat());
            PlacementReport report = NetworkAdapter.of(network).match(
                    chain -> PlacementReport.of(chain.getLayerWiseConfigurations(), image),
                    graph -> graphReport(graph, image, shape));
            out.println(spec.id() + " (" + spec.model() + "): " + report);
        }
        return 0;
    }

    /** The report of a zoo graph: its first input is the image, a second one (CapsNet's decoder) the label. */
    private static PlacementReport graphReport(ComputationGraph network, InputType image, InputShape shape) {
        int inputs = network.getConfiguration().getNetworkInputs().size();
        InputType[] types = new InputType[inputs];
        types[0] = image;
        for (int i = 1; i < inputs; i++) {
            types[i] = InputType.feedForward(shape.classes());
        }
        return PlacementReport.of(network.getConfiguration(), types);
    }
}
