/**
 * How the zoo's networks train: optimiser settings, learning-rate schedules, and the updater and loss DL4J lacks
 * (classical momentum, capsules' margin loss).
 */
package org.rtrain.models.training;
