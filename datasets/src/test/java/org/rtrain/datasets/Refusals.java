package org.rtrain.datasets;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.function.Executable;

/** The check that a dataset operation is refused with a message that says why. */
final class Refusals {

    private Refusals() {
    }

    /** Asserts that {@code operation} throws a {@link DatasetException} whose message contains all of {@code parts}. */
    static void assertRefused(Executable operation, String... parts) {
        DatasetException e = assertThrows(DatasetException.class, operation);
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), e.getMessage());
        }
    }
}
