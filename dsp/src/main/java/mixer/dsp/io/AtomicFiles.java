package mixer.dsp.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes a file so that it is either complete or absent: the content goes to a hidden file beside the
 * target, {@code .NAME.PID.part}, which is renamed over the target once it is complete.
 *
 * <ul>
 *   <li>A failed write deletes its part file; so does a run stopped by Ctrl-C or {@code kill} (a
 *       shutdown hook). A run killed outright ({@code kill -9}, power loss) leaves its part file, and
 *       the next write of the same target removes it: its process id names a process that is gone.</li>
 *   <li>The part file is synced to disk before it is renamed, so after a power loss the target holds the
 *       old content or the new one whole.</li>
 *   <li>A new file gets the permissions the umask gives (the part file is created like any file);
 *       a file written over keeps its own permissions. A write-protected file (no write permission for its
 *       owner) is refused, as {@code cp} and {@code sox} refuse it: renaming over it would need only the
 *       folder's permission, and would replace what its owner protected (also when run as root).</li>
 * </ul>
 */
public final class AtomicFiles {

    /** Writes the content of a file given its (temporary) path. */
    @FunctionalInterface
    public interface Writer {
        void writeTo(Path tmp) throws IOException;
    }

    private static final Pattern PART = Pattern.compile("\\.(.+)\\.(\\d+)\\.part");
    private static final long PID = ProcessHandle.current().pid();
    /** Part files being written now, deleted by the shutdown hook if the JVM stops before they are done. */
    private static final Set<Path> IN_FLIGHT = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Path p : IN_FLIGHT) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException | RuntimeException e) {
                    // the next write of its target removes it
                }
            }
        }, "mixer-part-files"));
    }

    private AtomicFiles() {
    }

    /**
     * A file being written: write to {@link #path()}, then {@link #commit()}; {@link #close()} without a
     * commit deletes it. Use in try-with-resources.
     */
    public static final class Pending implements AutoCloseable {
        private final Path target;
        private final Path part;
        private boolean done;

        private Pending(Path target, Path part) {
            this.target = target;
            this.part = part;
        }

        /** The part file to write. */
        public Path path() {
            return part;
        }

        /** Renames the part file over the target (keeping an existing target's permissions). */
        public void commit() throws IOException {
            if (done) throw new IllegalStateException(target + ": already committed or abandoned");
            // the content on disk before the name moves: a power loss leaves the old file or the new, not a torn one
            // (about 0.5 ms for a training example's 65 KB here: some 22 s over a whole blind-restore training); before the
            // target's permissions are copied to it
            try (FileChannel channel = FileChannel.open(part, StandardOpenOption.READ)) {
                channel.force(true);
            }
            keepPermissions(target, part);
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            done = true;
            IN_FLIGHT.remove(part);
        }

        @Override
        public void close() throws IOException {
            if (done) return;
            done = true;
            try {
                Files.deleteIfExists(part);
            } finally {
                IN_FLIGHT.remove(part);
            }
        }
    }

    /**
     * Starts writing {@code target}: creates its folder, removes part files of it that dead processes
     * left, and creates this process's (empty) part file.
     */
    public static Pending create(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        refuseWriteProtected(target);
        String name = partStem(target.getFileName().toString());
        removeStaleParts(dir, name);
        Path part = dir.resolve("." + name + "." + PID + ".part");
        IN_FLIGHT.add(part);
        try {
            Files.deleteIfExists(part); // our own, from an earlier write of this target that failed to clean up
            try (FileChannel ignored = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                // created with the process's umask, unlike Files.createTempFile (always 0600)
            }
        } catch (IOException | RuntimeException e) {
            IN_FLIGHT.remove(part);
            throw e;
        }
        return new Pending(target, part);
    }

    public static void write(Path target, Writer writer) throws IOException {
        try (Pending p = create(target)) {
            writer.writeTo(p.path());
            p.commit();
        }
    }

    public static void writeString(Path target, String content) throws IOException {
        write(target, tmp -> Files.writeString(tmp, content));
    }

    /**
     * The NAME of a target's {@code .NAME.PID.part}: the target's own name, or where that is near the file system's
     * 255 bytes (a legal name leaves no room for the part's 11-14 more), its start and a hash of it, still its own.
     */
    static String partStem(String name) {
        if (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 200) return name;
        StringBuilder start = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < name.length(); i += Character.charCount(name.codePointAt(i))) { // whole characters, at most 100 bytes
            String next = new String(Character.toChars(name.codePointAt(i)));
            bytes += next.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            if (bytes > 100) break;
            start.append(next);
        }
        return start + "~" + mixer.dsp.provenance.Sha256.of(name).substring(0, 16);
    }

    /** Deletes {@code .NAME.PID.part} files in {@code dir} whose process is no longer running ({@code name}: the stem). */
    static void removeStaleParts(Path dir, String name) throws IOException {
        try (DirectoryStream<Path> parts = Files.newDirectoryStream(dir, "." + globEscape(name) + ".*.part")) {
            for (Path p : parts) {
                Matcher m = PART.matcher(p.getFileName().toString());
                if (!m.matches() || !m.group(1).equals(name)) continue;
                long pid;
                try {
                    pid = Long.parseLong(m.group(2));
                } catch (NumberFormatException e) {
                    continue;
                }
                if (pid != PID && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) continue;
                if (pid == PID && IN_FLIGHT.contains(p)) continue; // another thread of ours is writing it
                try {
                    Files.deleteIfExists(p);
                } catch (NoSuchFileException e) {
                    // gone already
                }
            }
        }
    }

    private static void refuseWriteProtected(Path target) throws AccessDeniedException {
        PosixFileAttributeView view = Files.getFileAttributeView(target, PosixFileAttributeView.class);
        if (view == null || !Files.isRegularFile(target)) return;
        try {
            if (view.readAttributes().permissions().contains(PosixFilePermission.OWNER_WRITE)) return;
        } catch (IOException e) {
            return; // gone meanwhile, or unreadable attributes: the write itself says what is wrong
        }
        throw new AccessDeniedException(target.toString(), null,
                "write-protected, so it was left as it is: make it writable (chmod u+w) or write elsewhere");
    }

    private static void keepPermissions(Path target, Path part) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(target, PosixFileAttributeView.class);
        if (view == null || !Files.isRegularFile(target)) return;
        try {
            Set<PosixFilePermission> mode = view.readAttributes().permissions();
            Files.setPosixFilePermissions(part, mode);
        } catch (NoSuchFileException | FileAlreadyExistsException e) {
            // the target went away meanwhile: the part keeps the umask's permissions
        }
    }

    private static String globEscape(String s) {
        return s.replaceAll("([*?\\[\\]{}\\\\])", "\\\\$1");
    }
}
