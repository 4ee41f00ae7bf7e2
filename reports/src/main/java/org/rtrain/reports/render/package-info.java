/** Tables as text cells and their LaTeX and HTML forms, and PDF through pdflatex. */
package org.rtrain.reports.render;
