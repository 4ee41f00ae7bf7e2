package org.rtrain.datasets;

import java.nio.file.Path;

/**
 * One image file cannot be decoded (empty, truncated, not an image, corrupt). Among many images it
 * is skipped, counted and reported rather than stopping a run; {@link EpochBatches} does that.
 */
public class UnreadableImageException extends DatasetException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public UnreadableImageException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public UnreadableImageException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** The file that could not be decoded. */
    public Path file() {
        return file;
    }
}
