package mixer.dsp.analysis;

import org.jtransforms.fft.DoubleFFT_1D;

import java.util.HashMap;
import java.util.Map;

/**
 * The spectrum of a whole signal in one transform: a periodic Hann window over all its samples, zero-padded
 * to a size of 2^k, 3 * 2^k or 5 * 2^k points (JTransforms' fast sizes: 163,840 points take about half the
 * time of 262,144). It resolves what the short frames of {@link Stft} cannot: an echo 250 ms late is a
 * ripple of 4 Hz across the spectrum, and the autocorrelation at such a lag needs a transform longer than
 * the signal plus the lag (so that it does not wrap around).
 */
public final class WholeSpectrum {

    /** Plans per size and thread: making one costs more than a transform of 3 * 2^k or 5 * 2^k points. */
    private static final ThreadLocal<Map<Integer, DoubleFFT_1D>> PLANS = ThreadLocal.withInitial(HashMap::new);

    private final int fftSize;
    private final int sampleRateHz;
    /** JTransforms' packed layout: [0] = Re[0], [1] = Re[n/2], then (Re, Im) of bins 1 .. n/2 - 1. */
    private final double[] packed;

    private WholeSpectrum(int fftSize, int sampleRateHz, double[] packed) {
        this.fftSize = fftSize;
        this.sampleRateHz = sampleRateHz;
        this.packed = packed;
    }

    /** The Hann-windowed spectrum of {@code x}, in a transform of at least {@code minFftSize} points. */
    public static WholeSpectrum of(float[] x, int sampleRateHz, int minFftSize) {
        int n = fastSize(Math.max(x.length, minFftSize));
        double[] a = new double[n];
        // cos(2 pi i / length) by a rotating phasor: one complex multiply a sample instead of a cosine
        double stepRe = StrictMath.cos(2 * Math.PI / x.length), stepIm = StrictMath.sin(2 * Math.PI / x.length), re = 1, im = 0;
        for (int i = 0; i < x.length; i++) {
            a[i] = x[i] * (0.5 - 0.5 * re);
            double t = re * stepRe - im * stepIm;
            im = re * stepIm + im * stepRe;
            re = t;
        }
        fft(n).realForward(a);
        return new WholeSpectrum(n, sampleRateHz, a);
    }

    private static DoubleFFT_1D fft(int size) {
        return PLANS.get().computeIfAbsent(size, DoubleFFT_1D::new);
    }

    /** The smallest size of 2^k, 3 * 2^k or 5 * 2^k points (at least 16) that holds {@code points}. */
    static int fastSize(int points) {
        int best = Integer.highestOneBit(Math.max(16, points) - 1) << 1;
        for (int factor : new int[] {3, 5}) {
            for (int n = factor * 8; n < best; n *= 2) {
                if (n >= points) best = n;
            }
        }
        return best;
    }

    public int fftSize() {
        return fftSize;
    }

    /** Bins 0 (DC) to n/2 (Nyquist). */
    public int bins() {
        return fftSize / 2 + 1;
    }

    public double binHz(int bin) {
        return bin * (double) sampleRateHz / fftSize;
    }

    public double re(int bin) {
        return bin == 0 ? packed[0] : bin == fftSize / 2 ? packed[1] : packed[2 * bin];
    }

    public double im(int bin) {
        return bin == 0 || bin == fftSize / 2 ? 0 : packed[2 * bin + 1];
    }

    /** |X[k]|^2 of every bin. */
    public double[] power() {
        double[] p = new double[bins()];
        for (int k = 0; k < p.length; k++) p[k] = re(k) * re(k) + im(k) * im(k);
        return p;
    }

    /** The mean of {@code v} over a window of about {@code widthHz} centred on each bin (shorter at the ends). */
    public double[] movingAverage(double[] v, double widthHz) {
        int half = Math.max(0, (int) Math.round(widthHz * fftSize / sampleRateHz / 2));
        double[] prefix = new double[v.length + 1];
        for (int k = 0; k < v.length; k++) prefix[k + 1] = prefix[k] + v[k];
        double[] out = new double[v.length];
        for (int k = 0; k < v.length; k++) {
            int lo = Math.max(0, k - half), hi = Math.min(v.length, k + half + 1);
            out[k] = (prefix[hi] - prefix[lo]) / (hi - lo);
        }
        return out;
    }

    /**
     * The real signal of {@code re.length} = n/2 + 1 bins of a spectrum in this class's layout (bins 0 to n/2): the
     * inverse of {@link #of} before its window, n samples (a spectrum a filter has shaped bin by bin).
     */
    public static double[] signal(double[] re, double[] im) {
        if (re.length != im.length || re.length < 2) throw new IllegalArgumentException("need as many real as imaginary parts, at least 2");
        int n = 2 * (re.length - 1);
        double[] a = new double[n];
        a[0] = re[0];
        a[1] = re[n / 2];
        for (int k = 1; k < n / 2; k++) {
            a[2 * k] = re[k];
            a[2 * k + 1] = im[k];
        }
        fft(n).realInverse(a, true);
        return a;
    }

    /**
     * The autocorrelation belonging to a power spectrum of this transform's bins (real and even, so its
     * inverse transform is real): lags 0 to n/2 in samples, not normalised.
     */
    public double[] autocorrelation(double[] power) {
        if (power.length != bins()) throw new IllegalArgumentException("need " + bins() + " bins, got " + power.length);
        double[] a = new double[fftSize];
        a[0] = power[0];
        a[1] = power[fftSize / 2];
        for (int k = 1; k < fftSize / 2; k++) a[2 * k] = power[k];
        fft(fftSize).realInverse(a, false);
        return java.util.Arrays.copyOf(a, fftSize / 2 + 1);
    }
}
