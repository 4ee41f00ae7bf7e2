package org.rtrain.datasets.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.rtrain.datasets.image.Image;

class NormalizationTest {

    @Test
    void rejectsMismatchedChannelsAndNonPositiveStd() {
        assertThrows(IllegalArgumentException.class, () -> new Normalization(List.of(0.5), List.of(0.0)));
        assertThrows(IllegalArgumentException.class, () -> new Normalization(List.of(0.5, 0.5), List.of(0.2)));
        Normalization grey = new Normalization(List.of(0.5), List.of(0.2));
        assertThrows(IllegalArgumentException.class,
                () -> grey.apply(new Image(1, 1, 3, new float[3]), new SplittableRandom(0)));
    }
}
