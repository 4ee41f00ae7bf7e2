package org.rtrain.datasets;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import org.bytedeco.javacv.Frame;
import org.datavec.image.data.ImageWritable;
import org.datavec.image.loader.NativeImageLoader;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.rtrain.datasets.image.Image;

/**
 * Decodes image files (JPEG, PNG, BMP, PPM/PGM, TIFF, WebP) to RGB {@link Image}s in [0, 1] through
 * DataVec's {@link NativeImageLoader} (OpenCV's {@code imdecode}, Leptonica as its fallback), with
 * grey and RGBA images converted to RGB as torchvision's {@code convert("RGB")} does.
 *
 * <p>8-bit images, nearly all of them, are taken from DataVec's {@link ImageWritable} (the decoded
 * frame) with one bulk copy per row: DataVec's {@code asMatrix} would copy them into an INDArray
 * element by element, which costs three times the decoding itself (measured: 8 ms against 2 ms of
 * CPU for a 500x375 JPEG). Other depths (16-bit PNG or TIFF) go through {@code asMatrix}.
 *
 * <p>A file is rejected as {@link UnreadableImageException} when it is empty, does not start with
 * the signature of an image format, is a JPEG without its end-of-image marker (truncated: OpenCV
 * would silently return it with its missing part grey), or does not decode. Safe for concurrent use:
 * each thread has its own loader.
 */
public final class ImageDecoder {

    /** Bytes at the end of a JPEG searched for the end-of-image marker (some writers pad after it). */
    private static final int JPEG_TAIL = 4096;

    /** {@code v / 255f} for every byte value: a table look-up instead of a division per value. */
    private static final float[] UNIT = new float[256];

    static {
        for (int v = 0; v < 256; v++) {
            UNIT[v] = v / 255f;
        }
    }

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
        String problem = ImageFormat.problem(bytes, bytes.length);
        if (problem != null) {
            throw new UnreadableImageException(file, problem);
        }
        if (ImageFormat.of(bytes, bytes.length) == ImageFormat.JPEG && !hasEndMarker(bytes)) {
            throw new UnreadableImageException(file, "truncated JPEG: no end-of-image marker (FF D9) in its last "
                    + Math.min(JPEG_TAIL, bytes.length) + " bytes");
        }
        NativeImageLoader loader = LOADER.get();
        ImageWritable writable;
        try {
            writable = loader.asWritable(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new UnreadableImageException(file, "does not decode: " + e.getMessage(), e);
        }
        Frame frame = writable.getFrame();
        if (frame == null || frame.image == null || frame.imageWidth <= 0 || frame.imageHeight <= 0) {
            throw new UnreadableImageException(file, "does not decode: no image in it");
        }
        try {
            if (frame.imageDepth == Frame.DEPTH_UBYTE && frame.imageChannels >= 1 && frame.imageChannels <= 4
                    && frame.image[0] instanceof ByteBuffer) {
                return fromBytes(frame);
            }
            return fromMatrix(file, bytes, loader);
        } finally {
            frame.close();
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

    /** An 8-bit OpenCV frame (grey, BGR or BGRA rows) to channels-last RGB in [0, 1]. */
    private static Image fromBytes(Frame frame) {
        int height = frame.imageHeight;
        int width = frame.imageWidth;
        int channels = frame.imageChannels;
        ByteBuffer data = ((ByteBuffer) frame.image[0]).duplicate();
        byte[] row = new byte[width * channels];
        float[] pixels = new float[height * width * 3];
        for (int y = 0; y < height; y++) {
            data.position(y * frame.imageStride);
            data.get(row);
            int out = y * width * 3;
            for (int x = 0; x < width; x++) {
                int in = x * channels;
                if (channels < 3) {
                    float grey = UNIT[row[in] & 0xff];
                    pixels[out] = grey;
                    pixels[out + 1] = grey;
                    pixels[out + 2] = grey;
                } else {
                    pixels[out] = UNIT[row[in + 2] & 0xff];
                    pixels[out + 1] = UNIT[row[in + 1] & 0xff];
                    pixels[out + 2] = UNIT[row[in] & 0xff];
                }
                out += 3;
            }
        }
        return new Image(height, width, 3, pixels);
    }

    /** Other depths through DataVec's {@code asMatrix}: {@code [1, 3, H, W]} BGR to channels-last RGB. */
    private static Image fromMatrix(Path file, byte[] bytes, NativeImageLoader loader) {
        INDArray decoded;
        try {
            decoded = loader.asMatrix(new ByteArrayInputStream(bytes));
        } catch (IOException | RuntimeException e) {
            throw new UnreadableImageException(file, "does not decode: " + e.getMessage(), e);
        }
        try {
            int height = (int) decoded.size(2);
            int width = (int) decoded.size(3);
            int plane = height * width;
            float[] planar = new float[3 * plane];
            decoded.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer().get(planar);
            float max = 0;
            for (float v : planar) {
                max = Math.max(max, v);
            }
            float divisor = max > 255 ? 65535f : 255f;
            float[] pixels = new float[plane * 3];
            for (int c = 0; c < 3; c++) {
                int source = (2 - c) * plane;
                for (int p = 0; p < plane; p++) {
                    pixels[p * 3 + c] = planar[source + p] / divisor;
                }
            }
            return new Image(height, width, 3, pixels);
        } finally {
            decoded.close();
        }
    }
}
