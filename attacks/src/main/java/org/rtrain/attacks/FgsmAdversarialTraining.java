package org.rtrain.attacks;

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
     * One training step of {@code gradient.network()} on {@code batch}; returns the mixed loss
     * {@code alpha * L(x) + (1 - alpha) * L(x_adv)} (training mode, with regularisation), which
     * also becomes the network's score.
     */
    public double fit(InputGradient gradient, DataSet batch) {
        MultiLayerNetwork network = gradient.network();
        INDArray adversarial = adversarialFeatures(gradient, batch);
        int batchSize = (int) batch.getFeatures().size(0);

        network.setInput(batch.getFeatures());
        network.setLabels(batch.getLabels());
        network.computeGradientAndScore();
        double cleanLoss = network.score();
        INDArray cleanGradient = network.getFlattenedGradients().dup();

        network.setInput(adversarial);
        network.computeGradientAndScore();
        double adversarialLoss = network.score();
        INDArray mixedGradient = network.getFlattenedGradients().muli(1 - alpha).addi(cleanGradient.muli(alpha));

        // What DL4J's StochasticGradientDescent does after computing a gradient: the updater turns the
        // gradient view into the update in place (dividing by the batch size, adding L2), then step.
        int iteration = network.getIterationCount();
        int epoch = network.getEpochCount();
        network.getUpdater().update(network, network.gradient(), iteration, epoch, batchSize,
                LayerWorkspaceMgr.noWorkspaces());
        network.params().subi(mixedGradient.reshape(network.params().shape()));
        double mixedLoss = alpha * cleanLoss + (1 - alpha) * adversarialLoss;
        network.setScore(mixedLoss);
        for (TrainingListener listener : network.getListeners()) {
            listener.iterationDone(network, iteration, epoch);
        }
        network.setIterationCount(iteration + 1);
        network.clear();
        return mixedLoss;
    }
}
