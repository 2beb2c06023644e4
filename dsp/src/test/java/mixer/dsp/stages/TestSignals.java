package mixer.dsp.stages;

import mixer.dsp.Audio;
import mixer.dsp.AudioSpec;
import mixer.dsp.Processor;

import java.util.Random;

/** Tiny synthetic audio and measurements shared by the stage and chain tests. */
public final class TestSignals {

    private TestSignals() {
    }

    /**
     * Seeded "music": noise plus a few sines at about -18 dBFS RMS, partly decorrelated between the
     * channels, with a passage 14 dB louder in the middle fifth that drives the compressor hard.
     */
    public static Audio music(int sampleRateHz, double seconds, long seed) {
        Random rnd = new Random(seed);
        int n = (int) Math.round(seconds * sampleRateHz);
        float[][] s = new float[2][n];
        for (int i = 0; i < n; i++) {
            double t = i / (double) sampleRateHz;
            double common = 0.06 * rnd.nextGaussian() + 0.1 * Math.sin(2 * Math.PI * 220 * t)
                    + 0.06 * Math.sin(2 * Math.PI * 1250 * t + 0.3) + 0.04 * Math.sin(2 * Math.PI * 5200 * t);
            double left = common + 0.04 * rnd.nextGaussian() + 0.03 * Math.sin(2 * Math.PI * 14000 * t);
            double right = 0.8 * common + 0.04 * rnd.nextGaussian() + 0.05 * Math.sin(2 * Math.PI * 90 * t);
            double loud = i >= 0.4 * n && i < 0.6 * n ? 5 : 1;
            s[0][i] = (float) (loud * left);
            s[1][i] = (float) (loud * right);
        }
        return new Audio(s, sampleRateHz);
    }

    /** The same sine in both channels. */
    public static Audio sine(int sampleRateHz, double freqHz, double amplitude, double seconds) {
        int n = (int) Math.round(seconds * sampleRateHz);
        float[][] s = new float[2][n];
        for (int i = 0; i < n; i++) {
            s[0][i] = s[1][i] = (float) (amplitude * Math.sin(2 * Math.PI * freqHz * i / sampleRateHz));
        }
        return new Audio(s, sampleRateHz);
    }

    /** Seeded white noise, independent per channel. */
    public static Audio noise(int sampleRateHz, double rms, double seconds, long seed) {
        Random rnd = new Random(seed);
        int n = (int) Math.round(seconds * sampleRateHz);
        float[][] s = new float[2][n];
        for (int i = 0; i < n; i++) {
            s[0][i] = (float) (rms * rnd.nextGaussian());
            s[1][i] = (float) (rms * rnd.nextGaussian());
        }
        return new Audio(s, sampleRateHz);
    }

    /** A prepared copy of {@code in} run through {@code p} in blocks of {@code blockSize} frames. */
    public static Audio run(Processor p, Audio in, int blockSize) {
        Audio out = in.copy();
        p.prepare(out.spec());
        int n = out.frames();
        for (int from = 0; from < n; from += blockSize) {
            p.process(out.stereo(), from, Math.min(blockSize, n - from));
        }
        return out;
    }

    public static Audio run(Processor p, Audio in) {
        return run(p, in, Math.max(1, in.frames()));
    }

    /** Error energy over reference energy, in dB, both channels together. */
    public static double errorDb(Audio actual, Audio reference) {
        double err = 0;
        double ref = 0;
        for (int ch = 0; ch < AudioSpec.CHANNELS; ch++) {
            float[] a = actual.stereo()[ch];
            float[] r = reference.stereo()[ch];
            for (int i = 0; i < r.length; i++) {
                double d = (double) a[i] - r[i];
                err += d * d;
                ref += (double) r[i] * r[i];
            }
        }
        return 10 * Math.log10(err / ref);
    }

    /**
     * Amplitude of the component at {@code freqHz} over {@code count} frames from {@code from}, by
     * projection on a sine and a cosine; exact for a steady sine when the span holds whole cycles.
     */
    public static double amplitude(float[] x, int from, int count, double freqHz, int sampleRateHz) {
        double s = 0;
        double c = 0;
        for (int i = from; i < from + count; i++) {
            double w = 2 * Math.PI * freqHz * i / sampleRateHz;
            s += x[i] * Math.sin(w);
            c += x[i] * Math.cos(w);
        }
        return 2 * Math.hypot(s, c) / count;
    }

    public static double db(double ratio) {
        return 20 * Math.log10(ratio);
    }

    public static double rms(float[] x, int from, int to) {
        double e = 0;
        for (int i = from; i < to; i++) e += (double) x[i] * x[i];
        return Math.sqrt(e / (to - from));
    }

    public static double peak(float[] x, int from, int to) {
        double p = 0;
        for (int i = from; i < to; i++) p = Math.max(p, Math.abs(x[i]));
        return p;
    }
}
