/**
 * The report of saved run results at each scale, written as CSV, LaTeX, PDF, Markdown and a self-contained HTML page
 * with plots; start at {@link org.rtrain.reports.ReportWriter}. Reads results only; never trains.
 */
package org.rtrain.reports;
