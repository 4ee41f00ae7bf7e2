package org.rtrain.datasets;

/** How strictly a dataset file is checked when it is read. */
public enum Verification {
    /**
     * Structure (magic number, dimensions, sizes) and the published checksum and example count:
     * the real dataset, nothing else.
     */
    PUBLISHED,
    /**
     * Structure only; the checksum is computed and reported but not compared. For synthetic
     * fixtures in the real format, never for results that are compared with the paper.
     */
    STRUCTURE_ONLY
}
