package org.rtrain.attacks.training;

import java.util.Collection;
import java.util.Objects;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.rtrain.attacks.FgsmAttack;
import org.rtrain.attacks.gradient.InputGradient;
import org.rtrain.attacks.gradient.TrainingPassGradient;
import org.rtrain.perturb.NetworkAdapter;

/**
 * {@link AdversarialTraining} of one network: takes its training steps, and owns the input gradients
 * the strategy's attack needs, built from the network on first use ({@link InputGradient}'s inference
 * twin, or the clean pass's training twin). Both twins view the network's parameters and share its
 * mutable layer configurations, so they follow it as it trains; a trainer serves its network for its
 * whole life. Make one per network with {@link AdversarialTraining#trainerFor}.
 */
public final class AdversarialTrainer {

    private final AdversarialTraining strategy;
    private final NetworkAdapter network;
    private InputGradient inferenceGradient;
    private TrainingPassGradient trainingPass;

    AdversarialTrainer(AdversarialTraining strategy, Model network) {
        this.strategy = Objects.requireNonNull(strategy, "strategy");
        this.network = NetworkAdapter.of(network);
    }

    /** The settings this trainer follows. */
    public AdversarialTraining strategy() {
        return strategy;
    }

    /** The network it trains. */
    public Model network() {
        return network.model();
    }

    /** The deployed model's input gradient, through the inference twin (built on first use). */
    InputGradient inputGradient() {
        if (inferenceGradient == null) {
            inferenceGradient = InputGradient.forModel(network.model());
        }
        return inferenceGradient;
    }

    private TrainingPassGradient trainingPass() {
        if (trainingPass == null) {
            trainingPass = TrainingPassGradient.forModel(network.model());
        }
        return trainingPass;
    }

    /**
     * Adversarial examples for {@code batch} under the network's current parameters from the
     * inference twin (the deployed model's gradient), drawn from the attack's stream for the network's
     * current iteration, whatever {@link AdversarialTraining#attackGradient()} says.
     */
    public INDArray adversarialFeatures(DataSet batch) {
        return strategy.attack().forStream(network.iterationCount()).perturb(inputGradient(), batch.getFeatures(),
                batch.getLabels());
    }

    /**
     * One training step of the network on {@code batch}; returns the mixed loss
     * {@code alpha * L(x) + (1 - alpha) * L(x_adv)} (training mode, with regularisation), which
     * also becomes the network's score.
     */
    public double fit(DataSet batch) {
        Model model = network.model();
        double alpha = strategy.alpha();
        INDArray features = batch.getFeatures();
        int batchSize = (int) features.size(0);

        double cleanLoss = 0;
        INDArray cleanGradient = null;
        INDArray adversarial;
        if (strategy.attackGradient() == AdversarialTraining.AttackGradient.TRAINING_PASS) {
            TrainingPassGradient.Pass clean = trainingPass().run(features, batch.getLabels());
            cleanLoss = clean.loss();
            cleanGradient = clean.parameterGradient();
            adversarial = ((FgsmAttack) strategy.attack()).perturb(features, clean.inputGradient());
        } else {
            adversarial = adversarialFeatures(batch);
            if (alpha > 0) {
                cleanLoss = network.computeGradientAndScore(features, batch.getLabels());
                cleanGradient = model.getGradientsViewArray().dup();
            }
        }
        double adversarialLoss = network.computeGradientAndScore(adversarial, batch.getLabels());
        INDArray mixedGradient = model.getGradientsViewArray();
        if (cleanGradient != null) {
            mixedGradient.muli(1 - alpha).addi(cleanGradient.muli(alpha));
        }

        // What DL4J's StochasticGradientDescent does after computing a gradient: the updater turns the
        // gradient view into the update in place (dividing by the batch size, adding L2), then step.
        int iteration = network.iterationCount();
        int epoch = network.epochCount();
        network.applyUpdater(iteration, epoch, batchSize);
        Collection<TrainingListener> listeners = network.listeners();
        model.params().subi(mixedGradient.reshape(model.params().shape()));
        double mixedLoss = alpha * cleanLoss + (1 - alpha) * adversarialLoss;
        network.setScore(mixedLoss);
        network.setIterationCount(iteration + 1);
        for (TrainingListener listener : listeners) {
            listener.iterationDone(model, iteration, epoch);
        }
        model.clear();
        return mixedLoss;
    }
}
