package org.rtrain.reports.paper;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.rtrain.reports.results.Variant;

/** Reads the paper's table CSVs bundled under {@code org/rtrain/reports/paper/}, with errors that name the cell. */
final class BundledCsv {

    private final String name;
    private final List<CSVRecord> records;

    private BundledCsv(String name, List<CSVRecord> records) {
        this.name = name;
        this.records = records;
    }

    /** Reads {@code paper/<name>} and checks that its header is {@code header}. */
    static BundledCsv read(String name, List<String> header) {
        try (InputStream in = BundledCsv.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Missing bundled resource org/rtrain/reports/paper/" + name);
            }
            Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
            var parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader);
            if (!parser.getHeaderNames().equals(header)) {
                throw new IllegalStateException(name + ": expected the columns " + header + ", found "
                        + parser.getHeaderNames());
            }
            return new BundledCsv(name, parser.getRecords());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read bundled " + name + ": " + e.getMessage(), e);
        }
    }

    List<CSVRecord> records() {
        return records;
    }

    /** Where a record is, for messages: {@code table1.csv line 3}. */
    String where(CSVRecord record) {
        return name + " line " + (record.getRecordNumber() + 1);
    }

    /** A cell as a printed paper number. */
    PaperValue number(CSVRecord record, String column) {
        return PaperValue.parse(record.get(column), where(record) + ", column " + column);
    }

    /** The {@code variant} cell. */
    Variant variant(CSVRecord record) {
        try {
            return Variant.parse(record.get("variant"));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(where(record) + ", column variant: " + e.getMessage(), e);
        }
    }

    /** A cell as an integer. */
    int integer(CSVRecord record, String column) {
        try {
            return Integer.parseInt(record.get(column).trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException(where(record) + ", column " + column + ": expected an integer, got '"
                    + record.get(column) + "'", e);
        }
    }
}
