/** The rows of the paper's Tables 1 to 5 as printed, read from the CSVs bundled beside this package. */
package org.rtrain.reports.paper;
