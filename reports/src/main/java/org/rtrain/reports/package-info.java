/** Tables shaped like the paper's, from saved run results, with the paper's numbers beside them. */
package org.rtrain.reports;
