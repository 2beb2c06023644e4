package mixer.dsp.io;

import mixer.dsp.Audio;

/** Synthetic test signals and the measurements a DSP engineer checks them with. */
final class Signals {

    private Signals() {
    }

    /**
     * A tone burst: silence, then a sine of {@code amplitude} from {@code startS} to {@code endS} with
     * 2 ms raised-cosine ramps (so lossy codecs see no click), then silence. Same in both channels
     * unless {@code rightGain} differs from 1.
     */
    static Audio toneBurst(int rate, double seconds, double freqHz, double amplitude,
                           double startS, double endS, double rightGain) {
        int frames = (int) Math.round(seconds * rate);
        float[] l = new float[frames];
        float[] r = new float[frames];
        int start = (int) Math.round(startS * rate);
        int end = (int) Math.round(endS * rate);
        int ramp = (int) Math.round(0.002 * rate);
        for (int i = start; i < end; i++) {
            double env = 1;
            if (i - start < ramp) env = 0.5 - 0.5 * Math.cos(Math.PI * (i - start) / ramp);
            if (end - 1 - i < ramp) env = Math.min(env, 0.5 - 0.5 * Math.cos(Math.PI * (end - 1 - i) / ramp));
            double v = amplitude * env * Math.sin(2 * Math.PI * freqHz * (i - start) / rate);
            l[i] = (float) v;
            r[i] = (float) (v * rightGain);
        }
        return new Audio(new float[][] {l, r}, rate);
    }

    /** Amplitude of the {@code freqHz} component over {@code [from, from + n)} (single-bin DFT). */
    static double amplitudeAt(float[] x, int from, int n, double freqHz, int rate) {
        double re = 0;
        double im = 0;
        double w = 2 * Math.PI * freqHz / rate;
        for (int i = 0; i < n; i++) {
            re += x[from + i] * Math.cos(w * i);
            im -= x[from + i] * Math.sin(w * i);
        }
        return 2 * Math.hypot(re, im) / n;
    }

    static double rms(float[] x, int from, int n) {
        double sum = 0;
        for (int i = from; i < from + n; i++) sum += (double) x[i] * x[i];
        return Math.sqrt(sum / n);
    }

    /** Frequency from rising zero crossings, interpolated between samples, over {@code [from, from + n)}. */
    static double zeroCrossingFrequency(float[] x, int from, int n, int rate) {
        double first = -1;
        double last = -1;
        int count = 0;
        for (int i = from + 1; i < from + n; i++) {
            if (x[i - 1] < 0 && x[i] >= 0) {
                double t = i - 1 + x[i - 1] / (double) (x[i - 1] - x[i]);
                if (first < 0) first = t;
                else count++;
                last = t;
            }
        }
        return count * (double) rate / (last - first);
    }

    /** The first sample whose magnitude reaches {@code threshold}, or -1. */
    static int onset(float[] x, double threshold) {
        for (int i = 0; i < x.length; i++) {
            if (Math.abs(x[i]) >= threshold) return i;
        }
        return -1;
    }

    static double db(double ratio) {
        return 20 * Math.log10(ratio);
    }
}
