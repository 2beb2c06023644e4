package mixer.dsp;

/**
 * Stereo 32-bit float audio at its own sample rate: {@code stereo[0]} left, {@code stereo[1]} right,
 * nominal full scale ±1.0. Mono sources are duplicated into both channels when read.
 */
public record Audio(float[][] stereo, int sampleRateHz) {

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

    /** The largest absolute sample value over both channels (sample peak, not true peak). */
    public float samplePeak() {
        float peak = 0;
        for (float[] ch : stereo) {
            for (float v : ch) peak = Math.max(peak, Math.abs(v));
        }
        return peak;
    }
}
