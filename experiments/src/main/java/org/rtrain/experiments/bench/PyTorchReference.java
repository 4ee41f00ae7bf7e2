package org.rtrain.experiments.bench;

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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * PyTorch on the same machine, as {@link SideBySide.Setup}s: a process that trains and attacks the bench's networks
 * (the same architecture, optimiser, batch size and thread count), driven block by block over its standard input so
 * that its blocks alternate with DL4J's. Two such processes exist: a JVM running DJL's PyTorch engine
 * ({@link org.rtrain.experiments.bench.pytorch.DjlPyTorchWorker}, PyTorch 2.x from Maven Central, the default) and a
 * Python interpreter running {@code bench/pytorch_reference.py} (whatever PyTorch it imports). Both speak one
 * protocol: a JSON line describing the build, then for each request line {@code WORKLOAD STEPS} ({@code lenet},
 * {@code pgd} or {@code wrn}) one JSON line with the seconds the process measured around the steps, without the
 * pipe's round trip.
 */
public final class PyTorchReference implements AutoCloseable {

    /** The workloads both reference processes run. */
    public static final List<String> WORKLOADS = List.of("lenet", "pgd", "wrn");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long START_SECONDS = 300;

    private final Process process;
    private final BufferedReader replies;
    private final PrintWriter requests;
    private final String command;
    private String description;
    private JsonNode build;

    private PyTorchReference(Process process, String command) {
        this.process = process;
        this.replies = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.requests = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        this.command = command;
    }

    /** Why no process could run the reference: one reason per command tried. */
    public static final class UnavailableException extends Exception {

        private static final long serialVersionUID = 1L;

        UnavailableException(String message) {
            super(message);
        }
    }

    /**
     * Starts the reference with the first of {@code interpreters} that imports PyTorch, running the bundled script
     * with {@code arguments} (the batch sizes of LeNet training, PGD and WRN-16-4 training, and the thread count).
     */
    public static PyTorchReference startPython(List<String> interpreters, List<String> arguments,
                                               Map<String, String> environment) throws UnavailableException {
        Path script = script();
        List<String> reasons = new ArrayList<>();
        for (String interpreter : interpreters) {
            List<String> command = new ArrayList<>(List.of(interpreter, script.toString()));
            command.addAll(arguments);
            try {
                return start(command, interpreter, environment);
            } catch (UnavailableException e) {
                reasons.add(interpreter + ": " + e.getMessage());
            }
        }
        throw new UnavailableException(String.join("; ", reasons));
    }

    /**
     * Starts {@code command}, a process speaking the protocol; {@code name} says what it is in errors and in the
     * description when its first line does not.
     */
    public static PyTorchReference start(List<String> command, String name, Map<String, String> environment)
            throws UnavailableException {
        Process process;
        Path errors;
        try {
            errors = Files.createTempFile("rtrain-pytorch-", ".err");
            errors.toFile().deleteOnExit();
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(errors.toFile());
            builder.environment().putAll(environment);
            process = builder.start();
        } catch (IOException e) {
            throw new UnavailableException("cannot start it (" + e.getMessage() + ")");
        }
        PyTorchReference reference = new PyTorchReference(process, name);
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
        reference.build = build;
        String kernels = build.path("kernels").asText("");
        reference.description = String.format(Locale.ROOT, "PyTorch %s (BLAS %s%s, %d threads) via %s",
                build.path("torch").asText(), build.path("blas").asText("unknown"),
                kernels.isEmpty() ? "" : "; " + kernels, build.path("threads").asInt(),
                build.path("via").asText(name));
        return reference;
    }

    /** The PyTorch build and process, e.g. {@code PyTorch 2.7.1 (BLAS MKL; MKL, oneDNN, 2 threads) via DJL ...}. */
    public String description() {
        return description;
    }

    /** The parameter count the reference gives for {@code workload}'s network, if it gives one. */
    public Optional<Long> parameters(String workload) {
        JsonNode count = build.path("parameters").path(workload);
        return count.isNumber() ? Optional.of(count.asLong()) : Optional.empty();
    }

    /** The command (or the interpreter) running the reference. */
    public String command() {
        return command;
    }

    /** {@code workload}'s steps as a set-up named "PyTorch". */
    public SideBySide.Setup setup(String workload) {
        if (!WORKLOADS.contains(workload)) {
            throw new IllegalArgumentException("no PyTorch workload '" + workload + "'; there are " + WORKLOADS);
        }
        return new SideBySide.Setup() {
            @Override
            public String name() {
                return "PyTorch";
            }

            @Override
            public double run(int steps) {
                return PyTorchReference.this.run(workload, steps);
            }
        };
    }

    private double run(String workload, int steps) {
        requests.println(workload + " " + steps);
        String reply = readLine();
        JsonNode node = reply == null ? null : parse(reply);
        if (node == null || !node.has("seconds")) {
            throw new IllegalStateException("the PyTorch reference (" + command + ") stopped answering; its last "
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
        try (InputStream in = PyTorchReference.class.getResourceAsStream("pytorch_reference.py")) {
            if (in == null) {
                throw new IllegalStateException("bench/pytorch_reference.py is missing from the experiments jar");
            }
            Path file = Files.createTempFile("rtrain-pytorch-reference-", ".py");
            file.toFile().deleteOnExit();
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the PyTorch reference script to a temporary file", e);
        }
    }
}
