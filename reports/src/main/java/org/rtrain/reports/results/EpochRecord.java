package org.rtrain.reports.results;

/**
 * One point of a training curve.
 *
 * @param epoch        epoch number, from 1
 * @param trainLoss    mean training loss over the epoch's steps
 * @param testErrorPct clean top-1 test error after the epoch in percent, or null when not measured
 * @param seconds      wall-clock seconds the epoch took
 */
public record EpochRecord(int epoch, double trainLoss, Double testErrorPct, double seconds) {
}
