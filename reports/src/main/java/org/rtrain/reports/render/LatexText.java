package org.rtrain.reports.render;

import java.text.Normalizer;

/** Text made safe for LaTeX (pdflatex, default encoding): every special character escaped. */
public final class LatexText {

    private LatexText() {
    }

    /**
     * Escapes LaTeX's special characters and translates the symbols tables use (±, −, Δ, ε, —, –,
     * ≥, ≤, ×, †, “ ”) into LaTeX. Other accented letters lose their accents; any remaining non-ASCII
     * character becomes {@code ?}, which pdflatex can always typeset.
     */
    public static String escape(String text) {
        String plain = Normalizer.normalize(text, Normalizer.Form.NFKD);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < plain.length(); i++) {
            char c = plain.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\textbackslash{}");
                case '&', '%', '$', '#', '_', '{', '}' -> out.append('\\').append(c);
                case '~' -> out.append("\\textasciitilde{}");
                case '^' -> out.append("\\textasciicircum{}");
                case '<' -> out.append("\\textless{}");
                case '>' -> out.append("\\textgreater{}");
                case '|' -> out.append("\\textbar{}");
                // "--" would become an en dash: keep hyphens apart.
                case '-' -> out.append(i + 1 < plain.length() && plain.charAt(i + 1) == '-' ? "-{}" : "-");
                case '±' -> out.append("$\\pm$");
                case '−' -> out.append("$-$");
                case 'Δ' -> out.append("$\\Delta$");
                case 'ε' -> out.append("$\\varepsilon$");
                case '“' -> out.append("``");
                case '”' -> out.append("''");
                case '—' -> out.append("---");
                case '–' -> out.append("--");
                case '≥' -> out.append("$\\geq$");
                case '≤' -> out.append("$\\leq$");
                case '×' -> out.append("$\\times$");
                case '†' -> out.append("\\textdagger{}");
                default -> {
                    if (c < 32) {
                        // A blank line would end the paragraph inside a cell.
                        out.append(' ');
                    } else if (c < 128) {
                        out.append(c);
                    } else if (Character.getType(c) != Character.NON_SPACING_MARK) {
                        out.append('?');
                    }
                }
            }
        }
        return out.toString();
    }
}
