package mixer.dataset.features;

import mixer.dsp.provenance.Sha256;

import mixer.dsp.io.AtomicFiles;
import mixer.dsp.io.AudioReader;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Features of the windows a model hears in fixed audio (validation and test examples: the windows
 * {@link SongWindows} picks, as `mixer mix` does for a song) computed once and kept on disk, keyed by
 * the SHA-256 of the audio file, the feature configuration and the number of windows, so a changed
 * file or config never reads stale features. Entries are written atomically; a damaged entry is
 * recomputed.
 */
public final class FeatureCache {

    private static final int MAGIC = 0x4d584632; // "MXF2": with the channel and descriptor counts (a match pair has more)
    private final Path dir;
    private final Consumer<String> log;
    private volatile boolean unwritable; // said once; features are then computed each time

    public FeatureCache(Path dir) {
        this(dir, line -> { });
    }

    /** A cache in {@code dir} that says on {@code log}, once, when it cannot be written (a dataset shared read-only). */
    public FeatureCache(Path dir, Consumer<String> log) {
        this.dir = dir;
        this.log = log;
    }

    /** The features of {@link SongWindows#features(mixer.dsp.Audio, FeatureConfig, int)} of the file. */
    public List<Features> songWindows(Path audioFile, FeatureConfig config, int maxWindows) throws IOException {
        String key = Sha256.of(audioFile) + "-" + Integer.toHexString((config.key() + "-song" + maxWindows).hashCode());
        return cached(key, config, () -> SongWindows.features(AudioReader.read(audioFile).audio(), config, maxWindows));
    }

    /** The features of {@link SongWindows#pairFeatures(mixer.dsp.Audio, mixer.dsp.Audio, boolean, FeatureConfig, int)} of two files. */
    public List<Features> pairWindows(Path inputFile, Path referenceFile, boolean sameCrop, FeatureConfig config, int maxWindows)
            throws IOException {
        String key = Sha256.of(inputFile) + "-" + Sha256.of(referenceFile).substring(0, 16) + "-"
                + Integer.toHexString((config.key() + (sameCrop ? "-pair" : "-pair-of-two-crops") + maxWindows).hashCode());
        return cached(key, config, () -> {
            try {
                return SongWindows.pairFeatures(AudioReader.read(inputFile).audio(), AudioReader.read(referenceFile).audio(),
                        sameCrop, config, maxWindows);
            } catch (IllegalArgumentException e) { // a pair that cannot be heard: an error of the files, which the caller names
                throw new IOException(e.getMessage(), e);
            }
        });
    }

    /** Computes features once. */
    private interface Computation {
        List<Features> compute() throws IOException;
    }

    /** The entry of {@code key}, or the features computed and written there. */
    private List<Features> cached(String key, FeatureConfig config, Computation computation) throws IOException {
        Path entry = dir.resolve(key.substring(0, 2)).resolve(key + ".bin");
        if (Files.isRegularFile(entry)) {
            try {
                return read(entry, config);
            } catch (IOException e) {
                Files.deleteIfExists(entry); // damaged or from another layout: recompute
            }
        }
        List<Features> windows = computation.compute();
        if (unwritable) return windows;
        try {
            AtomicFiles.write(entry, tmp -> write(tmp, config, windows));
        } catch (IOException e) { // a cache is a saving, not a result: the features are right without it
            unwritable = true;
            log.accept("note: the feature cache " + dir + " cannot be written (" + (e instanceof java.nio.file.FileSystemException f
                    ? mixer.dsp.io.FileErrors.explain(f) : e.getMessage()) + "): features are computed each time");
        }
        return windows;
    }

    private static void write(Path file, FeatureConfig config, List<Features> windows) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            out.writeInt(MAGIC);
            out.writeUTF(config.key());
            out.writeInt(windows.size());
            out.writeInt(windows.isEmpty() ? Features.CHANNELS : windows.get(0).logMel().length);
            out.writeInt(windows.isEmpty() ? config.descriptorCount() : windows.get(0).descriptors().length);
            for (Features f : windows) f.write(out);
        }
    }

    private static List<Features> read(Path file, FeatureConfig config) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != MAGIC || !in.readUTF().equals(config.key())) throw new IOException("not this layout");
            int count = in.readInt(), channels = in.readInt(), descriptors = in.readInt();
            List<Features> out = new ArrayList<>(count);
            for (int w = 0; w < count; w++) out.add(Features.read(in, channels, config.logMel().melBands(), config.frames(), descriptors));
            return out;
        }
    }
}
