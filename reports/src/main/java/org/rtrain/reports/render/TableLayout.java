package org.rtrain.reports.render;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.rtrain.reports.results.Scale;

/**
 * A table as text cells, before it is written as LaTeX ({@link LatexTable}) or HTML
 * ({@link HtmlTable}): the same layout gives both, and every line has exactly one cell per
 * column, so the LaTeX column specification always matches the cells.
 *
 * @param title   short title, e.g. {@code Table 4: test error (%)}
 * @param caption the caption, as text spans (some set in code type)
 * @param label   a label unique within a document, e.g. {@code table4-quick}
 * @param columns the columns
 * @param lines   block headings and rows, in order
 * @param notes   notes printed under the table, referenced by rows' marks
 */
public record TableLayout(String title, List<Span> caption, String label, List<Column> columns, List<Line> lines,
                          List<Note> notes) {

    public TableLayout {
        Objects.requireNonNull(title, "title");
        caption = List.copyOf(caption);
        columns = List.copyOf(columns);
        lines = List.copyOf(lines);
        notes = List.copyOf(notes);
        for (Line line : lines) {
            if (line instanceof Cells cells && cells.cells().size() != columns.size()) {
                throw new IllegalArgumentException(title + ": a row has " + cells.cells().size() + " cells for "
                        + columns.size() + " columns: " + cells.cells());
            }
        }
    }

    /** Text of a caption; {@code code} text is set in a fixed-width font. */
    public record Span(String text, boolean code) {

        /** Plain caption text. */
        public static Span text(String text) {
            return new Span(text, false);
        }

        /** Caption text set in a fixed-width font. */
        public static Span code(String text) {
            return new Span(text, true);
        }
    }

    /** How a column's cells are aligned. */
    enum Align {
        LEFT, RIGHT
    }

    /** A column: its header and alignment. */
    public record Column(String header, Align align) {

        /** A left-aligned column headed {@code header}. */
        public static Column left(String header) {
            return new Column(header, Align.LEFT);
        }

        /** A right-aligned column headed {@code header}. */
        public static Column right(String header) {
            return new Column(header, Align.RIGHT);
        }
    }

    /** A line of the table body. */
    public sealed interface Line permits Heading, Cells {
    }

    /** A heading spanning every column, e.g. the dataset of a block of rows. */
    public record Heading(String text) implements Line {
    }

    /**
     * A row of cells.
     *
     * @param cells      one text per column
     * @param noteMark   mark of a note on the first cell, or empty
     * @param groupStart true when this row begins a group of lines that belong together (a little
     *                   space is left above it)
     */
    public record Cells(List<String> cells, String noteMark, boolean groupStart) implements Line {

        public Cells {
            cells = List.copyOf(cells);
            Objects.requireNonNull(noteMark, "noteMark");
        }
    }

    /** A note under the table. */
    public record Note(String mark, String text) {
    }

    /** Gives rows' notes their marks (a, b, c, ...), one mark per distinct text. */
    public static final class Notes {

        private final Map<String, String> marks = new LinkedHashMap<>();
        private int letters;

        /** The mark of {@code text}, or empty when there is no note. */
        public String mark(String text) {
            if (text == null || text.isEmpty()) {
                return "";
            }
            return marks.computeIfAbsent(text, t -> Character.toString((char) ('a' + letters++)));
        }

        /** Adds a note with a mark of its own, such as "†" for a symbol used inside cells. */
        public void add(String mark, String text) {
            marks.putIfAbsent(text, mark);
        }

        /** The notes marked so far, in order. */
        public List<Note> list() {
            return marks.entrySet().stream().map(e -> new Note(e.getValue(), e.getKey())).toList();
        }
    }

    /**
     * The caption every reproduced table shares: what the table shows, the scale and the data the runs
     * used, and how to read the reproduced cells; {@code more} is appended (empty or a sentence with a
     * leading space).
     */
    public static List<Span> reproductionCaption(int table, String what, Scale scale, String datasetsUsed,
                                                 String more) {
        return List.of(Span.text("The paper's Table " + table + ", " + what + ", as printed and as reproduced at the "),
                Span.code(scale.code()), Span.text(" scale (" + datasetsUsed + "). Reproduced: mean ± sample standard "
                        + "deviation over the n seeds that completed (“n of N”: the other runs diverged); "
                        + "Δ = reproduced − paper; — = not run." + more));
    }
}
