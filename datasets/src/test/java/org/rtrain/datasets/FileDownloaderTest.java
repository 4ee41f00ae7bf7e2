package org.rtrain.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rtrain.datasets.Refusals.assertRefused;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a server on the loopback interface only. */
class FileDownloaderTest {

    @TempDir
    Path dir;

    private HttpServer server;
    private final byte[] payload = new byte[300_000];
    private String rangeSeen;

    @BeforeEach
    void start() throws Exception {
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 31);
        }
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/data/file.bin", exchange -> {
            String range = exchange.getRequestHeaders().getFirst("Range");
            rangeSeen = range;
            int from = range == null ? 0 : Integer.parseInt(range.replaceAll("bytes=(\\d+)-", "$1"));
            exchange.sendResponseHeaders(range == null ? 200 : 206, payload.length - from);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(payload, from, payload.length - from);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/data/";
    }

    private String md5(byte[] bytes) throws Exception {
        Path tmp = Files.write(dir.resolve("md5-input"), bytes);
        return FileDownloader.md5(tmp);
    }

    @Test
    void downloadsVerifiesAndShowsProgress() throws Exception {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        Path target = dir.resolve("out/file.bin");
        new FileDownloader(new PrintStream(progress)).download(List.of(base()), "file.bin", target, md5(payload));
        assertArrayEquals(payload, Files.readAllBytes(target));
        assertTrue(progress.toString().contains("100%"), progress.toString());
    }

    @Test
    void resumesAPartialDownload() throws Exception {
        Path target = dir.resolve("file.bin");
        Files.write(dir.resolve("file.bin.part"), Arrays.copyOf(payload, 1000));
        new FileDownloader(new PrintStream(OutputStream.nullOutputStream()))
                .download(List.of(base()), "file.bin", target, md5(payload));
        assertArrayEquals(payload, Files.readAllBytes(target));
        assertTrue("bytes=1000-".equals(rangeSeen), "range header was " + rangeSeen);
    }

    @Test
    void wrongChecksumLeavesNoFileAndSaysWhy() {
        Path target = dir.resolve("file.bin");
        FileDownloader downloader = new FileDownloader(new PrintStream(OutputStream.nullOutputStream()));
        assertRefused(() -> downloader.download(List.of(base(), base() + "missing/"), "file.bin", target,
                "00000000000000000000000000000000"), "expected 00000000000000000000000000000000", "HTTP status 404");
        assertFalse(Files.exists(target));
        assertFalse(Files.exists(dir.resolve("file.bin.part")));
    }
}
