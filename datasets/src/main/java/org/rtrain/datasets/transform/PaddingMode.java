package org.rtrain.datasets.transform;

/** What fills the border that {@link RandomCrop} adds around an image. */
public enum PaddingMode {
    /** Zeros (black), as torchvision's {@code RandomCrop(32, padding=4)} and the random-erasing code use. */
    ZERO,
    /**
     * The image mirrored at its edge without repeating the edge pixel (torchvision's
     * {@code padding_mode="reflect"}), as the wide residual networks' original code pads.
     */
    REFLECT
}
