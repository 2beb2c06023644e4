package mixer.dsp;

/**
 * Stereo 32-bit float audio at its own sample rate: {@code stereo[0]} left, {@code stereo[1]} right,
 * nominal full scale ±1.0. Mono sources are duplicated into both channels when read.
 */
public record Audio(float[][] stereo, int sampleRateHz) {

    /**
     * The largest sample magnitude mixer processes: 2^20, +120 dBFS. Float files and arrays can hold larger numbers,
     * but no audio is that loud; it bounds what the chain is asked to process (see MixChain). A NaN is refused too: it
     * would spread through every recursive stage to the end (in the compressor it ended in an index out of bounds).
     */
    public static final float MAX_ABS_SAMPLE = 1 << 20;

    public Audio {
        if (stereo.length != AudioSpec.CHANNELS || stereo[0].length != stereo[1].length) {
            throw new IllegalArgumentException("audio must be stereo with equal channel lengths");
        }
        new AudioSpec(sampleRateHz); // validates the rate
    }

    public static Audio silence(int frames, int sampleRateHz) {
        return new Audio(new float[2][frames], sampleRateHz);
    }

    public AudioSpec spec() {
        return new AudioSpec(sampleRateHz);
    }

    public int frames() {
        return stereo[0].length;
    }

    public double durationSeconds() {
        return frames() / (double) sampleRateHz;
    }

    public float[] left() {
        return stereo[0];
    }

    public float[] right() {
        return stereo[1];
    }

    /** A deep copy, for processing in place without touching this audio. */
    public Audio copy() {
        return new Audio(new float[][] {stereo[0].clone(), stereo[1].clone()}, sampleRateHz);
    }

    /** Frames {@code [from, to)} as a new audio. */
    public Audio slice(int from, int to) {
        return new Audio(new float[][] {
                java.util.Arrays.copyOfRange(stereo[0], from, to),
                java.util.Arrays.copyOfRange(stereo[1], from, to)}, sampleRateHz);
    }

    /** Mid (L + R) / 2 and side (L - R) / 2, as two new channels. */
    public float[][] midSide() {
        float[] l = stereo[0], r = stereo[1];
        float[][] out = new float[2][l.length];
        for (int i = 0; i < l.length; i++) {
            out[0][i] = 0.5f * (l[i] + r[i]);
            out[1][i] = 0.5f * (l[i] - r[i]);
        }
        return out;
    }

    /**
     * This audio, when every sample is a number within ±{@link #MAX_ABS_SAMPLE}; else an IllegalArgumentException that
     * names the first sample that is not (audio in memory is checked here as a file's is when it is read).
     */
    public Audio requireValidSamples() {
        for (int i = 0; i < frames(); i++) {
            for (int ch = 0; ch < AudioSpec.CHANNELS; ch++) {
                float v = stereo[ch][i];
                if (Math.abs(v) <= MAX_ABS_SAMPLE) continue; // false for NaN
                throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                        "the audio in memory holds %s at frame %d (%.3f s), %s channel: mixer processes only numbers within ±%.0f (+120 dBFS)",
                        describeInvalid(v), i, i / (double) sampleRateHz, ch == 0 ? "left" : "right", MAX_ABS_SAMPLE));
            }
        }
        return this;
    }

    /** A sample {@link #requireValidSamples} refuses, in words: NaN, an infinity, or its value and level. */
    public static String describeInvalid(float v) {
        return Float.isNaN(v) ? "NaN (not a number)" : Float.isInfinite(v) ? (v > 0 ? "+infinity" : "-infinity")
                : String.format(java.util.Locale.ROOT, "%.3g (%+.0f dBFS)", v, 20 * Math.log10(Math.abs(v)));
    }

    /** The largest absolute sample value over both channels (sample peak, not true peak). */
    public float samplePeak() {
        float peak = 0;
        for (float[] ch : stereo) {
            for (float v : ch) peak = Math.max(peak, Math.abs(v));
        }
        return peak;
    }
}
