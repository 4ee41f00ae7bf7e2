/**
 * The paper's table rows as experiment specs: what to train on what, how, with which seeds and how to evaluate it, at
 * each scale, as data that round-trips through JSON.
 */
package org.rtrain.experiments.spec;
