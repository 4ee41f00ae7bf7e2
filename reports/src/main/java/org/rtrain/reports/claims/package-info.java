/** The paper's claims tested on the seeds of one scale, the eps sweep, and the answer in words for the README. */
package org.rtrain.reports.claims;
