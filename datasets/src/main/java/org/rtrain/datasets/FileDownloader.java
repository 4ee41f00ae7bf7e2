package org.rtrain.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;

import org.apache.commons.codec.digest.DigestUtils;
import org.rtrain.perturb.io.AtomicFile;

/**
 * Downloads a file with a progress bar, resuming a partial download ({@code <name>.part}) with an
 * HTTP range request, and moves it into place ({@link AtomicFile#moveIntoPlace}) only once its MD5
 * matches the published one.
 */
public final class FileDownloader {

    private final HttpClient client;
    private final PrintStream progress;

    /** A downloader printing its progress bar to {@code progress}. */
    public FileDownloader(PrintStream progress) {
        this.client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(20)).build();
        this.progress = progress;
    }

    /**
     * Downloads {@code fileName} from the first mirror that serves it into {@code target}.
     *
     * @throws DatasetException when no mirror serves a file with the expected MD5
     */
    public void download(List<String> mirrors, String fileName, Path target, String expectedMd5) {
        StringBuilder failures = new StringBuilder();
        for (String mirror : mirrors) {
            URI uri = URI.create(mirror.endsWith("/") ? mirror + fileName : mirror + "/" + fileName);
            try {
                download(uri, target, expectedMd5);
                return;
            } catch (IOException | DatasetException e) {
                failures.append("\n  ").append(uri).append(": ").append(e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DatasetException("Download of " + uri + " interrupted", e);
            }
        }
        throw new DatasetException("Could not download " + fileName + " to " + target + ":" + failures);
    }

    /** Downloads {@code uri} into {@code target}, verifying its MD5. */
    public void download(URI uri, Path target, String expectedMd5) throws IOException, InterruptedException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path partial = target.resolveSibling(target.getFileName() + ".part");
        long already = Files.exists(partial) ? Files.size(partial) : 0;
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(30));
        if (already > 0) {
            request.header("Range", "bytes=" + already + "-");
        }
        HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        boolean resumed = response.statusCode() == 206;
        if (response.statusCode() != 200 && !resumed) {
            response.body().close();
            throw new IOException("HTTP status " + response.statusCode());
        }
        long offset = resumed ? already : 0;
        long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        long total = length < 0 ? -1 : length + offset;
        try (InputStream in = response.body();
             OutputStream out = Files.newOutputStream(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     resumed ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
            byte[] buffer = new byte[1 << 16];
            long done = offset;
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                done += n;
                printProgress(target.getFileName().toString(), done, total);
            }
        }
        progress.println();
        String actual = md5(partial);
        if (!actual.equals(expectedMd5)) {
            Files.delete(partial);
            throw new DatasetException("downloaded " + uri + " has MD5 " + actual + ", expected " + expectedMd5
                    + "; the partial file was deleted");
        }
        AtomicFile.moveIntoPlace(partial, target);
    }

    private void printProgress(String name, long done, long total) {
        if (total > 0) {
            int width = 30;
            int filled = (int) (width * done / total);
            progress.printf("\r%s [%s%s] %3d%% %.1f/%.1f MB", name, "=".repeat(filled), " ".repeat(width - filled),
                    100 * done / total, done / 1e6, total / 1e6);
        } else {
            progress.printf("\r%s %.1f MB", name, done / 1e6);
        }
    }

    /** MD5 of a file's bytes, in lower-case hex. */
    public static String md5(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return DigestUtils.md5Hex(in);
        }
    }
}
