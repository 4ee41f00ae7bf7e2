package org.rtrain.reports;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * One row of Table 4 or 5 of the paper, as printed (the CSVs beside the paper, bundled here).
 *
 * @param table         4 or 5
 * @param dataset       the dataset heading the row's block
 * @param model         the model
 * @param variant       {@code base}, {@code fgsm} or {@code r}
 * @param depth         network depth, or empty
 * @param factor        widening factor, or empty
 * @param dropout       "yes"/"no"
 * @param standardAug   "yes"/"no"
 * @param randomErase   "yes"/"no"
 * @param errorPct      the paper's test error in percent
 * @param note          known slips of the paper for this row
 */
public record PaperRow(int table, String dataset, String model, String variant, String depth, String factor,
                       String dropout, String standardAug, String randomErase, double errorPct, String note) {

    /** The rows of Table 4 or 5 in the paper's order. */
    public static List<PaperRow> errorTable(int table) {
        if (table != 4 && table != 5) {
            throw new IllegalArgumentException("Tables 4 and 5 report error rates; got table " + table);
        }
        String resource = "paper/table" + table + ".csv";
        try (InputStream in = PaperRow.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing bundled resource " + resource);
            }
            Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
            List<PaperRow> rows = new ArrayList<>();
            for (CSVRecord r : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
                rows.add(new PaperRow(Integer.parseInt(r.get("table")), r.get("dataset"), r.get("model"),
                        r.get("variant"), r.get("depth"), r.get("factor"), r.get("dropout"), r.get("standard_aug"),
                        r.get("random_erase"), Double.parseDouble(r.get("error_pct")), r.get("note")));
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resource, e);
        }
    }

    /**
     * The key results use to name this row: {@code <table>/<dataset>/<model>/<variant>}, e.g.
     * {@code 4/MNIST/LeNet/r} (see {@link RunResult#paperRow()}).
     */
    public String key() {
        return table + "/" + dataset + "/" + model + "/" + variant;
    }

    /** The model's name as the paper prints it: {@code X}, {@code FGSM-X} or {@code R-X}. */
    public String displayName() {
        return switch (variant) {
            case "fgsm" -> "FGSM-" + model;
            case "r" -> "R-" + model;
            default -> model;
        };
    }
}
