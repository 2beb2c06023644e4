package mixer.dataset;

import mixer.dataset.features.FeatureConfig;
import mixer.dataset.features.Features;
import mixer.dataset.features.LogMelSpectrogram;
import mixer.dsp.Audio;
import mixer.dsp.chain.MixChain;
import mixer.dsp.params.MixSettings;
import mixer.dsp.params.Param;
import mixer.dsp.provenance.Sha256;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Training examples drawn on the fly: for epoch e, track i and the track's k-th example of the epoch, a
 * fresh crop of the finished track and fresh settings p (both from a seed derived from the base seed,
 * e, i and k), the task's input rendered from the crop, and its features. The 154 training tracks
 * become unlimited examples, and the same (seed, epoch, track, k) always gives the same example. Rows of a user's manifest that carry their own
 * targets use their own audio (and reference) and targets, with a fresh crop only.
 *
 * <p>The match tasks ({@link Task#hasReference}) hear a pair: the crop as the raw input, and as the reference the
 * mix of the same crop (match same) or of another crop of the same track, drawn apart from the first where the
 * track has room (match other); the features are {@link Features#pair}.
 */
public final class TrainingExamples {

    /** Rendered before the window so the compressor envelope and the sends have settled. */
    static final double PRE_ROLL_SECONDS = 1.0;

    /** One example: the features of the window and the normalised targets. */
    public record Labelled(Features features, double[] targets) {
    }

    private record Track(String id, Audio audio, Audio reference, double[] fixedTargets) {
    }

    /**
     * Where examples loaded from a manifest come from: enough for another machine that sees the same files to load the
     * same examples ({@link #load()}), which a cluster's workers do to make an epoch's examples where they train.
     */
    public record Origin(String manifest, Task task, FeatureConfig config, long seed) implements java.io.Serializable {
    }

    /** Tries at a reference crop that does not overlap the input's before one that does is taken. */
    private static final int APART_TRIES = 8;

    private final List<Track> tracks;
    private final Task task;
    private final FeatureConfig config;
    private final long seed;
    private final ExampleStore store; // null: every example is made when drawn
    private final Origin origin; // null: tracks given in memory

    private TrainingExamples(List<Track> tracks, Task task, FeatureConfig config, long seed, ExampleStore store, Origin origin) {
        if (tracks.isEmpty()) throw new IllegalArgumentException("no training tracks");
        this.tracks = tracks;
        this.task = task;
        this.config = config;
        this.seed = seed;
        this.store = store;
        this.origin = origin;
    }

    /** The manifest these examples were loaded from, with task, features and seed; empty for tracks given in memory. */
    public java.util.Optional<Origin> origin() {
        return java.util.Optional.ofNullable(origin);
    }

    /**
     * The same examples, kept in {@code store} when first made and read from it after that (by this run and by the
     * next models trained on the same rows, task, features and seed): see {@link ExampleStore}.
     */
    public TrainingExamples keptIn(ExampleStore store) {
        return new TrainingExamples(tracks, task, config, seed, store, origin);
    }

    /** Loads the training rows of a manifest into memory (one 30 s stereo excerpt is about 10 MB). */
    public static TrainingExamples load(Manifest manifest, Task task, FeatureConfig config, long seed) throws IOException {
        List<Track> tracks = new ArrayList<>();
        for (Example e : manifest.split(Split.TRAIN)) tracks.add(track(manifest, e, task));
        Origin origin = new Origin(manifest.file().toAbsolutePath().normalize().toString(), task, config, seed);
        return new TrainingExamples(tracks, task, config, seed, null, origin);
    }

    /**
     * The examples of {@code origin}'s manifest with each track read when an example of it is drawn, and at most
     * {@code tracksKept} tracks in memory: what a cluster's worker holds (a corpus of any size; a worker's share of an
     * epoch comes track by track). The same examples as {@link #load}, bit for bit.
     */
    public static TrainingExamples readingTracksWhenDrawn(Origin origin, int tracksKept) throws IOException {
        Manifest manifest = Manifest.read(java.nio.file.Path.of(origin.manifest()));
        List<Example> rows = manifest.split(Split.TRAIN);
        if (rows.isEmpty()) throw new IOException(manifest.file() + ": no training rows");
        List<Track> tracks = new java.util.AbstractList<>() {
            private final java.util.LinkedHashMap<Integer, Track> kept = new java.util.LinkedHashMap<>(16, 0.75f, true);

            @Override
            public synchronized Track get(int index) {
                Track t = kept.get(index);
                if (t != null) return t;
                try {
                    t = track(manifest, rows.get(index), origin.task());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                kept.put(index, t);
                if (kept.size() > tracksKept) kept.remove(kept.keySet().iterator().next()); // the least recently drawn
                return t;
            }

            @Override
            public int size() {
                return rows.size();
            }
        };
        return new TrainingExamples(tracks, origin.task(), origin.config(), origin.seed(), null, origin);
    }

    /** A training row's audio (and its reference, for a user's match row with its own targets). */
    private static Track track(Manifest manifest, Example e, Task task) throws IOException {
        Audio audio = manifest.readAudio(e, e.hasTargets() ? "audio" : "source");
        Audio reference = null;
        if (e.hasTargets() && task.hasReference()) {
            if (!e.hasReference()) {
                throw new IOException(manifest.where(e) + ": a " + task.id() + " row with its own targets needs its reference audio "
                        + "(the manifest's reference column)");
            }
            reference = manifest.readAudio(e, Manifest.REFERENCE);
            if (reference.sampleRateHz() != audio.sampleRateHz()) {
                throw new IOException(manifest.where(e) + ": the reference is at " + reference.sampleRateHz() + " Hz, the audio at "
                        + audio.sampleRateHz() + " Hz; give both at one rate");
            }
            // a mix of another length was cropped at another place than its take: a pair out of step, learnt silently
            String unequal = task.sameCrop() ? mixer.dataset.features.SongWindows.unequalPair(audio, reference) : null;
            if (unequal != null) throw new IOException(manifest.where(e) + ": " + unequal);
        }
        return new Track(e.id(), audio, reference, e.targets());
    }

    public static TrainingExamples of(List<Audio> finishedTracks, Task task, FeatureConfig config, long seed) {
        List<Track> tracks = new ArrayList<>();
        for (int i = 0; i < finishedTracks.size(); i++) tracks.add(new Track("track" + i, finishedTracks.get(i), null, null));
        return new TrainingExamples(tracks, task, config, seed, null, null);
    }

    public int size() {
        return tracks.size();
    }

    /**
     * Everything the examples depend on but the code: task, features, seed, pre-roll and a hash of every track
     * (its id, rate, own targets and the samples of its audio and reference). What names an {@link ExampleStore}.
     */
    public List<String> identity() {
        MessageDigest md = Sha256.digest();
        ByteBuffer bytes = ByteBuffer.allocate(1 << 16);
        for (Track t : tracks) {
            md.update((t.id() + "\n" + t.audio().sampleRateHz() + "\n" + Arrays.toString(t.fixedTargets()) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            for (Audio a : t.reference() == null ? List.of(t.audio()) : List.of(t.audio(), t.reference())) {
                for (float[] channel : a.stereo()) {
                    for (float v : channel) {
                        if (bytes.remaining() < Float.BYTES) {
                            md.update(bytes.array(), 0, bytes.position());
                            bytes.clear();
                        }
                        bytes.putFloat(v);
                    }
                }
            }
        }
        md.update(bytes.array(), 0, bytes.position());
        return List.of("task " + task.id(), "features " + config.key(), "seed " + seed, "pre-roll " + PRE_ROLL_SECONDS,
                "tracks " + HexFormat.of().formatHex(md.digest()));
    }

    public FeatureConfig config() {
        return config;
    }

    /** The first example of track {@code index} in epoch {@code epoch}: {@code draw(epoch, index, 0)}. */
    public Labelled draw(int epoch, int index) {
        return draw(epoch, index, 0);
    }

    /** The {@code k}-th example of track {@code index} in epoch {@code epoch}: a pure function of (seed, epoch, index, k). */
    public Labelled draw(int epoch, int index, int k) {
        if (k < 0) throw new IllegalArgumentException("k must be at least 0, got " + k);
        if (store == null) return make(epoch, index, k);
        Labelled kept = store.get(epoch, index, k);
        if (kept != null) return kept;
        Labelled made = make(epoch, index, k);
        store.put(epoch, index, k, made);
        return made;
    }

    private Labelled make(int epoch, int index, int k) {
        Track t = tracks.get(index);
        SplittableRandom rng = rng(epoch, index + ((long) k << 32)); // k = 0: the draws of one example per track
        Audio audio = t.audio();
        int rate = audio.sampleRateHz();
        int window = config.windowSamples(rate);
        // a track shorter than the pre-roll and a window gives up pre-roll, not music: its window is heard whole, as
        // `mixer mix` hears a short song, rather than ending in the silence past the track
        int preRoll = t.fixedTargets() == null
                ? Math.min((int) Math.round(PRE_ROLL_SECONDS * rate), Math.max(0, audio.frames() - window)) : 0;
        int span = window + preRoll;
        int start = audio.frames() > span ? rng.nextInt(audio.frames() - span + 1) : 0;
        Audio crop = audio.slice(start, Math.min(audio.frames(), start + span));
        double[] targets;
        Audio input, reference = null;
        if (t.fixedTargets() != null) {
            targets = t.fixedTargets();
            input = crop;
            if (task.hasReference()) { // the user's own pair: the same crop of a reference as long as the input, else its own
                Audio r = t.reference();
                int refStart = r.frames() == audio.frames() ? start : r.frames() > span ? rng.nextInt(r.frames() - span + 1) : 0;
                reference = r.slice(refStart, Math.min(r.frames(), refStart + span));
            }
        } else {
            MixSettings p = SettingsSampler.draw(rng);
            targets = MixChain.applicable(p, rate).normalized(); // what the chain applies at this rate
            input = task.input(crop, p);
            if (task.hasReference() && task.sameCrop()) { // by what the task hears, so that a new task is not heard alone
                reference = task.reference(crop, p);
            } else if (task.hasReference()) {
                int other = apart(rng, audio.frames(), span, start);
                reference = task.reference(audio.slice(other, Math.min(audio.frames(), other + span)), p);
            }
        }
        LogMelSpectrogram spectrogram = new LogMelSpectrogram(config, rate);
        Features heard = reference == null ? Features.of(input, Math.min(preRoll, input.frames()), config, spectrogram)
                : Features.pair(input, Math.min(preRoll, input.frames()), reference, Math.min(preRoll, reference.frames()), task.sameCrop(),
                        config, spectrogram);
        return new Labelled(heard, targets);
    }

    /** A crop start for match other's reference, apart from the input's crop at {@code start} when the track has room. */
    private static int apart(SplittableRandom rng, int frames, int span, int start) {
        if (frames <= span) return 0;
        int other = 0;
        for (int i = 0; i < APART_TRIES; i++) {
            other = rng.nextInt(frames - span + 1);
            if (Math.abs(other - start) >= span) break;
        }
        return other;
    }

    /**
     * Labelled windows stacked into one ND4J batch: inputs {@code [log-mel (N, C, bands, frames), descriptors (N, D)]}
     * (C = 2, or 6 for a match task's pairs), labels {@code (N, 10)}.
     */
    public static MultiDataSet batch(Labelled... batch) {
        Features first = batch[0].features();
        int channels = first.logMel().length;
        int bands = first.logMel()[0].length, frames = first.logMel()[0][0].length, descriptors = first.descriptors().length;
        float[] spec = new float[batch.length * channels * bands * frames];
        float[] desc = new float[batch.length * descriptors];
        float[] labels = new float[batch.length * Param.COUNT];
        int s = 0;
        for (int i = 0; i < batch.length; i++) {
            float[][][] mel = batch[i].features().logMel();
            for (int c = 0; c < channels; c++) {
                for (int b = 0; b < bands; b++) {
                    System.arraycopy(mel[c][b], 0, spec, s, frames);
                    s += frames;
                }
            }
            System.arraycopy(batch[i].features().descriptors(), 0, desc, i * descriptors, descriptors);
            for (int p = 0; p < Param.COUNT; p++) labels[i * Param.COUNT + p] = (float) batch[i].targets()[p];
        }
        INDArray specArr = Nd4j.create(spec, new long[] {batch.length, channels, bands, frames}, 'c');
        INDArray descArr = Nd4j.create(desc, new long[] {batch.length, descriptors}, 'c');
        INDArray labelArr = Nd4j.create(labels, new long[] {batch.length, Param.COUNT}, 'c');
        return new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[] {specArr, descArr}, new INDArray[] {labelArr});
    }

    /**
     * The order of an epoch's {@code size() * examplesPerTrack} examples, a seeded shuffle (never the
     * clock): entry {@code j} is example {@code j / size()} of track {@code j % size()}.
     */
    public int[] order(int epoch, int examplesPerTrack) {
        if (examplesPerTrack < 1) throw new IllegalArgumentException("examples per track must be at least 1, got " + examplesPerTrack);
        int[] order = new int[tracks.size() * examplesPerTrack];
        for (int i = 0; i < order.length; i++) order[i] = i;
        SplittableRandom rng = rng(epoch, -1);
        for (int i = order.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        return order;
    }

    private SplittableRandom rng(int epoch, long index) {
        long s = seed;
        s = s * 0x9E3779B97F4A7C15L + epoch;
        s = s * 0x9E3779B97F4A7C15L + index;
        return new SplittableRandom(s);
    }
}
