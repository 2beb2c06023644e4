package mixer.dataset;

import mixer.dataset.features.FeatureCache;
import mixer.dataset.features.FeatureConfig;
import mixer.dataset.features.SongWindows;
import mixer.dsp.Audio;
import mixer.dsp.chain.MixChain;
import mixer.dsp.io.AudioFile;
import mixer.dsp.io.AudioFileException;
import mixer.dsp.io.AudioReader;
import mixer.dsp.io.AudioWriter;
import mixer.dsp.io.SampleFormat;
import mixer.dsp.params.MixSettings;
import mixer.dsp.params.Param;
import mixer.dsp.provenance.Sha256;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Set;

/**
 * A dataset build's work on one track, each a pure function of the track and the build's options: its hash, whether
 * it can be a track, and its manifest rows with the fixed examples rendered (atomically, kept when already there, so
 * an interrupted build resumes) and the features of the windows a model hears in them computed into the dataset's
 * feature cache ({@link #FEATURES}), where training and evaluation find them. Serialisable, with paths as absolute strings, so that {@link TrackJobs} can run it on
 * other machines that see the same files.
 */
final class TrackWork implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The feature cache of a dataset folder (training's validation rows and evaluation read it). */
    static final Path FEATURES = Path.of("cache", "features");

    /** A track of the build: its id, its split and its file. */
    record Track(String id, Split split, String file) implements Serializable {
    }

    /** Why a file cannot be a track (null when it can), and notes on how it is used. */
    record Checked(String problem, ArrayList<String> notes) implements Serializable {
    }

    private final String outDir;
    private final Task task;
    private final long seed;
    private final double minSeconds;
    private final int examplesPerTestTrack;
    private final int examplesPerValidationTrack;

    TrackWork(DatasetBuilder.Options options) {
        this.outDir = absolute(options.outDir());
        this.task = options.task();
        this.seed = options.seed();
        this.minSeconds = options.minSeconds();
        this.examplesPerTestTrack = options.examplesPerTestTrack();
        this.examplesPerValidationTrack = options.examplesPerValidationTrack();
    }

    /**
     * A track too long for the heap (its examples are cut from it read whole) fails naming it, not skipped, so that which
     * tracks a dataset holds does not depend on the heap (it stopped the build with "out of memory ... or mix fewer
     * songs", naming no file).
     */
    private static IOException tooLong(Path file, OutOfMemoryError e) {
        return new IOException(String.format(Locale.ROOT, "%s: too long to work on whole in this Java heap (%s; at most %d MiB): "
                + "give Java more memory (MIXER_JAVA_OPTS='-Xmx8g') or cut the track into parts", file, e.getMessage(),
                Runtime.getRuntime().maxMemory() >> 20), e);
    }

    private static AudioFile readWhole(Path file) throws IOException {
        try {
            return AudioReader.read(file);
        } catch (OutOfMemoryError e) {
            throw tooLong(file, e);
        }
    }

    static String absolute(Path file) {
        return file.toAbsolutePath().normalize().toString();
    }

    static String hash(String file) throws IOException {
        return Sha256.of(Path.of(file));
    }

    Checked check(String file) throws IOException {
        ArrayList<String> notes = new ArrayList<>();
        AudioFile a;
        try {
            a = readWhole(Path.of(file));
        } catch (AudioFileException e) {
            return new Checked(e.detail(), notes);
        }
        if (a.audio().durationSeconds() < minSeconds) {
            return new Checked(String.format(Locale.ROOT, "too short: %.1f s, at least %.0f s needed",
                    a.audio().durationSeconds(), minSeconds), notes);
        }
        if (a.audio().samplePeak() < 1e-4f) return new Checked("silent (peak below -80 dBFS)", notes);
        if (a.mono()) notes.add("is mono; it is used as stereo with identical channels");
        Set<Param> bypassed = MixChain.bypassedAt(a.sampleRateHz());
        if (!bypassed.isEmpty()) {
            notes.add("is at " + a.sampleRateHz() + " Hz, where the chain bypasses "
                    + bypassed.stream().map(p -> p.id).toList() + " (their filters are at or above the Nyquist frequency): "
                    + "its examples have those settings neutral, as `mixer mix` would apply them");
        }
        return new Checked(null, notes);
    }

    /**
     * The track's manifest rows: a training track one row without targets (its examples are drawn afresh every
     * epoch); a validation or test track one row per fixed example, each with its own seed, its input (and reference)
     * rendered once as 32-bit float WAV.
     */
    ArrayList<Example> examples(Track track) throws IOException {
        try {
            return examplesOf(track);
        } catch (OutOfMemoryError e) {
            throw tooLong(Path.of(track.file()), e);
        }
    }

    private ArrayList<Example> examplesOf(Track track) throws IOException {
        Path source = Path.of(track.file());
        String sourceRel = relative(source);
        ArrayList<Example> rows = new ArrayList<>();
        if (track.split() == Split.TRAIN) {
            rows.add(new Example(track.id(), track.split(), sourceRel, sourceRel, null, exampleSeed(track.id(), 0)));
            return rows;
        }
        Audio finished = AudioReader.read(source).audio();
        int count = track.split() == Split.TEST ? examplesPerTestTrack : examplesPerValidationTrack;
        for (int k = 0; k < count; k++) {
            long exampleSeed = exampleSeed(track.id(), k);
            MixSettings p = SettingsSampler.forSeed(exampleSeed);
            String exampleId = track.id() + "#" + k;
            Path out = Path.of(outDir).resolve(track.split().id()).resolve(safeName(track.id()) + "-" + k + ".wav");
            // the target is what the chain applied at this rate (a bypassed stage counts as neutral)
            double[] targets = MixChain.applicable(p, finished.sampleRateHz()).normalized();
            if (task.hasReference()) {
                rows.add(matchExample(exampleId, track.split(), finished, sourceRel, out, p, exampleSeed, targets));
            } else {
                if (!Files.exists(out)) { // resumable: a finished example is written atomically and kept
                    AudioWriter.write(task.input(finished, p), out, SampleFormat.FLOAT_32);
                }
                rows.add(new Example(exampleId, track.split(), relative(out), sourceRel, targets, exampleSeed));
            }
        }
        for (Example row : rows) cacheFeatures(row);
        return rows;
    }

    /** The windows a model of the default features hears in a fixed row, computed once into the dataset's cache. */
    private void cacheFeatures(Example row) throws IOException {
        Path dir = Path.of(outDir);
        java.util.function.Function<String, Path> file = relative -> dir.resolve(relative).normalize();
        FeatureCache cache = new FeatureCache(dir.resolve(FEATURES));
        if (row.hasReference()) {
            cache.pairWindows(file.apply(row.audio()), file.apply(row.reference()), task.sameCrop(), FeatureConfig.DEFAULT,
                    SongWindows.DEFAULT_MAX_WINDOWS);
        } else {
            cache.songWindows(file.apply(row.audio()), FeatureConfig.DEFAULT, SongWindows.DEFAULT_MAX_WINDOWS);
        }
    }

    /**
     * A match task's fixed row. Match same: the input is the finished excerpt itself (the raw material; the row names
     * the corpus file) and the reference its mix. Match other: the excerpt cut in halves, one (chosen by the example's
     * seed) the input, the other's mix the reference. Files are written atomically and kept (a build resumes).
     */
    private Example matchExample(String exampleId, Split split, Audio finished, String sourceRel, Path out, MixSettings p,
                                 long exampleSeed, double[] targets) throws IOException {
        Path referenceOut = out.resolveSibling(out.getFileName().toString().replace(".wav", "-reference.wav"));
        String input = sourceRel;
        Audio referenceSource = finished;
        if (task == Task.MATCH_OTHER) {
            int first = (int) (exampleSeed & 1); // which half is the input
            Audio[] halves = Task.halves(finished);
            if (!Files.exists(out)) AudioWriter.write(halves[first], out, SampleFormat.FLOAT_32);
            input = relative(out);
            referenceSource = halves[1 - first];
        }
        if (!Files.exists(referenceOut)) AudioWriter.write(task.reference(referenceSource, p), referenceOut, SampleFormat.FLOAT_32);
        return new Example(exampleId, split, input, relative(referenceOut), sourceRel, targets, exampleSeed);
    }

    private long exampleSeed(String trackId, int k) {
        byte[] d = Sha256.digest().digest((seed + "/" + task.id() + "/" + trackId + "/" + k).getBytes());
        long h = 0;
        for (int i = 0; i < 8; i++) h = (h << 8) | (d[i] & 0xff);
        return h & Long.MAX_VALUE;
    }

    /** The file name of a track's renders: its id with the characters a file name cannot hold replaced. */
    static String safeName(String id) {
        return id.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** A path relative to the dataset folder (the manifest's), with '/' separators. */
    private String relative(Path file) {
        return Path.of(outDir).relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
    }
}
