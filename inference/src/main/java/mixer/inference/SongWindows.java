package mixer.inference;

import mixer.dataset.features.FeatureConfig;
import mixer.dataset.features.Features;
import mixer.dataset.features.LogMelSpectrogram;
import mixer.dsp.Audio;

import java.util.List;
import java.util.stream.IntStream;

/**
 * Which windows of a song a model hears: a bounded number of evenly spaced windows from the first to
 * the last sample, so that predicting a 3-minute song costs the same as predicting {@code maxWindows}
 * training examples. Features are computed only for the windows used. Windows that are near silence
 * (an intro, a fade, a gap) are left out as long as one audible window remains: averaging over
 * silence would pull every setting toward what the model says about nothing.
 */
public final class SongWindows {

    /** Up to 16 windows of about 3 s: half a minute of audio heard, wherever it is in the song. */
    public static final int DEFAULT_MAX_WINDOWS = 16;

    /** Windows whose RMS (both channels) is below this are "near silence". */
    public static final double SILENCE_RMS_DBFS = -60;

    private SongWindows() {
    }

    /**
     * Start samples of up to {@code maxWindows} evenly spaced windows of {@code windowSamples} over
     * {@code frames} samples: the first starts at 0, the last ends at the song's end, and windows
     * overlap only when the song is shorter than {@code maxWindows} windows would need. A song shorter
     * than one window gives one window at 0 (the features pad it with silence).
     */
    public static int[] starts(int frames, int windowSamples, int maxWindows) {
        if (maxWindows < 1) throw new IllegalArgumentException("maxWindows must be at least 1, got " + maxWindows);
        if (windowSamples < 1) throw new IllegalArgumentException("windowSamples must be at least 1, got " + windowSamples);
        if (frames <= windowSamples) return new int[] {0};
        int fit = frames / windowSamples; // non-overlapping windows that fit
        int n = Math.max(1, Math.min(maxWindows, fit));
        if (n == 1) return new int[] {(frames - windowSamples) / 2};
        int[] out = new int[n];
        long span = frames - windowSamples;
        for (int i = 0; i < n; i++) out[i] = (int) Math.round((double) span * i / (n - 1));
        return out;
    }

    /** The starts of the windows to use: {@link #starts}, less the near-silent ones unless all are. */
    public static int[] audibleStarts(Audio song, int windowSamples, int maxWindows) {
        int[] all = starts(song.frames(), windowSamples, maxWindows);
        int[] keep = new int[all.length];
        int k = 0;
        for (int s : all) {
            if (rmsDbfs(song, s, Math.min(song.frames(), s + windowSamples)) >= SILENCE_RMS_DBFS) keep[k++] = s;
        }
        return k == 0 ? all : java.util.Arrays.copyOf(keep, k);
    }

    /**
     * Features of the windows a model with this config hears in the song, in song order. Windows are
     * independent, so they are computed in parallel (each thread with its own spectrogram); the
     * result is the same as one by one.
     */
    public static List<Features> features(Audio song, FeatureConfig config, int maxWindows) {
        int length = config.windowSamples(song.sampleRateHz());
        int[] starts = audibleStarts(song, length, maxWindows);
        ThreadLocal<LogMelSpectrogram> spectrogram =
                ThreadLocal.withInitial(() -> new LogMelSpectrogram(config.logMel(), song.sampleRateHz()));
        Features[] out = new Features[starts.length];
        IntStream.range(0, starts.length).parallel()
                .forEach(i -> out[i] = Features.of(song, starts[i], config, spectrogram.get()));
        return List.of(out);
    }

    static double rmsDbfs(Audio a, int from, int to) {
        if (to <= from) return Double.NEGATIVE_INFINITY;
        double e = 0;
        for (float[] ch : a.stereo()) {
            for (int i = from; i < to; i++) e += ch[i] * (double) ch[i];
        }
        return 10 * Math.log10(e / (2.0 * (to - from)) + 1e-30);
    }
}
