package org.rtrain.datasets;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.datavec.image.loader.NativeImageLoader;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Decodes image files (JPEG, PNG, BMP, PPM/PGM, TIFF, WebP) to RGB {@link Image}s in [0, 1] through
 * DataVec's {@link NativeImageLoader} (OpenCV's {@code imdecode}, Leptonica as its fallback), with
 * grey and RGBA images converted to RGB as torchvision's {@code convert("RGB")} does.
 *
 * <p>A file is rejected as {@link UnreadableImageException} when it is empty, does not start with
 * the signature of an image format, is a JPEG without its end-of-image marker (truncated: OpenCV
 * would silently return it with its missing part grey), or does not decode. Safe for concurrent use:
 * each thread has its own loader.
 */
public final class ImageDecoder {

    /** Bytes at the end of a JPEG searched for the end-of-image marker (some writers pad after it). */
    private static final int JPEG_TAIL = 4096;

    private static final ThreadLocal<NativeImageLoader> LOADER =
            ThreadLocal.withInitial(() -> new NativeImageLoader(-1, -1, 3));

    private ImageDecoder() {
    }

    /** The image in {@code file}, RGB, channels-last, values in [0, 1]. */
    public static Image decode(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UnreadableImageException(file, "cannot be read: " + e.getMessage(), e);
        }
        return decode(file, bytes);
    }

    /** The image encoded in {@code bytes}, which came from {@code file} (named in errors). */
    public static Image decode(Path file, byte[] bytes) {
        String problem = ImageFormat.problem(bytes, bytes.length);
        if (problem != null) {
            throw new UnreadableImageException(file, problem);
        }
        if (ImageFormat.of(bytes, bytes.length) == ImageFormat.JPEG && !hasEndMarker(bytes)) {
            throw new UnreadableImageException(file, "truncated JPEG: no end-of-image marker (FF D9) in its last "
                    + Math.min(JPEG_TAIL, bytes.length) + " bytes");
        }
        INDArray decoded;
        try {
            decoded = LOADER.get().asMatrix(new ByteArrayInputStream(bytes));
        } catch (IOException | RuntimeException e) {
            throw new UnreadableImageException(file, "does not decode: " + e.getMessage(), e);
        }
        try {
            return toImage(decoded);
        } finally {
            decoded.close();
        }
    }

    private static boolean hasEndMarker(byte[] bytes) {
        for (int i = bytes.length - 2; i >= Math.max(0, bytes.length - JPEG_TAIL); i--) {
            if ((bytes[i] & 0xff) == 0xff && (bytes[i + 1] & 0xff) == 0xd9) {
                return true;
            }
        }
        return false;
    }

    /** OpenCV's {@code [1, 3, H, W]} BGR values to channels-last RGB in [0, 1]. */
    private static Image toImage(INDArray decoded) {
        int height = (int) decoded.size(2);
        int width = (int) decoded.size(3);
        int plane = height * width;
        float[] planar = decoded.data().asFloat();
        float max = 0;
        for (float v : planar) {
            max = Math.max(max, v);
        }
        // 16-bit PNGs and TIFFs come through with their full range.
        float divisor = max > 255 ? 65535f : 255f;
        float[] pixels = new float[plane * 3];
        for (int c = 0; c < 3; c++) {
            int source = (2 - c) * plane;
            for (int p = 0; p < plane; p++) {
                pixels[p * 3 + c] = planar[source + p] / divisor;
            }
        }
        return new Image(height, width, 3, pixels);
    }
}
