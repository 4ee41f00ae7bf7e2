package org.rtrain.datasets.image;

import java.util.SplittableRandom;

/**
 * A seeded transform of one image: an augmentation, a resize or crop, a normalisation. Given the
 * same image and a generator in the same state it returns the same result; it never modifies its
 * input.
 */
@FunctionalInterface
public interface ImageTransform {

    /** The transformed image, drawing any randomness from {@code random}. */
    Image apply(Image image, SplittableRandom random);

    /** This transform, then {@code next}. */
    default ImageTransform andThen(ImageTransform next) {
        return (image, random) -> next.apply(apply(image, random), random);
    }

    /** The transform that returns its input. */
    static ImageTransform identity() {
        return (image, random) -> image;
    }
}
