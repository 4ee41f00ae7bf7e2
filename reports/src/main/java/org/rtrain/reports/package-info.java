/**
 * The paper's Tables 1 to 5 beside this project's saved run results (CSV, LaTeX, PDF), the paper's
 * claims with verdicts computed from the seeds, and a self-contained HTML report with plots; start
 * at {@link org.rtrain.reports.ReportWriter}. Reads results only; never trains.
 */
package org.rtrain.reports;
