package org.rtrain.datasets;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.zip.GZIPInputStream;

import org.apache.commons.codec.binary.Hex;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * Reads IDX files (LeCun's MNIST format, also used by Fashion-MNIST), plain or gzip-compressed.
 *
 * <p>The format: a big-endian magic number {@code 0x0000TTDD} (type {@code 0x08} = unsigned byte,
 * {@code DD} = number of dimensions), one big-endian int per dimension, then the data in row-major
 * order. Every violation is reported with the file and the field. The MD5 of the uncompressed
 * content is computed while reading, so the same check holds for {@code .gz} and plain files.
 */
public final class IdxReader {

    private static final int UNSIGNED_BYTE = 0x08;
    private static final int GZIP_MAGIC = 0x1f8b;

    private IdxReader() {
    }

    /** The content of an IDX file of unsigned bytes. */
    public record IdxContent(Path file, int[] dimensions, byte[] data, String md5) {

        /** Number of records: the first dimension. */
        public int count() {
            return dimensions[0];
        }
    }

    /** Reads an IDX file whose data are unsigned bytes and which has {@code expectedDimensions} dimensions. */
    public static IdxContent read(Path file, int expectedDimensions) {
        if (!Files.isRegularFile(file)) {
            throw new DatasetException("IDX file " + file + " does not exist or is not a regular file");
        }
        try {
            if (Files.size(file) == 0) {
                throw new DatasetException("IDX file " + file + " is empty (0 bytes)");
            }
            MessageDigest md5 = DigestUtils.getMd5Digest();
            try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
                 DataInputStream in = new DataInputStream(new DigestInputStream(decompressIfGzip(raw), md5))) {
                int magic = readInt(in, file, "magic number");
                if ((magic >>> 16) != 0 || ((magic >>> 8) & 0xff) != UNSIGNED_BYTE) {
                    throw new DatasetException(String.format("IDX file %s: magic number is 0x%08x, expected "
                            + "0x000008%02x (unsigned bytes, %d dimensions): not an IDX file of this kind",
                            file, magic, expectedDimensions, expectedDimensions));
                }
                int dimensionCount = magic & 0xff;
                if (dimensionCount != expectedDimensions) {
                    throw new DatasetException("IDX file " + file + ": has " + dimensionCount
                            + " dimensions, expected " + expectedDimensions
                            + (expectedDimensions == 3 ? " (images)" : " (labels)"));
                }
                int[] dimensions = new int[dimensionCount];
                long size = 1;
                for (int d = 0; d < dimensionCount; d++) {
                    dimensions[d] = readInt(in, file, "size of dimension " + d);
                    if (dimensions[d] <= 0) {
                        throw new DatasetException("IDX file " + file + ": size of dimension " + d + " is "
                                + dimensions[d] + ", expected a positive number");
                    }
                    size *= dimensions[d];
                    // Checked at every step: three positive ints can overflow a long.
                    if (size > Integer.MAX_VALUE - 16) {
                        throw new DatasetException("IDX file " + file + ": header declares more than "
                                + (Integer.MAX_VALUE - 16) + " values (dimensions " + dimensionsText(dimensions, d)
                                + "), more than this reader holds in memory: corrupt header");
                    }
                }
                // Grows as data arrives, so a corrupt header declaring gigabytes costs nothing up front.
                byte[] data = in.readNBytes((int) size);
                int read = data.length;
                if (read < size) {
                    throw new DatasetException("IDX file " + file + " is truncated: header declares " + size
                            + " data bytes, found " + read);
                }
                if (in.read() != -1) {
                    throw new DatasetException("IDX file " + file + " has data after the " + size
                            + " bytes its header declares: wrong file or corrupted header");
                }
                return new IdxContent(file, dimensions, data, Hex.encodeHexString(md5.digest()));
            }
        } catch (DatasetException e) {
            throw e;
        } catch (EOFException e) {
            throw new DatasetException("IDX file " + file + " is truncated (compressed stream ended early)", e);
        } catch (IOException e) {
            throw new DatasetException("IDX file " + file + " cannot be read: " + e.getMessage()
                    + (e instanceof java.util.zip.ZipException ? " (corrupt gzip data)" : ""), e);
        }
    }

    private static String dimensionsText(int[] dimensions, int last) {
        StringBuilder text = new StringBuilder();
        for (int d = 0; d <= last; d++) {
            text.append(d == 0 ? "" : "x").append(dimensions[d]);
        }
        return text.toString();
    }

    private static InputStream decompressIfGzip(InputStream in) throws IOException {
        in.mark(2);
        int first = in.read();
        int second = in.read();
        in.reset();
        return ((first << 8) | second) == GZIP_MAGIC ? new GZIPInputStream(in, 1 << 16) : in;
    }

    private static int readInt(DataInputStream in, Path file, String field) throws IOException {
        try {
            return in.readInt();
        } catch (EOFException e) {
            throw new DatasetException("IDX file " + file + " is truncated: it ends inside the header ("
                    + field + ")", e);
        }
    }
}
