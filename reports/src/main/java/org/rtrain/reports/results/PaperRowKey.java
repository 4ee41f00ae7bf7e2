package org.rtrain.reports.results;

import java.util.Objects;

import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonValue;

/**
 * Which row of the paper's tables a run reproduces: table, dataset, model and variant. Written as
 * {@code <table>/<dataset>/<model>/<variant>} (e.g. {@code 4/MNIST/LeNet/r}, {@code 1/ImageNet-1k/CondenseNet
 * (G=C=8)/base}), with the model spelled as in the paper's table CSV, which is how results and specs
 * store it in JSON.
 *
 * @param table   the paper's table number
 * @param dataset the dataset heading the row's block
 * @param model   the model as the paper's table CSV names it (Table 1: {@code CondenseNet (G=C=<groups>)})
 * @param variant the variant
 */
public record PaperRowKey(int table, String dataset, String model, Variant variant) {

    public PaperRowKey {
        if (table < 1) {
            throw new IllegalArgumentException("a paper row's table is a number from 1, got " + table);
        }
        for (String part : new String[] {dataset, model}) {
            if (part == null || part.isBlank() || part.contains("/")) {
                throw new IllegalArgumentException("a paper row's dataset and model are non-empty and contain no '/', "
                        + "got '" + dataset + "' and '" + model + "'");
            }
        }
        Objects.requireNonNull(variant, "variant");
    }

    /**
     * Reads {@code <table>/<dataset>/<model>/<variant>}.
     *
     * @throws IllegalArgumentException naming the text when it is not such a key
     */
    @JsonCreator
    public static PaperRowKey parse(String text) {
        String[] parts = text == null ? new String[0] : text.split("/", -1);
        try {
            if (parts.length == 4) {
                return new PaperRowKey(Integer.parseInt(parts[0]), parts[1], parts[2], Variant.parse(parts[3]));
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not a paper row key "
                    + "(<table>/<dataset>/<model>/<variant>, e.g. 4/MNIST/LeNet/r): " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("'" + text + "' is not a paper row key "
                + "(<table>/<dataset>/<model>/<variant>, e.g. 4/MNIST/LeNet/r)");
    }

    /** The trained network the row reports on, whichever table it is in (Tables 1 and 3 share CondenseNets). */
    public Network network() {
        return new Network(dataset, model, variant);
    }

    /** {@code <table>/<dataset>/<model>/<variant>}, as JSON and the tables' CSV write it. */
    @JsonValue
    @Override
    public String toString() {
        return table + "/" + dataset + "/" + model + "/" + variant.code();
    }

    /**
     * A trained network of the paper: a row's key without its table.
     *
     * @param dataset the dataset
     * @param model   the model
     * @param variant the variant
     */
    public record Network(String dataset, String model, Variant variant) {
    }
}
