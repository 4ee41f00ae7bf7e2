/**
 * Robustness evaluation: accuracy on clean data, under the input disturbances and under gradient attacks, with
 * confidence intervals.
 */
package org.rtrain.attacks.evaluation;
