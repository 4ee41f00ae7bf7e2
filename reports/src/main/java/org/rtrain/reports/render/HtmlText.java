package org.rtrain.reports.render;

/** Text made safe for HTML element content and quoted attribute values. */
public final class HtmlText {

    private HtmlText() {
    }

    /** Escapes {@code & < > " '}. */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
