package org.rtrain.attacks.disturbance;

import java.util.List;
import java.util.SplittableRandom;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonSubTypes;
import org.nd4j.shade.jackson.annotation.JsonTypeInfo;

/**
 * One of the five input disturbances of the paper's Table 1, applied at evaluation time to a batch of
 * images at the model's input size, pixels in [0, 1], in NCHW or NHWC.
 *
 * <p>The paper names them only by Table 1's column headers; each follows the torchvision transform
 * of the same name ({@code RandomCrop} with padding, {@code RandomHorizontalFlip},
 * {@code RandomGrayscale}, {@code ColorJitter}, {@code FiveCrop} with one crop chosen at random and
 * resized back), as the paper's readers will assume. Every image of a batch draws its own random
 * parameters, in batch order, from the generator passed in, so a seed fixes the result. The input is
 * never modified; the output has its shape and data type.
 *
 * <p>A disturbance tests a trained model; it is not the training-time augmentation of the same name in
 * the datasets module ({@code org.rtrain.datasets.transform}), which transforms one image of the data
 * pipeline at a time. Reports read the measured accuracies under {@link #name()}, Table 1's column name.
 *
 * <p>JSON-serialisable with the name as type, e.g. {@code {"type":"random_crop","paddingFraction":0.125}}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = RandomCropDisturbance.class, name = RandomCropDisturbance.NAME),
        @JsonSubTypes.Type(value = RandomHorizontalFlipDisturbance.class,
                name = RandomHorizontalFlipDisturbance.NAME),
        @JsonSubTypes.Type(value = RandomGrayscaleDisturbance.class, name = RandomGrayscaleDisturbance.NAME),
        @JsonSubTypes.Type(value = RandomColorDisturbance.class, name = RandomColorDisturbance.NAME),
        @JsonSubTypes.Type(value = RandomFiveCropDisturbance.class, name = RandomFiveCropDisturbance.NAME),
})
public sealed interface Disturbance
        permits RandomCropDisturbance, RandomHorizontalFlipDisturbance, RandomGrayscaleDisturbance,
        RandomColorDisturbance, RandomFiveCropDisturbance {

    /**
     * The name as Table 1's CSV columns spell it: {@code random_crop}, {@code random_hflip},
     * {@code random_grayscale}, {@code random_color} or {@code random_five_crop}.
     */
    String name();

    /** The disturbed images: a new array shaped like {@code images} ({@code format} layout), drawing from {@code random}. */
    default INDArray apply(INDArray images, CNN2DFormat format, SplittableRandom random) {
        return ImageBatch.map(images, format, random, this);
    }

    /**
     * One disturbed image, {@code [channel][row][column]}, drawing its random parameters from {@code random};
     * {@code image} is not modified.
     */
    double[][][] disturb(double[][][] image, SplittableRandom random);

    /** Table 1's five disturbances with this project's standard parameters, in the table's column order. */
    static List<Disturbance> table1() {
        return List.of(RandomCropDisturbance.standard(), RandomHorizontalFlipDisturbance.standard(),
                RandomGrayscaleDisturbance.standard(), RandomColorDisturbance.standard(),
                RandomFiveCropDisturbance.standard());
    }
}
