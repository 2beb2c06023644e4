package mixer.dsp.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
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
     * The lock files this process holds, with what for: asked again, it answers from here without opening the file, since
     * closing any channel of a file lets go of every lock the process holds on it (POSIX record locks).
     */
    private static final Map<Path, String> HELD = new ConcurrentHashMap<>();

    /** Who may write the lock file: everyone, so that another user's mixer can take a shared folder in its turn. */
    private static final Set<PosixFilePermission> SHARED = PosixFilePermissions.fromString("rw-rw-rw-");

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    /** Whether {@link #take} made the folder: one left holding only the lock (a run that failed first) is removed again. */
    private final boolean madeFolder;

    private FolderLock(Path file, FileChannel channel, FileLock lock, boolean madeFolder) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.madeFolder = madeFolder;
    }

    /**
     * Takes the folder (creating it) for {@code what} this process does there, or fails with an error that names the
     * folder and what holds it.
     */
    public static FolderLock take(Path dir, String what) throws IOException {
        boolean made = !Files.exists(dir);
        Files.createDirectories(dir);
        Path file = dir.toRealPath().resolve(FILE); // one folder by two names is one lock
        String line = "process " + ProcessHandle.current().pid() + ", " + what + ", since " + Instant.now();
        String mine = HELD.putIfAbsent(file, line);
        if (mine != null) throw held(dir, mine);
        FileChannel channel = null;
        FileLock lock = null;
        try {
            channel = open(file);
            lock = channel.tryLock();
            if (lock == null) throw held(dir, readHolder(file)); // another process: reading its file lets go of nothing of ours
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
            return new FolderLock(file, channel, lock, made);
        } catch (IOException | RuntimeException e) {
            if (lock != null) lock.release();
            if (channel != null) channel.close();
            HELD.remove(file);
            if (e instanceof IOException io && io.getMessage() != null && io.getMessage().startsWith(dir + ": another mixer")) throw io;
            throw new IOException(dir + ": cannot take " + FILE + " to write here alone (" + e + "); check the folder's "
                    + "permissions, or that its file system supports locks", e);
        }
    }

    private static FileChannel open(Path file) throws IOException {
        try {
            FileChannel channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(SHARED));
            try {
                Files.setPosixFilePermissions(file, SHARED); // the umask took some away
            } catch (IOException | UnsupportedOperationException e) {
                // a file system without POSIX permissions: nothing to share
            }
            return channel;
        } catch (FileAlreadyExistsException e) {
            return FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        }
    }

    private static String readHolder(Path file) {
        try {
            String holder = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).trim();
            return holder.isEmpty() ? "unknown" : holder;
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static IOException held(Path dir, String holder) {
        return new IOException(dir + ": another mixer is writing here (" + holder + "); wait for it to finish or stop it, or "
                + "give this run another folder");
    }

    /**
     * Lets the folder go. The file stays (it says nothing once no process locks it), but for a folder this lock made that
     * holds nothing else: a run that failed before writing anything leaves no folder behind.
     */
    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
            HELD.remove(file);
        }
        if (madeFolder) {
            try (var left = Files.list(file.getParent())) {
                if (left.allMatch(file::equals)) {
                    Files.deleteIfExists(file);
                    Files.deleteIfExists(file.getParent());
                }
            } catch (IOException e) {
                // another process took the folder meanwhile, or wrote in it: it stays
            }
        }
    }
}
