/** The paper's model zoo as DL4J configurations, with the sign perturbation placeable on each. */
package org.rtrain.models;
