package mixer.dsp.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One writer at a time in a folder that a long job fills (a corpus, a dataset, a training run, a report): a second
 * mixer started on the same folder by mistake would otherwise interleave its files with the first's (each file whole,
 * the set a mix of two runs), or resume a checkpoint the first is still writing. The lock is the operating system's on
 * {@value #FILE} in the folder, so it goes with the process however it ends; the file says who holds it.
 */
public final class FolderLock implements AutoCloseable {

    /** The lock file's name in the folder. */
    public static final String FILE = ".mixer.lock";

    /**
     * The lock files this process holds: asked again, it answers from here without opening the file, since closing any
     * channel of a file may let go of every lock the process holds on it (POSIX record locks).
     */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private FolderLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the folder (creating it) for {@code what} this process does there, or fails with an error that names the
     * folder and what holds it.
     */
    public static FolderLock take(Path dir, String what) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(FILE).toAbsolutePath().normalize();
        if (!HELD.add(file)) throw held(dir, file);
        FileLock lock = null;
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // not ours by HELD, but the JVM's: cannot be
        } finally {
            if (lock == null) {
                HELD.remove(file);
                if (channel != null) channel.close();
            }
        }
        if (lock == null) throw held(dir, file);
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(("process " + ProcessHandle.current().pid() + ", " + what + ", since " + Instant.now() + "\n")
                .getBytes(StandardCharsets.UTF_8)));
        return new FolderLock(file, channel, lock);
    }

    private static IOException held(Path dir, Path file) throws IOException {
        String holder = Files.isRegularFile(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8).trim() : "";
        return new IOException(dir + ": another mixer is writing here (" + (holder.isEmpty() ? "unknown" : holder)
                + "); wait for it to finish or stop it, or give this run another folder");
    }

    /** Lets the folder go (the file stays: it says nothing once no process locks it). */
    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
            HELD.remove(file);
        }
    }
}
