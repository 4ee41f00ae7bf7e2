/** The paper's Tables 1 to 5 at one scale: the paper's numbers beside the reproduced ones, as CSV, LaTeX and HTML. */
package org.rtrain.reports.tables;
