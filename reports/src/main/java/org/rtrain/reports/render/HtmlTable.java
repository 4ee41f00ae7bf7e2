package org.rtrain.reports.render;

import java.util.List;

/** Writes a {@link TableLayout} as an HTML {@code table} (styled by the report's stylesheet). */
public final class HtmlTable {

    private HtmlTable() {
    }

    /** The table with its caption and notes. */
    public static String render(TableLayout layout) {
        StringBuilder html = new StringBuilder();
        html.append("<table class=\"results\" id=\"").append(HtmlText.escape(layout.label())).append("\">\n");
        html.append("<caption><strong>").append(HtmlText.escape(layout.title())).append(".</strong> ");
        for (TableLayout.Span span : layout.caption()) {
            String text = HtmlText.escape(span.text());
            html.append(span.code() ? "<code>" + text + "</code>" : text);
        }
        html.append("</caption>\n<thead><tr>");
        for (TableLayout.Column column : layout.columns()) {
            html.append("<th").append(alignment(column)).append('>').append(HtmlText.escape(column.header()))
                    .append("</th>");
        }
        html.append("</tr></thead>\n<tbody>\n");
        for (TableLayout.Line line : layout.lines()) {
            if (line instanceof TableLayout.Heading heading) {
                html.append("<tr class=\"block\"><th colspan=\"").append(layout.columns().size()).append("\">")
                        .append(HtmlText.escape(heading.text())).append("</th></tr>\n");
            } else if (line instanceof TableLayout.Cells row) {
                html.append(row.groupStart() ? "<tr class=\"group\">" : "<tr>");
                List<String> cells = row.cells();
                for (int i = 0; i < cells.size(); i++) {
                    html.append("<td").append(alignment(layout.columns().get(i))).append('>')
                            .append(HtmlText.escape(cells.get(i)));
                    if (i == 0 && !row.noteMark().isEmpty()) {
                        html.append("<sup>").append(HtmlText.escape(row.noteMark())).append("</sup>");
                    }
                    html.append("</td>");
                }
                html.append("</tr>\n");
            }
        }
        html.append("</tbody>\n</table>\n");
        if (!layout.notes().isEmpty()) {
            html.append("<ul class=\"notes\">\n");
            for (TableLayout.Note note : layout.notes()) {
                html.append("<li><sup>").append(HtmlText.escape(note.mark())).append("</sup> ")
                        .append(HtmlText.escape(note.text())).append("</li>\n");
            }
            html.append("</ul>\n");
        }
        return html.toString();
    }

    private static String alignment(TableLayout.Column column) {
        return column.align() == TableLayout.Align.RIGHT ? " class=\"num\"" : "";
    }
}
