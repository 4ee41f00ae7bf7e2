package org.rtrain.models;

import java.util.Objects;

import org.deeplearning4j.nn.conf.CNN2DFormat;

/**
 * Options of {@link LeNet}.
 *
 * @param channels           input channels
 * @param height             input height
 * @param width              input width
 * @param classes            number of classes
 * @param classifierDropRate probability of dropping a classifier input, in [0, 1); 0 disables it
 * @param optimizer          SGD settings
 * @param perturbation       the sign perturbation, or {@link PerturbationSettings#none()}
 * @param seed               seed of the weight initialisation and of DL4J's random stream
 * @param dataFormat         layout of the input and convolutional activations; NHWC is faster on oneDNN
 */
public record LeNetOptions(int channels, int height, int width, int classes, double classifierDropRate,
                           OptimizerSettings optimizer, PerturbationSettings perturbation, long seed,
                           CNN2DFormat dataFormat) {

    /**
     * Caffe's LeNet solver ({@code lenet_solver.prototxt}): classical momentum 0.9, learning rate
     * 0.01 with the "inv" policy (gamma 1e-4, power 0.75), weight decay 5e-4 on weights and biases
     * (the prototxt leaves {@code decay_mult} at 1).
     */
    public static final OptimizerSettings CAFFE_SOLVER = new OptimizerSettings(OptimizerSettings.Method.MOMENTUM,
            0.01, 0.9, new LearningRateSchedule.Inverse(1e-4, 0.75), 5e-4, true);

    public LeNetOptions {
        if (channels <= 0 || height < 16 || width < 16) {
            throw new IllegalArgumentException("LeNet needs at least 1 channel and 16x16 inputs, got "
                    + channels + "x" + height + "x" + width);
        }
        if (classes < 2) {
            throw new IllegalArgumentException("classes must be >= 2, got " + classes);
        }
        if (!(classifierDropRate >= 0 && classifierDropRate < 1)) {
            throw new IllegalArgumentException("classifierDropRate must be in [0, 1), got " + classifierDropRate);
        }
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(perturbation, "perturbation");
        Objects.requireNonNull(dataFormat, "dataFormat");
    }

    /**
     * MNIST-shaped LeNet with Caffe's LeNet solver ({@code lenet_solver.prototxt}: learning rate
     * 0.01 with the "inv" policy, gamma 1e-4, power 0.75; momentum 0.9; weight decay 5e-4) and
     * dropout 0.5 before the classifier, channels-last.
     */
    public static LeNetOptions mnist(PerturbationSettings perturbation, long seed) {
        return new LeNetOptions(1, 28, 28, 10, 0.5, CAFFE_SOLVER, perturbation, seed, CNN2DFormat.NHWC);
    }

    /** A copy with another data layout. */
    public LeNetOptions withDataFormat(CNN2DFormat format) {
        return new LeNetOptions(channels, height, width, classes, classifierDropRate, optimizer, perturbation, seed,
                format);
    }
}
