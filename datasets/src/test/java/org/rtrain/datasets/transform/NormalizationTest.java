package org.rtrain.datasets.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.rtrain.datasets.CifarDataset;
import org.rtrain.datasets.Image;

class NormalizationTest {

    @Test
    void subtractsTheMeanAndDividesByTheStdPerChannel() {
        Normalization cifar = Normalization.of(CifarDataset.CIFAR_10);
        Image image = new Image(1, 2, 3, new float[] {0.4914f, 0.4822f, 0.4465f, 1f, 0f, 0.5f});
        Image out = cifar.apply(image, new SplittableRandom(0));
        assertEquals(0, out.get(0, 0, 0), 1e-6);
        assertEquals(0, out.get(0, 0, 2), 1e-6);
        assertEquals((1 - 0.4914) / 0.2470, out.get(0, 1, 0), 1e-5);
        assertEquals(-0.4822 / 0.2435, out.get(0, 1, 1), 1e-5);
        assertEquals((0.5 - 0.4465) / 0.2616, out.get(0, 1, 2), 1e-5);
    }

    @Test
    void rejectsMismatchedChannelsAndNonPositiveStd() {
        assertThrows(IllegalArgumentException.class, () -> new Normalization(List.of(0.5), List.of(0.0)));
        assertThrows(IllegalArgumentException.class, () -> new Normalization(List.of(0.5, 0.5), List.of(0.2)));
        Normalization grey = new Normalization(List.of(0.5), List.of(0.2));
        assertThrows(IllegalArgumentException.class,
                () -> grey.apply(new Image(1, 1, 3, new float[3]), new SplittableRandom(0)));
    }
}
