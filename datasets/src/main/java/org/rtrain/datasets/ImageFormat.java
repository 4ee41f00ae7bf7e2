package org.rtrain.datasets;

import java.util.Locale;
import java.util.Set;

/** The image formats an image folder may hold, recognised by their leading bytes (not their name). */
enum ImageFormat {
    JPEG, PNG, BMP, NETPBM, TIFF, WEBP;

    /** File name extensions of images, torchvision's {@code IMG_EXTENSIONS}. */
    static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "ppm", "bmp", "pgm", "tif", "tiff", "webp");

    /** Bytes enough to recognise every format. */
    static final int SIGNATURE_BYTES = 12;

    /** Whether {@code fileName} has an image extension (case-insensitive). */
    static boolean hasImageExtension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** The format whose signature the first {@code length} bytes carry, or null. */
    static ImageFormat of(byte[] head, int length) {
        if (length >= 3 && u(head, 0) == 0xff && u(head, 1) == 0xd8 && u(head, 2) == 0xff) {
            return JPEG;
        }
        if (length >= 8 && u(head, 0) == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G') {
            return PNG;
        }
        if (length >= 2 && head[0] == 'B' && head[1] == 'M') {
            return BMP;
        }
        if (length >= 2 && head[0] == 'P' && head[1] >= '1' && head[1] <= '6') {
            return NETPBM;
        }
        if (length >= 4 && ((head[0] == 'I' && head[1] == 'I' && head[2] == 42 && head[3] == 0)
                || (head[0] == 'M' && head[1] == 'M' && head[2] == 0 && head[3] == 42))) {
            return TIFF;
        }
        if (length >= 12 && head[0] == 'R' && head[1] == 'I' && head[2] == 'F' && head[3] == 'F' && head[8] == 'W'
                && head[9] == 'E' && head[10] == 'B' && head[11] == 'P') {
            return WEBP;
        }
        return null;
    }

    /** Why the first {@code length} bytes are not an image, or null when they start like one. */
    static String problem(byte[] head, int length) {
        if (length == 0) {
            return "is empty (0 bytes)";
        }
        if (of(head, length) == null) {
            StringBuilder hex = new StringBuilder();
            for (int i = 0; i < Math.min(4, length); i++) {
                hex.append(String.format("%02X ", head[i] & 0xff));
            }
            return "is not an image: it starts with " + hex.toString().trim()
                    + ", no JPEG (FF D8 FF), PNG, BMP, PPM/PGM, TIFF or WebP signature";
        }
        return null;
    }

    private static int u(byte[] bytes, int i) {
        return bytes[i] & 0xff;
    }
}
