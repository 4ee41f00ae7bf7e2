package org.rtrain.reports.render;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * A CSV table written record by record in commons-csv's default format (RFC 4180, CRLF line ends); a null
 * value is written as an empty field.
 */
public final class CsvTable {

    private final StringWriter out = new StringWriter();
    private final CSVPrinter printer;

    /** A table whose first record is {@code header}. */
    public CsvTable(List<String> header) {
        try {
            printer = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(header.toArray(String[]::new)).get());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A table whose first record is {@code header}. */
    public CsvTable(String... header) {
        this(Arrays.asList(header));
    }

    /** Appends a record of {@code values}. */
    public void add(Iterable<?> values) {
        try {
            printer.printRecord(values);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Appends a record of {@code values}. */
    public void add(Object... values) {
        add(Arrays.asList(values));
    }

    /** The table so far. */
    public String text() {
        return out.toString();
    }
}
