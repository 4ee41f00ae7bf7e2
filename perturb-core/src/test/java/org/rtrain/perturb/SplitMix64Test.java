package org.rtrain.perturb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SplitMix64Test {

    /** Values the four former copies of the mixing (seed sequence, stream seed, batch order, sign draw) gave. */
    @Test
    void pinsTheValuesOfTheFormerCopies() {
        assertEquals(0x0000000000000000L, SplitMix64.mix(0L));
        assertEquals(0x5692161D100B05E5L, SplitMix64.mix(1L));
        assertEquals(0xA759EA27D4727622L, SplitMix64.mix(42L));
        assertEquals(0xB4D055FCF2CBBD7BL, SplitMix64.mix(-1L));
        assertEquals(0xB2C058E4EBB5112CL, SplitMix64.mix(0x123456789ABCDEFL));
        assertEquals(0xE220A8397B1DCDAFL, SplitMix64.output(0, 0));
        assertEquals(0xBDD732262FEB6E95L, SplitMix64.output(42, 0));
        assertEquals(0xCCF635EE9E9E2FA4L, SplitMix64.output(42, 7));
        assertEquals(0x68A4195514300D56L, SplitMix64.output(-5, 1_000_000));
        assertEquals(0xDE4431FA3C80DB06L, SplitMix64.output(42, 5));
        assertEquals(0x09BC585A244823F2L, SplitMix64.output(42, 4));
    }

    @Test
    void outputIsTheMatchingDrawOfSplittableRandom() {
        SplittableRandom random = new SplittableRandom(-7);
        for (long index = 0; index < 100; index++) {
            assertEquals(random.nextLong(), SplitMix64.output(-7, index), "output " + index);
        }
    }
}
