package org.rtrain.reports.render;

import java.util.List;

/**
 * Writes a {@link TableLayout} as a booktabs table: a floating {@code table} for the paper's
 * tables, a {@code longtable} (which breaks across pages) for the claims.
 */
public final class LatexTable {

    private LatexTable() {
    }

    /** A {@code table} float; needs the booktabs package. */
    public static String floating(TableLayout layout) {
        StringBuilder tex = new StringBuilder();
        tex.append("% ").append(LatexText.escape(layout.title())).append(". Requires \\usepackage{booktabs}.\n");
        tex.append("\\begin{table}[htbp]\n\\centering\n\\small\n\\setlength{\\tabcolsep}{4pt}\n");
        tex.append("\\caption{").append(caption(layout)).append("}\n");
        tex.append("\\label{tab:").append(label(layout)).append("}\n");
        tex.append("\\begin{tabular}{").append(columnSpec(layout)).append("}\n\\toprule\n");
        header(layout, tex);
        body(layout, tex, false);
        tex.append("\\bottomrule\n\\end{tabular}\n");
        notes(layout, tex);
        tex.append("\\end{table}\n");
        return tex.toString();
    }

    /** A {@code longtable}; needs the booktabs and longtable packages. */
    public static String longTable(TableLayout layout) {
        StringBuilder tex = new StringBuilder();
        tex.append("% ").append(LatexText.escape(layout.title()))
                .append(". Requires \\usepackage{booktabs} and \\usepackage{longtable}.\n");
        tex.append("{\\small\n\\setlength{\\LTcapwidth}{\\linewidth}\n");
        tex.append("\\begin{longtable}{").append(columnSpec(layout)).append("}\n");
        tex.append("\\caption{").append(caption(layout)).append("}\\label{tab:").append(label(layout))
                .append("}\\\\\n\\toprule\n");
        header(layout, tex);
        tex.append("\\midrule\n\\endhead\n\\bottomrule\n\\endfoot\n");
        body(layout, tex, true);
        tex.append("\\end{longtable}\n}\n");
        notes(layout, tex);
        return tex.toString();
    }

    /** The column specification, one letter per column. */
    static String columnSpec(TableLayout layout) {
        StringBuilder spec = new StringBuilder();
        layout.columns().forEach(c -> spec.append(c.align() == TableLayout.Align.RIGHT ? 'r' : 'l'));
        return spec.toString();
    }

    private static String caption(TableLayout layout) {
        StringBuilder text = new StringBuilder();
        for (TableLayout.Span span : layout.caption()) {
            String escaped = LatexText.escape(span.text());
            text.append(span.code() ? "\\texttt{" + escaped + "}" : escaped);
        }
        return text.toString();
    }

    private static String label(TableLayout layout) {
        return layout.label().replaceAll("[^A-Za-z0-9:.-]", "-");
    }

    private static void header(TableLayout layout, StringBuilder tex) {
        List<TableLayout.Column> columns = layout.columns();
        for (int i = 0; i < columns.size(); i++) {
            tex.append(i == 0 ? "" : " & ").append(LatexText.escape(columns.get(i).header()));
        }
        tex.append(" \\\\\n");
    }

    /** The body; {@code ruleAfterHeader}: the header already ends with a rule (longtable's repeated head). */
    private static void body(TableLayout layout, StringBuilder tex, boolean ruleAfterHeader) {
        int width = layout.columns().size();
        boolean afterRule = ruleAfterHeader;
        boolean first = true;
        for (TableLayout.Line line : layout.lines()) {
            if (line instanceof TableLayout.Heading heading) {
                tex.append(first && ruleAfterHeader ? "" : "\\midrule\n");
                tex.append("\\multicolumn{").append(width).append("}{l}{\\textit{")
                        .append(LatexText.escape(heading.text())).append("}} \\\\\n");
                afterRule = true;
            } else if (line instanceof TableLayout.Cells row) {
                if (first && !ruleAfterHeader) {
                    tex.append("\\midrule\n");
                } else if (row.groupStart() && !afterRule) {
                    tex.append("\\addlinespace\n");
                }
                List<String> cells = row.cells();
                for (int i = 0; i < cells.size(); i++) {
                    tex.append(i == 0 ? "" : " & ").append(LatexText.escape(cells.get(i)));
                    if (i == 0 && !row.noteMark().isEmpty()) {
                        tex.append("\\textsuperscript{").append(LatexText.escape(row.noteMark())).append('}');
                    }
                }
                tex.append(" \\\\\n");
                afterRule = false;
            }
            first = false;
        }
    }

    private static void notes(TableLayout layout, StringBuilder tex) {
        if (layout.notes().isEmpty()) {
            return;
        }
        tex.append("\\par\\smallskip\n{\\footnotesize\\raggedright\n");
        for (TableLayout.Note note : layout.notes()) {
            tex.append("\\textsuperscript{").append(LatexText.escape(note.mark())).append("} ")
                    .append(LatexText.escape(note.text())).append("\\par\n");
        }
        tex.append("}\n");
    }
}
