package mixer.dataset.features;

import mixer.dsp.Audio;
import mixer.dsp.AudioSink;
import mixer.dsp.AudioSource;
import mixer.dsp.AudioSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Which windows of a song a model hears: a bounded number of evenly spaced windows from the first to
 * the last sample, so that predicting a 3-minute song costs the same as predicting {@code maxWindows}
 * training examples. They are read in one pass over the song, keeping only their own samples (memory
 * does not grow with the song). Windows that are near silence (an intro, a fade, a gap) are left out
 * as long as one audible window remains: averaging over silence would pull every setting toward what
 * the model says about nothing.
 */
public final class SongWindows {

    /** Up to 16 windows of about 3 s: half a minute of audio heard, wherever it is in the song. */
    public static final int DEFAULT_MAX_WINDOWS = 16;

    /** Windows whose RMS (both channels) is below this are "near silence". */
    public static final double SILENCE_RMS_DBFS = -60;

    private SongWindows() {
    }

    /**
     * Start frames of up to {@code maxWindows} evenly spaced windows of {@code windowSamples} over
     * {@code frames} frames: the first starts at 0, the last ends at the song's end, and windows
     * overlap only when the song is shorter than {@code maxWindows} windows would need. A song shorter
     * than one window gives one window at 0 (the features pad it with silence).
     */
    public static long[] starts(long frames, int windowSamples, int maxWindows) {
        if (maxWindows < 1) throw new IllegalArgumentException("maxWindows must be at least 1, got " + maxWindows);
        if (windowSamples < 1) throw new IllegalArgumentException("windowSamples must be at least 1, got " + windowSamples);
        if (frames <= windowSamples) return new long[] {0};
        long fit = frames / windowSamples; // non-overlapping windows that fit
        int n = (int) Math.max(1, Math.min(maxWindows, fit));
        if (n == 1) return new long[] {(frames - windowSamples) / 2};
        long[] out = new long[n];
        long span = frames - windowSamples;
        for (int i = 0; i < n; i++) out[i] = Math.round((double) span * i / (n - 1));
        return out;
    }

    /**
     * Reads the song to its end and returns its audible windows ({@link #starts}, less the near-silent
     * ones unless all are), each as audio of its own, in song order. {@code tap}, when not null, sees
     * every block of the song on the way (to measure it in the same pass).
     */
    public static List<Audio> read(AudioSource song, long frames, int windowSamples, int maxWindows, AudioSink tap)
            throws IOException {
        return audible(readAll(song, frames, windowSamples, maxWindows, tap));
    }

    /** {@link #read}, keeping the near-silent windows too: every window of {@link #starts}, in song order. */
    public static List<Audio> readAll(AudioSource song, long frames, int windowSamples, int maxWindows, AudioSink tap)
            throws IOException {
        long[] starts = starts(frames, windowSamples, maxWindows);
        int[] lengths = new int[starts.length];
        for (int w = 0; w < starts.length; w++) lengths[w] = (int) Math.max(0, Math.min(windowSamples, frames - starts[w]));
        return readRanges(song, frames, starts, lengths, tap);
    }

    /**
     * The parts of a song of {@code frames} frames from {@code starts[k]}, {@code lengths[k]} frames long (within the
     * song), read in one pass: only they are held in memory.
     */
    public static List<Audio> readRanges(AudioSource song, long frames, long[] starts, int[] lengths, AudioSink tap)
            throws IOException {
        float[][][] windows = new float[starts.length][AudioSpec.CHANNELS][];
        for (int w = 0; w < starts.length; w++) windows[w] = new float[][] {new float[lengths[w]], new float[lengths[w]]};
        float[][] block = new float[AudioSpec.CHANNELS][1 << 16];
        long at = 0;
        for (int n; (n = song.read(block, 0, block[0].length)) > 0; at += n) {
            if (tap != null) tap.write(block, 0, n);
            for (int w = 0; w < starts.length; w++) { // copy the part of each window this block holds
                long from = Math.max(at, starts[w]), to = Math.min(at + n, starts[w] + windows[w][0].length);
                for (int ch = 0; ch < AudioSpec.CHANNELS && from < to; ch++) {
                    System.arraycopy(block[ch], (int) (from - at), windows[w][ch], (int) (from - starts[w]), (int) (to - from));
                }
            }
        }
        if (at != frames) {
            throw new IOException("the song gave " + at + " frames where " + frames + " were expected; was it changed while being read?");
        }
        List<Audio> all = new ArrayList<>();
        for (float[][] w : windows) all.add(new Audio(w, song.spec().sampleRateHz()));
        return all;
    }

