/** Readers for the paper's datasets in their real file formats, with integrity checks and downloads. */
package org.rtrain.datasets;
