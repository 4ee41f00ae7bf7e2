/**
 * The saved result of a run (its schema, one JSON file per run) and the store that writes and reads them crash-safely.
 */
package org.rtrain.reports.results;
