package org.rtrain.reports;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link ReportWriter#write} did.
 *
 * @param files   every file written, in order
 * @param notices things the reader should know that are not errors (results ignored, the PDF
 *                skipped because pdflatex is not installed)
 * @param scales  the report of each scale, in the order smoke, quick, paper
 */
public record WrittenReport(List<Path> files, List<String> notices, List<ScaleReport> scales) {

    public WrittenReport {
        files = List.copyOf(files);
        notices = List.copyOf(notices);
        scales = List.copyOf(scales);
    }
}
