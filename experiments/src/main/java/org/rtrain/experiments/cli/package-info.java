/**
 * The command line, {@code rtrain <command> [options]}: every command, its options and the run store's enqueue, worker
 * and status.
 */
package org.rtrain.experiments.cli;
