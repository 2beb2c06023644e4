package mixer.dsp.loudness;

import java.util.SplittableRandom;
import mixer.dsp.Audio;

/** Synthetic test signals. */
final class Signals {
    private Signals() {}

    /** Stereo sine, both channels in phase, of peak amplitude {@code dbfs}. */
    static Audio sine(double hz, double dbfs, double seconds, int rateHz, double phaseRad) {
        int n = (int) Math.round(seconds * rateHz);
        double a = Math.pow(10, dbfs / 20);
        float[][] s = new float[2][n];
        for (int i = 0; i < n; i++) {
            float v = (float) (a * Math.sin(2 * Math.PI * hz * i / rateHz + phaseRad));
            s[0][i] = v;
            s[1][i] = v;
        }
        return new Audio(s, rateHz);
    }

    static Audio sine(double hz, double dbfs, double seconds, int rateHz) {
        return sine(hz, dbfs, seconds, rateHz, 0);
    }

    /** Seeded white noise, independent channels, uniform in ±amplitude. */
    static Audio noise(double amplitude, double seconds, int rateHz, long seed) {
        int n = (int) Math.round(seconds * rateHz);
        SplittableRandom rng = new SplittableRandom(seed);
        float[][] s = new float[2][n];
        for (int ch = 0; ch < 2; ch++) {
            for (int i = 0; i < n; i++) s[ch][i] = (float) (amplitude * (2 * rng.nextDouble() - 1));
        }
        return new Audio(s, rateHz);
    }

    /** Audio pieces one after the other (same rate). */
    static Audio concat(Audio... parts) {
        int n = 0;
        for (Audio a : parts) n += a.frames();
        float[][] s = new float[2][n];
        int at = 0;
        for (Audio a : parts) {
            for (int ch = 0; ch < 2; ch++) System.arraycopy(a.stereo()[ch], 0, s[ch], at, a.frames());
            at += a.frames();
        }
        return new Audio(s, parts[0].sampleRateHz());
    }

    /**
     * 10 ms raised-cosine fades in and out: a sine that starts or stops abruptly is a step, whose true peak
     * overshoots (the meter reads a stream's end as followed by silence).
     */
    static Audio faded(Audio audio) {
        Audio out = audio.copy();
        int n = Math.min(out.frames() / 2, (int) (0.01 * out.sampleRateHz()));
        int frames = out.frames();
        for (float[] ch : out.stereo()) {
            for (int i = 0; i < n; i++) {
                float g = (float) (0.5 - 0.5 * Math.cos(Math.PI * i / n));
                ch[i] *= g;
                ch[frames - 1 - i] *= g;
            }
        }
        return out;
    }

    static Audio gain(Audio audio, double db) {
        float g = (float) Math.pow(10, db / 20);
        Audio out = audio.copy();
        for (float[] ch : out.stereo()) {
            for (int i = 0; i < ch.length; i++) ch[i] *= g;
        }
        return out;
    }
}
