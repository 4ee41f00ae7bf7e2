package org.rtrain.perturb.io;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * One file replaced crash-safely: the new content is written to a temporary file in the target's
 * directory, forced to disk, moved over the target in one atomic step, and the directory is forced
 * so that the move itself survives a power loss (where the platform can force a directory). A reader
 * sees the old file or the new one, never part of either; a crash leaves at most the temporary file,
 * which nothing reads.
 *
 * <pre>
 *   try (AtomicFile file = AtomicFile.create(target)) {
 *       Files.write(file.temporary(), bytes);
 *       file.commit();
 *   }
 * </pre>
 * The steps are separate ({@link #sync()}, {@link #commit()}) so that a caller replacing several files
 * together can force all of them before it moves any, and so that {@link FaultInjection} points can sit
 * between them. Closing a file that was not committed deletes its temporary file.
 */
public final class AtomicFile implements Closeable {

    private final Path target;
    private final Path temporary;
    private boolean synced;
    private boolean committed;

    private AtomicFile(Path target, Path temporary) {
        this.target = target;
        this.temporary = temporary;
    }

    /**
     * A replacement of {@code target} through a new, uniquely named temporary file beside it
     * ({@code <name><digits>.tmp}), so that concurrent writers of one target never share one. Creates
     * the target's directory.
     */
    public static AtomicFile create(Path target) throws IOException {
        Path directory = directoryOf(target);
        Files.createDirectories(directory);
        return new AtomicFile(target, Files.createTempFile(directory, target.getFileName().toString(), ".tmp"));
    }

    /**
     * A replacement of {@code target} through the temporary file {@code <name><suffix>} beside it, for a
     * caller that must know the temporary file's name (to find it again, or to clean up after a crash). The
     * file is neither created nor truncated here: the caller writes it. Creates the target's directory.
     */
    public static AtomicFile create(Path target, String suffix) throws IOException {
        Path directory = directoryOf(target);
        Files.createDirectories(directory);
        return new AtomicFile(target, directory.resolve(target.getFileName() + suffix));
    }

    /** Writes {@code bytes} to {@code target} crash-safely; returns the target. */
    public static Path write(Path target, byte[] bytes) throws IOException {
        try (AtomicFile file = create(target)) {
            Files.write(file.temporary(), bytes);
            return file.commit();
        }
    }

    /** Writes {@code text} as UTF-8 to {@code target} crash-safely; returns the target. */
    public static Path write(Path target, String text) throws IOException {
        return write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Moves the complete file {@code temporary} over {@code target} in its directory crash-safely: forces
     * it to disk, moves it atomically, forces the directory. For a temporary file that outlives one
     * process (a resumable download), which {@link #close()} must not delete.
     */
    public static void moveIntoPlace(Path temporary, Path target) throws IOException {
        force(temporary);
        move(temporary, target);
    }

    /** The file being replaced. */
    public Path target() {
        return target;
    }

    /** The temporary file that receives the new content. */
    public Path temporary() {
        return temporary;
    }

    /** Forces the temporary file's content to disk; call it after the last write. */
    public void sync() throws IOException {
        force(temporary);
        synced = true;
    }

    /**
     * Moves the temporary file over the target atomically and forces the directory, after
     * {@link #sync()} if the caller did not call it; returns the target.
     */
    public Path commit() throws IOException {
        if (!synced) {
            sync();
        }
        move(temporary, target);
        committed = true;
        return target;
    }

    /** Deletes the temporary file unless the file was committed; never throws. */
    @Override
    public void close() {
        if (!committed) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException e) {
                // A leftover temporary file is never read in place of the target.
            }
        }
    }

    private static Path directoryOf(Path target) {
        return target.toAbsolutePath().getParent();
    }

    private static void force(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    private static void move(Path temporary, Path target) throws IOException {
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel directory = FileChannel.open(directoryOf(target), StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException e) {
            // Not every platform opens or forces a directory (Windows does not); the move itself is done.
        }
    }
}
