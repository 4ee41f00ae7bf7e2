package org.rtrain.reports.results;

/**
 * The columns of the paper's Table 1, one per input disturbance, under the keys results use in
 * {@link RunResult#disturbances()}. The paper names the disturbances only by these column headers;
 * the attacks module's {@code Disturbance} implementations measure them under the same keys.
 */
public enum DisturbanceColumn {
    /** Random crop. */
    RANDOM_CROP("random_crop", "random crop"),
    /** Random horizontal flip. */
    RANDOM_HFLIP("random_hflip", "random horizontal flip"),
    /** Random grayscale. */
    RANDOM_GRAYSCALE("random_grayscale", "random grayscale"),
    /** Random colour jitter. */
    RANDOM_COLOR("random_color", "random color"),
    /** Random five crop. */
    RANDOM_FIVE_CROP("random_five_crop", "random five crop");

    private final String key;
    private final String label;

    DisturbanceColumn(String key, String label) {
        this.key = key;
        this.label = label;
    }

    /** The key in {@link RunResult#disturbances()} and the column name in Table 1's CSV. */
    public String key() {
        return key;
    }

    /** The name in words, as Table 1's header spells it. */
    public String label() {
        return label;
    }
}
