package org.rtrain.experiments;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * PyTorch's LeNet training on the same machine, as a {@link SideBySide.Setup}: a Python process running
 * {@code bench/lenet_pytorch.py} (the same network, optimiser, batch size and thread count), driven
 * block by block over its standard input so that its blocks alternate with DL4J's. The seconds are
 * the ones the script measures around its steps, without the pipe's round trip.
 */
public final class PyTorchReference implements SideBySide.Setup, AutoCloseable {

    /** Interpreters tried when none is named: the one on the PATH, then the distribution's. */
    public static final List<String> DEFAULT_INTERPRETERS = List.of("python3", "/usr/bin/python3");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long START_SECONDS = 120;

    private final Process process;
    private final BufferedReader replies;
    private final PrintWriter requests;
    private final String interpreter;
    private String description;

    private PyTorchReference(Process process, String interpreter) {
        this.process = process;
        this.replies = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.requests = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        this.interpreter = interpreter;
    }

    /** Why no interpreter could run the reference: one reason per interpreter tried. */
    public static final class UnavailableException extends Exception {

        private static final long serialVersionUID = 1L;

        UnavailableException(String message) {
            super(message);
        }
    }

    /**
     * Starts the reference with the first of {@code interpreters} that imports PyTorch, training at
     * batch size {@code batchSize} on {@code threads} threads.
     */
    public static PyTorchReference start(List<String> interpreters, int batchSize, int threads)
            throws UnavailableException {
        Path script = script();
        List<String> reasons = new ArrayList<>();
        for (String interpreter : interpreters) {
            try {
                return start(interpreter, script, batchSize, threads);
            } catch (UnavailableException e) {
                reasons.add(interpreter + ": " + e.getMessage());
            }
        }
        throw new UnavailableException(String.join("; ", reasons));
    }

    private static PyTorchReference start(String interpreter, Path script, int batchSize, int threads)
            throws UnavailableException {
        Process process;
        Path errors;
        try {
            errors = Files.createTempFile("rtrain-pytorch-", ".err");
            errors.toFile().deleteOnExit();
            process = new ProcessBuilder(interpreter, script.toString(), Integer.toString(batchSize),
                    Integer.toString(threads)).redirectError(errors.toFile()).start();
        } catch (IOException e) {
            throw new UnavailableException("cannot start it (" + e.getMessage() + ")");
        }
        PyTorchReference reference = new PyTorchReference(process, interpreter);
        String header;
        try {
            header = CompletableFuture.supplyAsync(reference::readLine).get(START_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new UnavailableException("interrupted while it started");
        } catch (ExecutionException | TimeoutException e) {
            header = null;
        }
        JsonNode build = header == null ? null : parse(header);
        if (build == null || !build.has("torch")) {
            process.destroyForcibly();
            throw new UnavailableException(lastLine(errors, header == null ? "no answer within " + START_SECONDS
                    + " s" : "unexpected first line '" + header + "'"));
        }
        reference.description = String.format("PyTorch %s (BLAS %s, %d threads) via %s", build.path("torch").asText(),
                build.path("blas").asText("unknown"), build.path("threads").asInt(), interpreter);
        return reference;
    }

    /** The PyTorch build and interpreter, e.g. {@code PyTorch 1.13.0 (BLAS generic, 2 threads) via python3}. */
    public String description() {
        return description;
    }

    /** The interpreter running the reference. */
    public String interpreter() {
        return interpreter;
    }

    @Override
    public String name() {
        return "PyTorch";
    }

    @Override
    public double run(int steps) {
        requests.println(steps);
        String reply = readLine();
        JsonNode node = reply == null ? null : parse(reply);
        if (node == null || !node.has("seconds")) {
            throw new IllegalStateException("the PyTorch reference (" + interpreter + ") stopped answering; its last "
                    + "line was " + (reply == null ? "none (it exited)" : "'" + reply + "'"));
        }
        return node.get("seconds").asDouble();
    }

    @Override
    public void close() {
        requests.close();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private String readLine() {
        try {
            return replies.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            return null;
        }
    }

    /** The interpreter's last line of error output (e.g. "ModuleNotFoundError: No module named 'torch'"). */
    private static String lastLine(Path errors, String fallback) {
        try {
            List<String> lines = Files.readAllLines(errors, StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.isBlank()).toList();
            return lines.isEmpty() ? fallback : lines.get(lines.size() - 1).trim();
        } catch (IOException e) {
            return fallback;
        }
    }

    /** The bundled script, copied to a temporary file the interpreter can read. */
    private static Path script() {
        try (InputStream in = PyTorchReference.class.getResourceAsStream("bench/lenet_pytorch.py")) {
            if (in == null) {
                throw new IllegalStateException("bench/lenet_pytorch.py is missing from the experiments jar");
            }
            Path file = Files.createTempFile("rtrain-lenet-pytorch-", ".py");
            file.toFile().deleteOnExit();
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the PyTorch reference script to a temporary file", e);
        }
    }
}
