/**
 * The paper's model zoo: each network as a validated architecture record and the DL4J configuration it builds, with the
 * sign perturbation placeable on each.
 */
package org.rtrain.models.zoo;
