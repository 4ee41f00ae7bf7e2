package org.rtrain.attacks;

import java.util.Collection;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * FGSM adversarial training: each step minimises {@code alpha * L(x) + (1 - alpha) * L(x_adv)} with
 * {@code x_adv} the FGSM example of the current parameters.
 *
 * <p>From Goodfellow, Shlens and Szegedy, "Explaining and harnessing adversarial examples"
 * (arXiv 1412.6572), section 6, equation 3. Defaults from that paper: {@code alpha = 0.5};
 * {@code epsilon = 0.25} is the value it used on MNIST ({@code 0.1} on CIFAR-10).
 *
 * <p>Use it for the paper's FGSM- baselines. One step costs an inference-mode forward and backward
 * pass for the attack, then a training-mode forward and backward pass on the clean and on the
 * adversarial batch; their parameter gradients are mixed with weights {@code alpha} and
 * {@code 1 - alpha} and handed to the network's own updater, as {@code fit} would. (DL4J's label
 * masks cannot weight examples: a mask value other than 0 or 1 scales the output layer's
 * pre-activations, not the loss.)
 *
 * @param epsilon attack radius in pixel units
 * @param alpha   weight of the clean loss, in [0, 1]
 */
public record FgsmAdversarialTraining(double epsilon, double alpha) {

    /** Goodfellow et al.'s weight of the clean loss. */
    public static final double DEFAULT_ALPHA = 0.5;
    /** Goodfellow et al.'s MNIST epsilon. */
    public static final double DEFAULT_EPSILON = 0.25;

    public FgsmAdversarialTraining {
        new FgsmAttack(epsilon);
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("FGSM training alpha must be in [0, 1], got " + alpha);
        }
    }

    /** With Goodfellow et al.'s defaults. */
    public static FgsmAdversarialTraining defaults() {
        return new FgsmAdversarialTraining(DEFAULT_EPSILON, DEFAULT_ALPHA);
    }

    /** Adversarial examples for {@code batch} under the network's current parameters. */
    public INDArray adversarialFeatures(InputGradient gradient, DataSet batch) {
        return new FgsmAttack(epsilon).perturb(gradient, batch.getFeatures(), batch.getLabels());
    }

    /**
     * One training step of {@code gradient.model()} on {@code batch}; returns the mixed loss
     * {@code alpha * L(x) + (1 - alpha) * L(x_adv)} (training mode, with regularisation), which
     * also becomes the network's score.
     */
    public double fit(InputGradient gradient, DataSet batch) {
        Model model = gradient.model();
        INDArray adversarial = adversarialFeatures(gradient, batch);
        int batchSize = (int) batch.getFeatures().size(0);

        double cleanLoss = computeGradientAndScore(model, batch.getFeatures(), batch.getLabels());
        INDArray cleanGradient = model.getGradientsViewArray().dup();
        double adversarialLoss = computeGradientAndScore(model, adversarial, batch.getLabels());
        INDArray mixedGradient = model.getGradientsViewArray().muli(1 - alpha).addi(cleanGradient.muli(alpha));

        // What DL4J's StochasticGradientDescent does after computing a gradient: the updater turns the
        // gradient view into the update in place (dividing by the batch size, adding L2), then step.
        int iteration;
        int epoch;
        Collection<TrainingListener> listeners;
        if (model instanceof MultiLayerNetwork network) {
            iteration = network.getIterationCount();
            epoch = network.getEpochCount();
            network.getUpdater().update(network, network.gradient(), iteration, epoch, batchSize,
                    LayerWorkspaceMgr.noWorkspaces());
            listeners = network.getListeners();
        } else {
            ComputationGraph graph = (ComputationGraph) model;
            iteration = graph.getIterationCount();
            epoch = graph.getEpochCount();
            graph.getUpdater().update(graph.gradient(), iteration, epoch, batchSize, LayerWorkspaceMgr.noWorkspaces());
            listeners = graph.getListeners();
        }
        model.params().subi(mixedGradient.reshape(model.params().shape()));
        double mixedLoss = alpha * cleanLoss + (1 - alpha) * adversarialLoss;
        if (model instanceof MultiLayerNetwork network) {
            network.setScore(mixedLoss);
            network.setIterationCount(iteration + 1);
        } else {
            ((ComputationGraph) model).setScore(mixedLoss);
            ((ComputationGraph) model).getConfiguration().setIterationCount(iteration + 1);
        }
        for (TrainingListener listener : listeners) {
            listener.iterationDone(model, iteration, epoch);
        }
        model.clear();
        return mixedLoss;
    }

    private static double computeGradientAndScore(Model model, INDArray features, INDArray labels) {
        if (model instanceof MultiLayerNetwork network) {
            network.setInput(features);
            network.setLabels(labels);
            network.computeGradientAndScore();
        } else {
            ComputationGraph graph = (ComputationGraph) model;
            graph.setInputs(features);
            graph.setLabels(labels);
            graph.computeGradientAndScore();
        }
        return model.score();
    }
}
