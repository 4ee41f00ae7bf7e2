package org.rtrain.models.zoo;

import java.util.Objects;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * {@link LeNet} as an {@link Architecture}: its options apart from the data and the training run.
 *
 * @param classifierDropRate probability of dropping a classifier input, in [0, 1); 0 disables it
 * @param dataFormat         layout of the input and convolutional activations; NHWC is faster on oneDNN
 */
public record LeNetArchitecture(double classifierDropRate, CNN2DFormat dataFormat) implements Architecture {

    public LeNetArchitecture {
        if (!(classifierDropRate >= 0 && classifierDropRate < 1)) {
            throw new IllegalArgumentException("LeNet classifierDropRate must be in [0, 1), got " + classifierDropRate);
        }
        Objects.requireNonNull(dataFormat, "dataFormat");
    }

    /** Table 4's LeNet: dropout 0.5 before the classifier, channels-last. */
    public static LeNetArchitecture paper() {
        return new LeNetArchitecture(0.5, CNN2DFormat.NHWC);
    }

    @Override
    public MultiLayerNetwork network(ModelSettings settings) {
        return LeNet.network(this, settings);
    }

    @Override
    public CNN2DFormat inputFormat() {
        return dataFormat;
    }
}
