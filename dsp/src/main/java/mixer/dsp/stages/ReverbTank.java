package mixer.dsp.stages;

import java.util.HashSet;
import java.util.Set;

/**
 * The fixed reverb R of {@link ReverbSend}: mono in (the mid signal m), stereo out. A pre-delay line,
 * then per output channel six Schroeder allpasses in series (unit magnitude) and a one-pole lowpass with
 * DC gain 1 (magnitude at most 1). So |R(e^jw)| <= 1 at every frequency for each output, and R's output
 * at sample n depends only on m up to n - D, D >= 1: the two properties that make the send invertible.
 *
 * <p>Use: {@link #peek(int)} computes the wet outputs of the next {@code count <= maxRun()} samples into
 * {@link #wetL}/{@link #wetR}; the caller fills {@link #mid} with those samples' m; {@link #push(int)}
 * stores them. A run of up to D samples needs no m from inside the run, so running in runs is
 * bit-identical to running one sample at a time, and lets each allpass run as a tight loop.
 */
final class ReverbTank {

    static final double PRE_DELAY_MS = 15;
    /** Allpass delays, different per side to decorrelate L and R; rounded to distinct primes at prepare(). */
    static final double[] LEFT_MS = {3.1, 7.3, 11.9, 19.7, 31.3, 53.9};
    static final double[] RIGHT_MS = {3.7, 8.3, 13.1, 21.1, 29.9, 47.9};
    /** Allpass feedback: with the longest delay ~54 ms the tail's T60 is about 1 s (3 * d / -log10 g). */
    static final double ALLPASS_FEEDBACK = 0.7;
    /** Damping: the tail loses its top like a real room. */
    static final double DAMPING_HZ = 6000;

    private double[] preDelay;
    private int prePos;
    private Allpass[] left;
    private Allpass[] right;
    private double lowpassCoef;
    private double lowpassL;
    private double lowpassR;

    /** Wet outputs of the current run (set by peek) and its reverb input (set by the caller). */
    double[] wetL;
    double[] wetR;
    double[] mid;

    void prepare(double sampleRateHz) {
        int d = Math.max(1, (int) Math.round(PRE_DELAY_MS / 1000 * sampleRateHz));
        preDelay = new double[d];
        wetL = new double[d];
        wetR = new double[d];
        mid = new double[d];
        Set<Integer> used = new HashSet<>();
        left = allpasses(LEFT_MS, sampleRateHz, used);
        right = allpasses(RIGHT_MS, sampleRateHz, used);
        lowpassCoef = StrictMath.exp(-2 * Math.PI * DAMPING_HZ / sampleRateHz);
        reset();
    }

    private static Allpass[] allpasses(double[] delaysMs, double sampleRateHz, Set<Integer> used) {
        Allpass[] a = new Allpass[delaysMs.length];
        for (int k = 0; k < a.length; k++) {
            int n = (int) Math.round(delaysMs[k] / 1000 * sampleRateHz);
            // Distinct primes are mutually prime: echoes of different stages never pile up on one sample.
            while (!isPrime(n) || used.contains(n)) n++;
            used.add(n);
            a[k] = new Allpass(n, ALLPASS_FEEDBACK);
        }
        return a;
    }

    static boolean isPrime(int n) {
        if (n < 2) return false;
        for (int d = 2; (long) d * d <= n; d++) {
            if (n % d == 0) return false;
        }
        return true;
    }

    /** The longest run {@link #peek(int)} accepts: the pre-delay in samples. */
    int maxRun() {
        return preDelay.length;
    }

    void reset() {
        java.util.Arrays.fill(preDelay, 0);
        prePos = 0;
        for (Allpass a : left) a.reset();
        for (Allpass a : right) a.reset();
        lowpassL = 0;
        lowpassR = 0;
    }

    /** Wet outputs of the next {@code count <= maxRun()} samples, from m[n - D] (already pushed). */
    void peek(int count) {
        double[] pre = preDelay;
        double[] l = wetL;
        double[] r = wetR;
        int p = prePos;
        for (int j = 0; j < count; j++) {
            l[j] = pre[p];
            r[j] = pre[p];
            if (++p == pre.length) p = 0;
        }
        for (Allpass a : left) a.process(l, count);
        for (Allpass a : right) a.process(r, count);
        double c = lowpassCoef;
        double yl = lowpassL;
        double yr = lowpassR;
        for (int j = 0; j < count; j++) {
            yl = Require.flush(l[j] + c * (yl - l[j]));
            yr = Require.flush(r[j] + c * (yr - r[j]));
            l[j] = yl;
            r[j] = yr;
        }
        lowpassL = yl;
        lowpassR = yr;
    }

    /** Stores the run's reverb input {@code mid[0 .. count)}; it reaches the output D samples later. */
    void push(int count) {
        double[] pre = preDelay;
        double[] m = mid;
        int p = prePos;
        for (int j = 0; j < count; j++) {
            pre[p] = m[j];
            if (++p == pre.length) p = 0;
        }
        prePos = p;
    }

    /** Schroeder allpass (z^-d - g) / (1 - g z^-d): unit magnitude at every frequency. */
    static final class Allpass {
        private final double[] line;
        private final double g;
        private final double oneMinusG2;
        private int pos;

        Allpass(int delaySamples, double g) {
            this.line = new double[delaySamples];
            this.g = g;
            this.oneMinusG2 = 1 - g * g;
        }

        /** In place over {@code buf[0 .. count)}. */
        void process(double[] buf, int count) {
            double[] ln = line;
            int n = ln.length;
            int p = pos;
            for (int j = 0; j < count; j++) {
                double x = buf[j];
                double delayed = ln[p];
                ln[p] = Require.flush(x + g * delayed);
                if (++p == n) p = 0;
                // = delayed - g * (x + g * delayed), with x passing through a single multiply-add.
                buf[j] = oneMinusG2 * delayed - g * x;
            }
            pos = p;
        }

        void reset() {
            java.util.Arrays.fill(line, 0);
            pos = 0;
        }
    }
}
