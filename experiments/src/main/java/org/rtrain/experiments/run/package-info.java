/**
 * The runner: reads a spec's data, trains and evaluates one run of it (one seed) and saves its result with provenance.
 */
package org.rtrain.experiments.run;
