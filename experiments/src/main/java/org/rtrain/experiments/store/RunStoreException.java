package org.rtrain.experiments.store;

/** The run store cannot be reached, read or migrated; the message names the store and what to do. */
public final class RunStoreException extends RuntimeException {

    /** @param message what went wrong, naming the store */
    public RunStoreException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, naming the store
     * @param cause   the database's error
     */
    public RunStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
