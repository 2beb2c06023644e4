package mixer.inference;

import mixer.dataset.FinishedLevel;
import mixer.dataset.Task;
import mixer.dataset.features.FeatureConfig;
import mixer.dataset.features.Features;
import mixer.dataset.match.AirMatch;
import mixer.dataset.match.CrestMatch;
import mixer.dataset.match.ReferenceRefiner;
import mixer.dataset.features.SongWindows;
import mixer.dataset.features.Refiner;
import mixer.dsp.Audio;
import mixer.dsp.AudioSink;
import mixer.dsp.AudioSource;
import mixer.dsp.Renderer;
import mixer.dsp.chain.MixChain;
import mixer.dsp.loudness.Loudness;
import mixer.dsp.loudness.LoudnessMeter;
import mixer.dsp.params.MixSettings;
import mixer.dsp.params.Param;
import mixer.training.SettingsPredictor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Mixing with a model: predict the 10 settings from the song's windows ({@link SongWindows}), adjust
 * them ({@link MixOptions}: amount, loudness target; and the song's rate, see
 * {@link MixChain#applicable}), render with the one {@link Renderer} (chain + safety limiter, on
 * several cores, in bounded memory). The same settings through {@code mixer render} give the same audio.
 */
public final class Mixer {

    /** Refinement hears windows this long (long against the 250 ms echo, whole for a 30 s excerpt) ... */
    public static final double REFINE_WINDOW_SECONDS = 10;
    /** ... and at most this many, evenly spaced: a minute of a song. */
    public static final int REFINE_MAX_WINDOWS = 6;

    /** Why a song or a mix has no integrated loudness (BS.1770's absolute gate), as mixer says it everywhere. */
    public static final String NO_LOUDNESS = "no 400 ms of it reaches -70 LUFS (silent, too quiet, or shorter than 0.4 s)";

    private final SettingsPredictor predictor;
    private final int maxWindows;
    private final Song reference;
    /** The reference at each rate a song of the batch has (converted once per rate, each stage's reading of it once). */
    private final Map<Integer, Reference> referenceAtRate;

    public Mixer(SettingsPredictor predictor) {
        this(predictor, SongWindows.DEFAULT_MAX_WINDOWS);
    }

    public Mixer(SettingsPredictor predictor, int maxWindows) {
        this(predictor, maxWindows, null);
    }

    /**
     * A mixer that mixes every song toward {@code reference} (a match model's: it hears each song's windows paired
     * with the reference's), or blind when it is null. A model and a reference that do not go together are refused
     * here, before any song is read.
     */
    public Mixer(SettingsPredictor predictor, int maxWindows, Song reference) {
        this(predictor, maxWindows, reference, new HashMap<>());
    }

    private Mixer(SettingsPredictor predictor, int maxWindows, Song reference, Map<Integer, Reference> referenceAtRate) {
        if (maxWindows < 1) throw new IllegalArgumentException("maxWindows must be at least 1, got " + maxWindows);
        if (predictor.task() == Task.ESTIMATE) { // it reads the settings a mix was made with: mixing with them applies them twice
            throw new IllegalArgumentException("model '" + predictor.name() + "' was trained for " + predictor.task().id()
                    + ": it hears a finished mix and reads the settings it was made with (`mixer evaluate` scores it); it does "
                    + "not mix a song: use a blind restore model, or a match model with --reference");
        }
        if (predictor.task().hasReference() && reference == null) {
            throw new IllegalArgumentException("model '" + predictor.name() + "' was trained for " + predictor.task().id()
                    + ": it mixes a song toward a reference; give one (--reference REF), or use a blind restore model");
        }
        if (!predictor.task().hasReference() && reference != null) {
            throw new IllegalArgumentException("model '" + predictor.name() + "' was trained for " + predictor.task().id()
                    + " and hears a song alone; to mix toward a reference use a match model (--models-dir models/match-other)");
        }
        this.predictor = predictor;
        this.maxWindows = maxWindows;
        this.reference = reference;
        this.referenceAtRate = referenceAtRate;
    }

    /** A mixer for another model toward the same reference, sharing what has been read of it (compare's models). */
    Mixer with(SettingsPredictor other) {
        return new Mixer(other, maxWindows, reference, referenceAtRate);
    }

    /** The reference every song is mixed toward, or null (blind). */
    public Song reference() {
        return reference;
    }

    /**
     * The reference heard at a song's rate (a model hears both at one rate, and the chain works at the song's): itself,
     * or converted with FFmpeg's resampler ({@link Song#atRate}), with what each stage reads of it; null when blind.
     */
    public Reference reference(int rateHz) {
        if (reference == null) return null;
        synchronized (referenceAtRate) { // shared by the mixers of one comparison
            return referenceAtRate.computeIfAbsent(rateHz, r -> new Reference(reference, r));
        }
    }

    /** The top of hearing: a reference whose rate carries everything below it loses nothing audible when heard faster. */
    private static final double AUDIBLE_TOP_HZ = 20_000;

    /**
     * What a song mixed toward a reference at a lower rate should know when that rate stops below the top of hearing
     * (a 32 kHz file): the reference carries nothing above its own Nyquist frequency, and the models and the air's
     * reading hear that as a dark top; empty when the rates allow (a 44.1 kHz reference for a 48 kHz song).
     */
    public static Optional<String> referenceRateNote(Song song, Song reference) {
        if (reference == null || reference.sampleRateHz() >= song.sampleRateHz() || reference.sampleRateHz() / 2.0 >= AUDIBLE_TOP_HZ) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "the reference is at %d Hz and is heard at the song's %d Hz: it carries "
                + "nothing above %.1f kHz, and the mix follows it there (a darker top); a reference at the song's rate or "
                + "above avoids that", reference.sampleRateHz(), song.sampleRateHz(), reference.sampleRateHz() / 2000.0));
    }

    /** The lowest rate of the default corpus's tracks: what the shipped models learnt from is 32 to 48 kHz. */
    private static final int LOWEST_TRAINED_RATE_HZ = 32_000;

    /**
     * A note for a blind mix of a song below {@link #LOWEST_TRAINED_RATE_HZ}: it carries nothing in the top octaves the
     * models heard in every track, so it sounds to them like a dull song far from their examples (a reviewer's check,
     * 2026-12-06: the same music at 16 and 22.05 kHz came out 8-9 LU quieter than at 24-48 kHz); empty at or above it.
     */
    private static Optional<String> lowRateNote(Song song) {
        if (song.sampleRateHz() >= LOWEST_TRAINED_RATE_HZ) return Optional.empty();
        return Optional.of(String.format(Locale.ROOT, "the song is at %d Hz, below the %d-48000 Hz the models learnt from: it carries "
                + "nothing above %.1f kHz, which they hear as a dull song, so its settings (the level most of all) may be far "
                + "off; a copy at a higher rate does not help (nothing is added above %.1f kHz); check the mix, or give "
                + "--target-lufs", song.sampleRateHz(), LOWEST_TRAINED_RATE_HZ, song.sampleRateHz() / 2000.0, song.sampleRateHz() / 2000.0));
    }

    /**
     * A note for a song or reference shorter than one window of a model hearing with {@code config} (it hears it padded
     * with silence, as a quieter {@code what}); empty when it fills one.
     */
    public static Optional<String> shorterThanAWindow(Song song, FeatureConfig config, String what) throws IOException {
        int window = config.windowSamples(song.sampleRateHz());
        if (song.frames() >= window) return Optional.empty();
        return Optional.of(String.format(Locale.ROOT, "shorter than one %.3f s window: the model hears it padded with silence, "
                + "as a quieter %s", window / (double) song.sampleRateHz(), what));
    }

    public SettingsPredictor predictor() {
        return predictor;
    }

    /** The model's settings for a whole song in memory. */
    public Prediction predict(Audio song) {
        return predict(windows(song));
    }

    /** The features of the windows of a song in memory the model hears (the first half of {@link #predict(Audio)}), with the reference if any. */
    public List<Features> windows(Audio song) {
        try {
            return windows(Song.of(song), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // memory: cannot happen
        }
    }

    /**
     * The features of the windows of a song the model hears, read in one pass; {@code tap} (may be null) sees every
     * block. With a reference, the song's windows paired with the reference's ({@link SongWindows#pairs}).
     */
    public List<Features> windows(Song song, AudioSink tap) throws IOException {
        int length = predictor.featureConfig().windowSamples(song.sampleRateHz());
        long frames = song.frames();
        if (reference == null) {
            try (AudioSource in = song.open()) {
                return SongWindows.features(SongWindows.read(in, frames, length, maxWindows, tap), predictor.featureConfig());
            }
        }
        List<Audio> songWindows;
        try (AudioSource in = song.open()) {
            songWindows = SongWindows.readAll(in, frames, length, maxWindows, tap);
        }
        return SongWindows.pairFeatures(SongWindows.pairs(songWindows, reference(song.sampleRateHz()).windows(length, maxWindows)),
                predictor.task().sameCrop(), predictor.featureConfig());
    }

    /** The model's settings from a song's windows (the second half of {@link #predict(Audio)}). */
    public Prediction predict(List<Features> windows) {
        double[] normalized = checked(predictor.name(), predictor.predictNormalized(windows));
        return new Prediction(predictor.name(), MixSettings.ofNormalized(normalized), windows.size());
    }

    /**
     * {@link #predict(List)} first, then what each model the predictor combines predicts for the windows (an ensemble's
     * members; none for a single model), from one pass over the networks.
     */
    public List<Prediction> predictWithMembers(List<Features> windows) {
        SettingsPredictor.WithMembers each = predictor.predictWithMembers(windows);
        List<Prediction> out = new ArrayList<>();
        out.add(new Prediction(predictor.name(), MixSettings.ofNormalized(checked(predictor.name(), each.own())), windows.size()));
        each.members().forEach((name, normalized) ->
                out.add(new Prediction(name, MixSettings.ofNormalized(checked(name, normalized)), windows.size())));
        return out;
    }

    /** Predicts and decides the settings for a song in memory; {@link #render(Audio, MixResult)} makes the mix. */
    public MixResult mix(Audio song, MixOptions options) {
        return settings(song, predict(song).settings(), options);
    }

    /** {@link #settings(Song, MixSettings, MixOptions)} of a song in memory. */
    public static MixResult settings(Audio song, MixSettings predicted, MixOptions options) {
        try {
            return settings(Song.of(song), predicted, options);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // memory: cannot happen
        }
    }

    /**
     * The settings to render: the prediction refined with the exact chain when asked ({@link #refined}), blended by
     * {@code amount}, the stages the song's rate
     * cannot carry set to neutral (with a note), and the output level from the chain's output measured
     * in one pass over the song (no limiter): with a loudness target, {@code target - measured} at 0 dB
     * output level, clamped to the parameter's range (with a warning); without one, the predicted
     * level, unless the mix would be louder than any finished track the models learnt from
     * ({@link FinishedLevel}: then the level that brings it down to that, with a warning).
     */
    public static MixResult settings(Song song, MixSettings predicted, MixOptions options) throws IOException {
        return settings(song, predicted, options, null);
    }

    /**
     * {@link #settings(Song, MixSettings, MixOptions)} of a song mixed toward {@code reference} (null: blind). With a
     * reference, refinement matches the reference (unaligned: {@link ReferenceRefiner}, on both held in memory) and the
     * level is the reference's business: no finished-loudness bound.
     */
    public static MixResult settings(Song song, MixSettings predicted, MixOptions options, Reference reference) throws IOException {
        List<String> warnings = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        MixSettings chosen = predicted;
        if (reference == null) lowRateNote(song).ifPresent(notes::add);
        if (reference != null) {
            referenceRateNote(song, reference.original()).ifPresent(notes::add);
            chosen = secondStage(song, reference.profile(), predicted);
            if (chosen.get(Param.AIR_DB) != predicted.get(Param.AIR_DB)) {
                notes.add(String.format(java.util.Locale.ROOT, "air %+.1f dB, read from the reference's top octaves (the model's %+.1f dB)",
                        chosen.get(Param.AIR_DB), predicted.get(Param.AIR_DB)));
            }
            if (chosen.get(Param.COMP_RATIO) != predicted.get(Param.COMP_RATIO)) {
                notes.add(String.format(java.util.Locale.ROOT, "ratio %.2f:1, the model's %.2f:1 blended with the one the reference's crests show; "
                        + "output level %+.1f dB (the model's %+.1f dB) to keep the loudness", chosen.get(Param.COMP_RATIO),
                        predicted.get(Param.COMP_RATIO), chosen.get(Param.OUTPUT_LEVEL_DB), predicted.get(Param.OUTPUT_LEVEL_DB)));
            }
        }
        if (options.refine()) {
            MixSettings start = chosen;
            chosen = reference == null ? refined(song, start) : refinedToward(song, reference, start);
            notes.add(reference == null ? refinedNote(start, chosen) : "refined toward the reference with the exact chain");
        }
        MixSettings blended = chosen.blendTowardNeutral(options.amount());
        if (options.amount() < 1) { // the notes above give the settings before it
            notes.add(String.format(java.util.Locale.ROOT, "every setting then %.0f %% of the way from neutral (--amount %s)",
                    100 * options.amount(), options.amount()));
        }
        notes.addAll(MixChain.notes(blended, song.sampleRateHz()));
        MixSettings applied = MixChain.applicable(blended, song.sampleRateHz());
        if (options.targetLufs().isEmpty() && reference == null) {
            double mixLufs = loudness(song, applied);
            MixSettings kept = FinishedLevel.kept(applied, mixLufs);
            if (mixLufs > FinishedLevel.LOUDEST_LUFS) {
                double keptLufs = mixLufs + kept.get(Param.OUTPUT_LEVEL_DB) - applied.get(Param.OUTPUT_LEVEL_DB);
                String level = kept.equals(applied)
                        ? String.format(java.util.Locale.ROOT, "the output level is at its lowest already, %+.1f dB", Param.OUTPUT_LEVEL_DB.min)
                        : String.format(java.util.Locale.ROOT, "output level %+.1f dB instead of %+.1f dB", kept.get(Param.OUTPUT_LEVEL_DB),
                                applied.get(Param.OUTPUT_LEVEL_DB));
                String still = keptLufs <= FinishedLevel.LOUDEST_LUFS + 0.05 ? "" : String.format(java.util.Locale.ROOT,
                        "; at %+.1f dB the mix is still %.1f LUFS and the limiter takes the rest off (--target-lufs sets the level)",
                        kept.get(Param.OUTPUT_LEVEL_DB), keptLufs);
                warnings.add(String.format(java.util.Locale.ROOT, "the predicted settings make the mix %.1f LUFS, louder than "
                        + "any finished track the models learnt from (%.1f LUFS): %s%s", mixLufs, FinishedLevel.LOUDEST_LUFS, level, still));
                applied = kept;
            }
        } else if (options.targetLufs().isPresent()) {
            double target = options.targetLufs().getAsDouble();
            double measured = loudness(song, applied.with(Param.OUTPUT_LEVEL_DB, 0));
            if (!Double.isFinite(measured)) {
                warnings.add("the mix cannot be measured: " + NO_LOUDNESS + "; output level left at " + fmt(applied.get(Param.OUTPUT_LEVEL_DB)) + " dB, not set for "
                        + fmt(target) + " LUFS");
            } else {
                double needed = target - measured;
                double level = Param.OUTPUT_LEVEL_DB.clamp(needed);
                if (level != needed) {
                    warnings.add(String.format(java.util.Locale.ROOT,
                            "reaching %.1f LUFS needs %+.1f dB of output level, outside %s: clamped to %+.1f dB (about %.1f LUFS)",
                            target, needed, Param.OUTPUT_LEVEL_DB.range(), level, measured + level));
                }
                applied = applied.with(Param.OUTPUT_LEVEL_DB, level);
            }
        }
        return new MixResult(predicted, applied, options.limiter(), warnings, notes);
    }

    /** The integrated loudness of the song rendered with {@code settings} (no limiter), in one streamed pass. */
    private static double loudness(Song song, MixSettings settings) throws IOException {
        return measured(song, settings).integratedLufs();
    }

    /** The loudness and peaks of the song rendered with {@code settings} (no limiter), in one streamed pass. */
    private static Loudness measured(Song song, MixSettings settings) throws IOException {
        LoudnessMeter meter = new LoudnessMeter(song.sampleRateHz());
        try (AudioSource in = song.open()) {
            Renderer.render(in, settings, false, meter::accept);
        }
        return meter.result();
    }

    /**
     * The prediction refined with the exact chain: the sends by {@link Refiner} on up to {@link #REFINE_MAX_WINDOWS}
     * evenly spaced windows of {@link #REFINE_WINDOW_SECONDS} (one more pass over the song; a 30 s song is heard whole),
     * then the output level toward where finished tracks peak, from the whole mix's true peak
     * ({@link FinishedLevel#towardFinishedPeak}; one more pass), as the evaluation refines a row.
     */
    public static MixSettings refined(Song song, MixSettings predicted) throws IOException {
        MixSettings sends = Refiner.refine(evenlySpacedWindows(song), predicted);
        return FinishedLevel.towardFinishedPeak(sends, measured(song, sends).truePeakDbtp());
    }

    /**
     * The settings refined toward the reference with the exact chain ({@link ReferenceRefiner#refineUnaligned}), on the
     * song's few windows the search hears, read in one pass, and on the reference's evenly spaced windows (what the
     * distance to it hears): neither is held whole, so memory does not grow with either.
     */
    static MixSettings refinedToward(Song song, Reference reference, MixSettings start) throws IOException {
        if (song.frames() > Integer.MAX_VALUE) throw new IOException("the song is too long to refine (" + song.frames() + " frames)");
        int[][] cuts = ReferenceRefiner.unalignedCuts((int) song.frames(), song.sampleRateHz());
        long[] starts = new long[cuts.length];
        int[] lengths = new int[cuts.length];
        for (int k = 0; k < cuts.length; k++) {
            starts[k] = cuts[k][0];
            lengths[k] = cuts[k][2] - cuts[k][0];
        }
        List<Audio> heard;
        try (AudioSource in = song.open()) {
            heard = SongWindows.readRanges(in, song.frames(), starts, lengths, null);
        }
        return ReferenceRefiner.refineUnaligned(heard, cuts, reference.profile(), start);
    }

    /**
     * Match other's second stage: the air read from the balance of the top octaves of the song mixed as predicted and
     * of the reference ({@link AirMatch}), then the ratio from their crests, the output level keeping the song's mix as
     * loud ({@link CrestMatch}), each heard on up to
     * {@link #REFINE_MAX_WINDOWS} evenly spaced windows of {@link #REFINE_WINDOW_SECONDS} (one more pass over the song;
     * the reference's read once, {@link Reference#profile}).
     */
    public static MixSettings secondStage(Song song, List<Audio> referenceProfile, MixSettings predicted) throws IOException {
        List<Audio> windows = evenlySpacedWindows(song);
        return CrestMatch.estimate(CrestMatch.trials(windows), referenceProfile, AirMatch.estimate(windows, referenceProfile, predicted));
    }

    /** Up to {@link #REFINE_MAX_WINDOWS} evenly spaced windows of {@link #REFINE_WINDOW_SECONDS} of a song (one pass). */
    static List<Audio> evenlySpacedWindows(Song song) throws IOException {
        int length = (int) Math.round(REFINE_WINDOW_SECONDS * song.sampleRateHz());
        try (AudioSource in = song.open()) {
            return SongWindows.read(in, song.frames(), length, REFINE_MAX_WINDOWS, null);
        }
    }

    /** A song read into memory: its one window as long as the song. */
    public static Audio whole(Song song) throws IOException {
        long frames = song.frames();
        if (frames > Integer.MAX_VALUE) throw new IOException("the song is too long to hold in memory (" + frames + " frames)");
        try (AudioSource in = song.open()) {
            return SongWindows.readAll(in, frames, (int) Math.max(1, frames), 1, null).get(0);
        }
    }

    private static String refinedNote(MixSettings predicted, MixSettings refined) {
        StringBuilder sb = new StringBuilder("refined with the exact chain:");
        for (Param p : new Param[] {Param.DELAY_SEND, Param.REVERB_SEND}) {
            sb.append(p == Param.DELAY_SEND ? " " : ", ").append(p.id).append(' ')
                    .append(String.format(java.util.Locale.ROOT, "%.3f", predicted.get(p)))
                    .append(refined.get(p) == predicted.get(p) ? " (kept: no clear signature)"
                            : String.format(java.util.Locale.ROOT, " -> %.3f", refined.get(p)));
        }
        Param level = Param.OUTPUT_LEVEL_DB;
        if (refined.get(level) == predicted.get(level)) { // silence has no peak to move toward; the range may end there
            return sb.append(String.format(java.util.Locale.ROOT, ", %s %+.1f dB (kept)", level.id, predicted.get(level))).toString();
        }
        return sb.append(String.format(java.util.Locale.ROOT, ", %s %+.1f -> %+.1f dB (toward where finished tracks peak, %.2f dBTP)", level.id,
                predicted.get(level), refined.get(level), FinishedLevel.MEDIAN_TRUE_PEAK_DBTP)).toString();
    }

    /** Renders the song with the result's settings into the sink, streaming on several cores; returns the frames written. */
    public static long render(Song song, MixResult result, AudioSink out) throws IOException {
        try (AudioSource in = song.open()) {
            return Renderer.render(in, result.applied(), result.limiter(), out);
        }
    }

    /** The mix of a song in memory. */
    public static Audio render(Audio song, MixResult result) {
        return Renderer.render(song, result.applied(), result.limiter());
    }

    /** A model's output as valid normalised settings: 10 finite values, clamped into [0, 1]. */
    static double[] checked(String model, double[] normalized) {
        if (normalized == null || normalized.length != Param.COUNT) {
            throw new IllegalStateException("model '" + model + "' gave " + (normalized == null ? "nothing" : normalized.length + " values")
                    + "; expected " + Param.COUNT + " normalised settings");
        }
        double[] out = new double[Param.COUNT];
        for (Param p : Param.all()) {
            double v = normalized[p.ordinal()];
            if (!Double.isFinite(v)) {
                throw new IllegalStateException("model '" + model + "' predicted " + v + " for " + p.id
                        + "; the model file may be damaged: retrain it");
            }
            out[p.ordinal()] = Math.max(0, Math.min(1, v)); // an ensemble's weighted sum can step slightly outside
        }
        return out;
    }

    private static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%+.1f", v);
    }
}
