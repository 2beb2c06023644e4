package mixer.dataset;

import mixer.dataset.features.FeatureConfig;
import mixer.dataset.features.Features;
import mixer.dsp.io.AtomicFiles;
import mixer.dsp.provenance.Sha256;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Training examples kept on disk, so that the models of one run make each example once. Every model of a run draws
 * the same examples (each a pure function of seed, epoch, track and k), and making one (crop, render, the features
 * of one or two windows) costs far more than a training step: the descriptor MLP's epoch took as long as the CNNs',
 * and the four models of a match task made the same 12 x 1,232 examples four times.
 *
 * <p>A store is named by everything an example depends on (the training rows, task, feature configuration, seed and
 * the code's commit: see {@link #open}); it holds one name at a time, so opening another removes the rest, but for a
 * store another mixer is training from (it holds a lock on the store's {@value #IN_USE}): removing that one under it
 * failed that run's neighbour ("a folder that is not empty") and cost it its examples. An entry
 * is written atomically when first made and read back bit for bit; a damaged one is made again. Keeping an example
 * only saves time: when an entry cannot be written the example is still used, and it is the same either way.
 */
public final class ExampleStore {

    private static final int MAGIC = 0x4d584531; // "MXE1"

    /** The file in a store whose shared lock says a process trains from it (the lock goes with the process). */
    static final String IN_USE = ".in-use";

    /**
     * The stores this process holds, with the channel that holds each lock: kept open, since closing any channel of a
     * file lets go of every lock the process holds on it (POSIX record locks).
     */
    private static final Map<Path, FileChannel> HELD = new ConcurrentHashMap<>();

    private final Path dir;
    private final FeatureConfig config;

    private ExampleStore(Path dir, FeatureConfig config) {
        this.dir = dir;
        this.config = config;
    }

    /**
     * The store under {@code root} named by {@code identity} (every input of the examples, in any order that is
     * always the same): a folder named by their hash, created if new, after the folders of other names are removed.
     */
    public static ExampleStore open(Path root, FeatureConfig config, String... identity) throws IOException {
        String name = Sha256.of(String.join("\n", identity)).substring(0, 16);
        Path dir = root.resolve(name);
        Files.createDirectories(dir);
        hold(dir);
        try (Stream<Path> others = Files.list(root)) {
            for (Path other : others.filter(p -> !p.getFileName().toString().equals(name)).toList()) {
                FileChannel mine = HELD.remove(key(other));
                if (mine != null) mine.close(); // this process has moved on from it
                if (inUse(other)) continue; // another mixer trains from it: removed by a later run
                try {
                    delete(other);
                } catch (IOException | UncheckedIOException e) {
                    // a run that started filling it meanwhile: only disk is lost, and a later run removes it
                }
            }
        }
        return new ExampleStore(dir, config);
    }

    /** Says, for as long as this process runs, that it trains from the store in {@code dir}. */
    private static void hold(Path dir) throws IOException {
        if (HELD.containsKey(key(dir))) return;
        FileChannel channel = FileChannel.open(dir.resolve(IN_USE), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            channel.lock(0, Long.MAX_VALUE, true); // shared: the models of one seed may train side by side
        } catch (IOException | RuntimeException e) {
            channel.close();
            return; // a file system without locks: the store works, unguarded as before
        }
        HELD.put(key(dir), channel);
    }

    /** Whether another process holds the store in {@code dir} (never asked of one this process holds). */
    private static boolean inUse(Path dir) {
        Path lockFile = dir.resolve(IN_USE);
        if (!Files.isRegularFile(lockFile)) return false;
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) return true;
            lock.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Path key(Path dir) {
        return dir.toAbsolutePath().normalize();
    }

    /** Removes every store under {@code root}; returns the bytes freed. */
    public static long clear(Path root) throws IOException {
        if (!Files.isDirectory(root)) return 0;
        for (Path held : HELD.keySet()) {
            if (held.startsWith(key(root))) HELD.remove(held).close();
        }
        long bytes = 0;
        try (Stream<Path> stores = Files.list(root)) {
            for (Path store : stores.toList()) {
                if (inUse(store)) continue; // another mixer trains from it: as in open, removed by a later run
                bytes += size(store);
                delete(store);
            }
        }
        try {
            Files.deleteIfExists(root);
        } catch (java.nio.file.DirectoryNotEmptyException e) {
            // a store in use stays
        }
        return bytes;
    }

    /** The bytes the stores under {@code root} take. */
    public static long size(Path root) throws IOException {
        if (!Files.isDirectory(root)) return 0;
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0; // removed meanwhile
                }
            }).sum();
        }
    }

    /** The kept example, or null when there is none (or it is damaged: then it is removed). */
    TrainingExamples.Labelled get(int epoch, int track, int k) {
        Path entry = entry(epoch, track, k);
        if (!Files.isRegularFile(entry)) return null;
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(entry)))) {
            if (in.readInt() != MAGIC) throw new IOException("not an example");
            int channels = in.readInt(), descriptors = in.readInt(), targets = in.readInt();
            Features features = Features.read(in, channels, config.logMel().melBands(), config.frames(), descriptors);
            double[] t = new double[targets];
            for (int i = 0; i < targets; i++) t[i] = in.readDouble();
            return new TrainingExamples.Labelled(features, t);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(entry); // damaged (an interrupted copy, a full disk): made again
            } catch (IOException ignored) {
                // it is made again and rewritten either way
            }
            return null;
        }
    }

    /** Keeps an example; a failure to write only loses the time it would have saved. */
    void put(int epoch, int track, int k, TrainingExamples.Labelled example) {
        try {
            AtomicFiles.write(entry(epoch, track, k), tmp -> {
                try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
                    out.writeInt(MAGIC);
                    out.writeInt(example.features().logMel().length);
                    out.writeInt(example.features().descriptors().length);
                    out.writeInt(example.targets().length);
                    example.features().write(out);
                    for (double v : example.targets()) out.writeDouble(v);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // disk full or the folder removed by another run: the example was made and is used all the same
        }
    }

    /** Where the store keeps its entries. */
    public Path dir() {
        return dir;
    }

    private Path entry(int epoch, int track, int k) {
        return dir.resolve("epoch" + epoch).resolve("track" + track).resolve(k + ".bin"); // small folders: each write lists its own
    }

    private static void delete(Path path) throws IOException {
        try (Stream<Path> all = Files.walk(path)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
