/**
 * The run store: one record per run (scale, spec, seed) in a database that any number of workers
 * share, with atomic claims, leases renewed while training, results and failures; embedded (SQLite,
 * one file) by default, PostgreSQL for workers on several machines.
 */
package org.rtrain.experiments.store;
