package org.rtrain.reports.render;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.rtrain.perturb.io.AtomicFile;

/**
 * The {@code pdflatex} program: turns a LaTeX document into a PDF, in a temporary directory, with
 * no shell escape and no interaction. Debian packages: texlive-latex-base, texlive-latex-recommended
 * (booktabs).
 */
public final class PdfLatex {

    private static final long TIMEOUT_SECONDS = 120;

    private final Path executable;

    /** The program at {@code executable}. */
    public PdfLatex(Path executable) {
        this.executable = Objects.requireNonNull(executable, "executable");
    }

    /** {@code pdflatex} from a directory of the {@code PATH}, if there is one. */
    public static Optional<PdfLatex> onPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String directory : path.split(File.pathSeparator)) {
            if (!directory.isEmpty()) {
                Path candidate = Path.of(directory, "pdflatex");
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(new PdfLatex(candidate));
                }
            }
        }
        return Optional.empty();
    }

    /** The program's path. */
    public Path executable() {
        return executable;
    }

    /**
     * A complete document around LaTeX fragments (tables from this package): article class, A4 with
     * narrow margins, booktabs and longtable.
     */
    public static String document(String title, List<String> fragments) {
        StringBuilder tex = new StringBuilder();
        tex.append("\\documentclass[10pt]{article}\n\\usepackage[a4paper,margin=15mm]{geometry}\n")
                .append("\\usepackage{booktabs}\n\\usepackage{longtable}\n\\begin{document}\n")
                .append("\\section*{").append(LatexText.escape(title)).append("}\n");
        for (String fragment : fragments) {
            tex.append(fragment).append("\n\\clearpage\n");
        }
        tex.append("\\end{document}\n");
        return tex.toString();
    }

    /**
     * Compiles {@code document} and writes the PDF to {@code pdf} atomically. Runs twice, so that
     * longtable's column widths settle.
     *
     * @throws IllegalStateException with LaTeX's error messages when it does not compile
     */
    public Path compile(String document, Path pdf) {
        Path work = null;
        try {
            work = Files.createTempDirectory("rtrain-latex");
            Files.writeString(work.resolve("document.tex"), document, StandardCharsets.UTF_8);
            for (int pass = 0; pass < 2; pass++) {
                run(work);
            }
            return AtomicFile.write(pdf, Files.readAllBytes(work.resolve("document.pdf")));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot compile " + pdf + " with " + executable + ": " + e.getMessage(), e);
        } finally {
            if (work != null) {
                delete(work);
            }
        }
    }

    private void run(Path work) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(executable.toString(), "-interaction=nonstopmode",
                "-halt-on-error", "-no-shell-escape", "document.tex").directory(work.toFile())
                .redirectErrorStream(true).redirectOutput(work.resolve("pdflatex.out").toFile());
        Process process = builder.start();
        process.getOutputStream().close();
        boolean finished;
        try {
            finished = process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while pdflatex ran", e);
        }
        if (!finished) {
            process.destroyForcibly();
            throw new IllegalStateException("pdflatex did not finish within " + TIMEOUT_SECONDS + " s");
        }
        if (process.exitValue() != 0 || !Files.isRegularFile(work.resolve("document.pdf"))) {
            throw new IllegalStateException("pdflatex failed (exit " + process.exitValue() + "):\n"
                    + errors(work.resolve("document.log")));
        }
    }

    /** LaTeX's error lines ({@code ! ...} and the two lines after), or the end of the log. */
    private static String errors(Path log) throws IOException {
        if (!Files.isRegularFile(log)) {
            return "(no log written)";
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("!")) {
                errors.addAll(lines.subList(i, Math.min(lines.size(), i + 3)));
            }
        }
        return String.join("\n", errors.isEmpty() ? lines.subList(Math.max(0, lines.size() - 20), lines.size())
                : errors);
    }

    private static void delete(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // A leftover temporary directory is harmless; the PDF is already in place or the error reported.
        }
    }
}