    /** {@link #readAll} of audio in memory. */
    public static List<Audio> readAllOf(Audio song, int windowSamples, int maxWindows) {
        try {
            return readAll(AudioSource.of(song), song.frames(), windowSamples, maxWindows, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // memory: cannot happen
        }
    }

    /** The windows that are not near silence, or all of them when every one is. */
    public static List<Audio> audible(List<Audio> windows) {
        List<Audio> audible = windows.stream().filter(a -> rmsDbfs(a) >= SILENCE_RMS_DBFS).toList();
        return audible.isEmpty() ? windows : audible;
    }

    /**
     * A match task's windows: an input's and a reference's (each every window of {@link #readAll}) as pairs
     * {input, reference}. Audio of the same length (match same: a take and its mix) is heard at the same places, the
     * pairs where the input is near silence left out, so each pair is aligned and its difference is what the
     * settings did; otherwise (another song) each side's audible windows are paired in song order, the reference's
     * spread over the input's when their counts differ.
     */
    public static List<Audio[]> pairs(List<Audio> inputWindows, List<Audio> referenceWindows) {
        List<Audio[]> out = new ArrayList<>();
        if (inputWindows.size() == referenceWindows.size()
                && inputWindows.get(0).frames() == referenceWindows.get(0).frames()) {
            List<Audio> kept = audible(inputWindows);
            for (int i = 0; i < inputWindows.size(); i++) {
                if (kept.contains(inputWindows.get(i))) out.add(new Audio[] {inputWindows.get(i), referenceWindows.get(i)});
            }
            return out;
        }
        List<Audio> in = audible(inputWindows), ref = audible(referenceWindows);
        for (int i = 0; i < in.size(); i++) out.add(new Audio[] {in.get(i), ref.get((int) ((long) i * ref.size() / in.size()))});
        return out;
    }

    /**
     * Features of windows read by {@link #read}. Windows are independent, so they are computed in
     * parallel (each thread with its own spectrogram); the result is the same as one by one.
     */
    public static List<Features> features(List<Audio> windows, FeatureConfig config) {
        if (windows.isEmpty()) return List.of();
        int rate = windows.get(0).sampleRateHz();
        ThreadLocal<LogMelSpectrogram> spectrogram = ThreadLocal.withInitial(() -> new LogMelSpectrogram(config, rate));
        Features[] out = new Features[windows.size()];
        IntStream.range(0, out.length).parallel().forEach(i -> out[i] = Features.of(windows.get(i), 0, config, spectrogram.get()));
        return List.of(out);
    }

    /** Features of window pairs ({@link #pairs}): {@link Features#pair} of each, in parallel like {@link #features(List, FeatureConfig)}. */
    public static List<Features> pairFeatures(List<Audio[]> pairs, boolean sameCrop, FeatureConfig config) {
        if (pairs.isEmpty()) return List.of();
        int rate = pairs.get(0)[0].sampleRateHz();
        if (pairs.get(0)[1].sampleRateHz() != rate) {
            throw new IllegalArgumentException("the input is at " + rate + " Hz and the reference at " + pairs.get(0)[1].sampleRateHz()
                    + " Hz; a model hears both at one rate: resample the reference (e.g. ffmpeg -ar " + rate + ")");
        }
        ThreadLocal<LogMelSpectrogram> spectrogram = ThreadLocal.withInitial(() -> new LogMelSpectrogram(config, rate));
        Features[] out = new Features[pairs.size()];
        IntStream.range(0, out.length).parallel().forEach(i -> out[i] = Features.pair(pairs.get(i)[0], 0, pairs.get(i)[1], 0, sameCrop, config, spectrogram.get()));
        return List.of(out);
    }

    /**
     * Why a pair of one crop (match same: a take and its mix) cannot be heard, or null: its windows are read at the same
     * times in both, so the two must be one length (a mix two seconds longer was heard two seconds out of step, silently).
     */
    public static String unequalPair(Audio input, Audio reference) {
        if (input.frames() == reference.frames()) return null;
        return String.format(java.util.Locale.ROOT, "the reference is %d frames (%.3f s) and the input %d (%.3f s); a take and its "
                        + "mix are heard at the same times in both, so give them one length (trim the longer, e.g. sox IN OUT trim 0 %ds)",
                reference.frames(), reference.durationSeconds(), input.frames(), input.durationSeconds(),
                Math.min(input.frames(), reference.frames()));
    }

    /** The window pairs a match model with this config hears in an input and a reference in memory. */
    public static List<Features> pairFeatures(Audio input, Audio reference, boolean sameCrop, FeatureConfig config, int maxWindows) {
        String unequal = sameCrop ? unequalPair(input, reference) : null;
        if (unequal != null) throw new IllegalArgumentException(unequal);
        return pairFeatures(pairs(readAllOf(input, config.windowSamples(input.sampleRateHz()), maxWindows),
                readAllOf(reference, config.windowSamples(reference.sampleRateHz()), maxWindows)), sameCrop, config);
    }

    /** Features of the windows a model with this config hears in a song in memory. */
    public static List<Features> features(Audio song, FeatureConfig config, int maxWindows) {
        return features(audible(readAllOf(song, config.windowSamples(song.sampleRateHz()), maxWindows)), config);
    }

    static double rmsDbfs(Audio a) {
        if (a.frames() == 0) return Double.NEGATIVE_INFINITY;
        double e = 0;
        for (float[] ch : a.stereo()) {
            for (float v : ch) e += v * (double) v;
        }
        return 10 * Math.log10(e / (2.0 * a.frames()) + 1e-30);
    }
}
