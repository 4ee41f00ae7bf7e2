package org.rtrain.experiments.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.rtrain.attacks.evaluation.AccuracyEstimate;
import org.rtrain.attacks.evaluation.RobustnessEvaluation;
import org.rtrain.attacks.evaluation.RobustnessResult;
import org.rtrain.perturb.NetworkAdapter;
import org.rtrain.reports.results.Accuracy;
import org.rtrain.reports.results.AttackPoint;

/**
 * What a finished run is measured on, as results record it: clean accuracy, and as its spec asks,
 * accuracy under Table 1's disturbances and under FGSM and PGD at each radius.
 *
 * @param clean        accuracy on the clean test set
 * @param disturbances accuracy under each disturbance, by Table 1's column name
 * @param attacks      accuracy under each attack and radius
 */
record RunEvaluation(Accuracy clean, Map<String, Accuracy> disturbances, List<AttackPoint> attacks) {

    /** Evaluates {@code network} on the test batches of {@code data} as {@code plan} says, drawing from {@code seed}. */
    static RunEvaluation of(NetworkAdapter network, RunData data, RobustnessEvaluation plan, long seed,
                            CNN2DFormat format) {
        RobustnessEvaluation seeded = plan.withSeed(seed);
        RobustnessResult result = seeded.evaluate(network.model(), format, () -> data.test().inOrder(0));
        Map<String, Accuracy> disturbances = new LinkedHashMap<>();
        result.disturbances().forEach((name, accuracy) -> disturbances.put(name, accuracy(accuracy)));
        List<AttackPoint> attacks = result.attacks().stream()
                .map(a -> new AttackPoint(a.attack(), a.epsilon(), accuracy(a.accuracy()))).toList();
        return new RunEvaluation(accuracy(result.clean()), disturbances, attacks);
    }

    private static Accuracy accuracy(AccuracyEstimate estimate) {
        return new Accuracy(estimate.examples(), estimate.top1(), estimate.top5());
    }
}
