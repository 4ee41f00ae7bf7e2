/**
 * Statistics over seeds: summaries, paired and unpaired differences with confidence intervals, and Holm's correction.
 */
package org.rtrain.reports.stats;
