package org.rtrain.reports.results;

/** How a run ended. */
public enum RunStatus {
    /** Trained for every epoch and evaluated. */
    COMPLETED,
    /** Stopped because the loss became NaN or infinite; the result says at which epoch and step. */
    DIVERGED
}
