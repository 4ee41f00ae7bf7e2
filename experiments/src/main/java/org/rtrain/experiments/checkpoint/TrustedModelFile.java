package org.rtrain.experiments.checkpoint;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * The trust boundary for DL4J model files: checks a model zip before DL4J's ModelSerializer reads it.
 *
 * <p>Why: DL4J writes a network's configuration as JSON that names Java classes ({@code "@class"})
 * and instantiates them when it reads the file back; its zip may also hold a normaliser or a
 * preprocessor that {@code ModelSerializer} restores with Java deserialisation. A model file from an
 * untrusted source could therefore make the JVM instantiate classes its author chose.
 *
 * <p>What is allowed: a zip whose entries are only {@code configuration.json}, {@code coefficients.bin},
 * {@code updaterState.bin} and {@code noParams.marker} (what ModelSerializer writes for a network
 * without a normaliser; the parameter files are ND4J's binary arrays, not Java serialisation), and whose
 * configuration names, under {@code "@class"} or {@code "class"} anywhere in it, only classes in
 * {@code org.deeplearning4j.nn.*}, {@code org.nd4j.linalg.*} and {@code org.rtrain.*}. Anything else (a
 * {@code normalizer.bin}, a {@code preprocessor.bin}, any other entry, a class of any other package, a
 * corrupt zip) is refused with an {@link UntrustedModelException} naming the file and the entry or class.
 * The arrays of {@code coefficients.bin} and {@code updaterState.bin} must hold as many bytes as their
 * headers declare: ND4J allocates what a header declares before it reads, so a file of a few kilobytes
 * could otherwise claim gigabytes of native memory.
 *
 * <p>What it does not do: it does not make a model file safe to run in every sense (a network can
 * still be wrong or huge), and it does not stop a class of the allowed packages from being built with
 * the values the file gives it. The project's checkpoint loader calls it on every file it reads, after
 * checking the file's SHA-256 against its state file; a DL4J user loading a model from elsewhere calls
 * {@link #check} first.
 */
public final class TrustedModelFile {

    /** Zip entries DL4J's ModelSerializer writes for a network without a normaliser. */
    private static final Set<String> ALLOWED_ENTRIES = Set.of(ModelSerializer.CONFIGURATION_JSON,
            ModelSerializer.COEFFICIENTS_BIN, ModelSerializer.UPDATER_BIN, ModelSerializer.NO_PARAMS_MARKER);
    /** Packages whose classes a configuration may name. */
    private static final List<String> ALLOWED_PACKAGES = List.of("org.deeplearning4j.nn.", "org.nd4j.linalg.",
            "org.rtrain.");
    /** JSON properties that carry a class name in DL4J's configurations. */
    private static final Set<String> CLASS_PROPERTIES = Set.of("@class", "class");

    private static final ObjectMapper JSON = new ObjectMapper();

    private TrustedModelFile() {
    }

    /**
     * Checks {@code file}; returns the class names its configuration uses.
     *
     * @throws UntrustedModelException naming the file and what is not allowed
     */
    public static List<String> check(Path file) {
        List<String> classes = new ArrayList<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            boolean hasConfiguration = false;
            for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
                if (!ALLOWED_ENTRIES.contains(entry.getName())) {
                    throw new UntrustedModelException(file + ": unexpected entry '" + entry.getName()
                            + "' in a model file (allowed: " + ALLOWED_ENTRIES + "); refusing to read it");
                }
                hasConfiguration |= entry.getName().equals(ModelSerializer.CONFIGURATION_JSON);
            }
            if (!hasConfiguration) {
                throw new UntrustedModelException(file + ": no " + ModelSerializer.CONFIGURATION_JSON
                        + " entry: not a DL4J model file");
            }
            try (InputStream in = zip.getInputStream(zip.getEntry(ModelSerializer.CONFIGURATION_JSON))) {
                JsonNode configuration = JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                collectClassNames(configuration, classes);
            }
            for (String arrays : List.of(ModelSerializer.COEFFICIENTS_BIN, ModelSerializer.UPDATER_BIN)) {
                ZipEntry entry = zip.getEntry(arrays);
                if (entry != null) {
                    checkArraySizes(file, zip, entry);
                }
            }
        } catch (ZipException e) {
            throw new UntrustedModelException(file + " is not a readable zip (truncated or corrupt): " + e.getMessage(),
                    e);
        } catch (IOException e) {
            throw new UntrustedModelException(file + " cannot be read: " + e.getMessage(), e);
        }
        for (String name : classes) {
            if (ALLOWED_PACKAGES.stream().noneMatch(name::startsWith)) {
                throw new UntrustedModelException(file + ": the configuration names class '" + name
                        + "', outside the allowed packages " + ALLOWED_PACKAGES + "; refusing to instantiate it");
            }
        }
        return classes;
    }

    /**
     * ND4J's {@code Nd4j.write} layout: a shape buffer then a data buffer, each an allocation mode (UTF), an
     * element count (long), a data type (UTF) and the elements; each count must fit in the bytes that follow.
     */
    private static void checkArraySizes(Path file, ZipFile zip, ZipEntry entry) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(zip.getInputStream(entry)))) {
            for (String buffer : List.of("shape", "data")) {
                in.readUTF();
                long length = in.readLong();
                String typeName = in.readUTF();
                int width = elementWidth(typeName);
                if (width <= 0 || length < 0 || length > Long.MAX_VALUE / width) {
                    throw new UntrustedModelException(file + ": entry '" + entry.getName() + "' declares " + length
                            + " elements of type '" + typeName + "' in its " + buffer + " buffer: not an ND4J array");
                }
                try {
                    in.skipNBytes(length * width);
                } catch (EOFException e) {
                    throw new UntrustedModelException(file + ": entry '" + entry.getName() + "' declares " + length
                            + " " + typeName + " elements in its " + buffer + " buffer, more than it holds "
                            + "(truncated or forged)", e);
                }
            }
        } catch (EOFException e) {
            throw new UntrustedModelException(file + ": entry '" + entry.getName() + "' ends inside an array header "
                    + "(truncated)", e);
        }
    }

    private static int elementWidth(String typeName) {
        try {
            return DataType.valueOf(typeName).width();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static void collectClassNames(JsonNode node, List<String> classes) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (CLASS_PROPERTIES.contains(field.getKey()) && field.getValue().isTextual()) {
                    classes.add(field.getValue().asText());
                } else {
                    collectClassNames(field.getValue(), classes);
                }
            }
        } else if (node.isArray()) {
            node.forEach(child -> collectClassNames(child, classes));
        } else if (node.isTextual() && node.asText().startsWith("{")) {
            // ComputationGraph and MultiLayerNetwork configurations nest layer configurations as JSON strings.
            try {
                collectClassNames(JSON.readTree(node.asText()), classes);
            } catch (IOException e) {
                // Not JSON after all: an ordinary string value.
            }
        }
    }

    /** A model file that is corrupt or names classes outside the trust boundary. */
    public static final class UntrustedModelException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        UntrustedModelException(String message) {
            super(message);
        }

        UntrustedModelException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
