package org.rtrain.datasets;

/**
 * A dataset file is missing, corrupt, truncated or not what it claims to be. The message names the
 * file, the offending field or checksum, and what was expected.
 */
public class DatasetException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
