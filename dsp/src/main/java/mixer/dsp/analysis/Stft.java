package mixer.dsp.analysis;

import org.jtransforms.fft.DoubleFFT_1D;
import org.jtransforms.fft.FloatFFT_1D;

import java.util.function.Consumer;

/**
 * Short-time analysis at one FFT size and sample rate: frames of a signal, the periodic Hann window,
 * JTransforms' real FFT and the power |X[k]|^2 of bins 0 to n/2. Used by the log-mel features, the
 * descriptors, the STFT distance, the comparison chart and the band measures over frames (octave-band power,
 * the reference profile).
 *
 * <p>The power comes in three precisions, because each caller's numbers are kept bit for bit as they
 * were before they shared this class (golden tests pin them): the log-mel features that trained
 * networks read are float throughout; the descriptors square float bins in double; the STFT distance
 * and the chart are double throughout. One precision for all would move every one of those numbers.
 *
 * <p>Holds no buffers (callers pass their frames), but JTransforms' plans are not promised to be
 * thread-safe: make one per thread.
 */
public final class Stft {

    /**
     * Equivalent noise bandwidth of the Hann window in bins: a sine's power, summed over all the bins
     * it leaks into, is {@code 1.5 * fullScaleSinePower()} times its squared amplitude.
     */
    public static final double HANN_NOISE_BANDWIDTH_BINS = 1.5;

    private final int fftSize;
    private final int sampleRateHz;
    private final double[] window;
    /** The same window rounded to float, for the float path. */
    private final float[] windowFloat;
    private final DoubleFFT_1D doubleFft;
    private final FloatFFT_1D floatFft;

    public Stft(int fftSize, int sampleRateHz) {
        this.fftSize = requireFftSize(fftSize);
        this.sampleRateHz = sampleRateHz;
        window = new double[fftSize];
        windowFloat = new float[fftSize];
        for (int i = 0; i < fftSize; i++) {
            window[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / fftSize);
            windowFloat[i] = (float) window[i];
        }
        doubleFft = new DoubleFFT_1D(fftSize);
        floatFft = new FloatFFT_1D(fftSize);
    }

    /** {@code fftSize}, or an exception saying why it is not one: a power of two, at least 16. */
    public static int requireFftSize(int fftSize) {
        if (fftSize < 16 || Integer.bitCount(fftSize) != 1) {
            throw new IllegalArgumentException("FFT size " + fftSize + " must be a power of two, at least 16");
        }
        return fftSize;
    }

    public int fftSize() {
        return fftSize;
    }

    public int sampleRateHz() {
        return sampleRateHz;
    }

    /** Bins 0 (DC) to n/2 (Nyquist). */
    public int bins() {
        return fftSize / 2 + 1;
    }

    /** The centre frequency of a bin, in Hz. */
    public double binHz(int bin) {
        return bin * (double) sampleRateHz / fftSize;
    }

    /** Where {@code hz} falls on the bin axis: a fractional bin index. */
    public double bin(double hz) {
        return hz * fftSize / sampleRateHz;
    }

    /** The bin whose centre is nearest to {@code hz}, at most Nyquist's. */
    public int nearestBin(double hz) {
        return Math.min(bins() - 1, (int) Math.round(bin(hz)));
    }

    /** The magnitude of a full-scale sine at a bin's centre through the Hann window: n/4. */
    public double fullScaleSineMagnitude() {
        return fftSize / 4.0;
    }

    /** Its power, (n/4)^2: the reference for 0 dB. */
    public double fullScaleSinePower() {
        return fullScaleSineMagnitude() * fullScaleSineMagnitude();
    }

    /** How many whole frames, {@code hopSamples} apart from sample 0, fit in {@code samples} samples. */
    public int frames(int samples, int hopSamples) {
        return samples < fftSize ? 0 : 1 + (samples - fftSize) / hopSamples;
    }

    /** {@code signal[start ...]} into {@code frame}, silence where the frame reaches outside the signal. */
    public void read(float[] signal, int start, float[] frame) {
        for (int i = 0; i < fftSize; i++) {
            int s = start + i;
            frame[i] = s >= 0 && s < signal.length ? signal[s] : 0f;
        }
    }

    /** The same, widened to double. */
    public void read(float[] signal, int start, double[] frame) {
        for (int i = 0; i < fftSize; i++) {
            int s = start + i;
            frame[i] = s >= 0 && s < signal.length ? signal[s] : 0;
        }
    }

    /**
     * Windows {@code frame} and transforms it, in place, then writes the power of bins 0 to n/2 into
     * {@code power}; float throughout (the log-mel features).
     */
    public void power(float[] frame, float[] power) {
        for (int i = 0; i < fftSize; i++) frame[i] *= windowFloat[i];
        floatFft.realForward(frame);
        // JTransforms' packed layout: a[0] = Re[0], a[1] = Re[n/2], then (Re, Im) pairs
        power[0] = frame[0] * frame[0];
        power[fftSize / 2] = frame[1] * frame[1];
        for (int k = 1; k < fftSize / 2; k++) {
            float re = frame[2 * k], im = frame[2 * k + 1];
            power[k] = re * re + im * im;
        }
    }

    /** The same float FFT, with the squares and sums in double (the descriptors). */
    public void power(float[] frame, double[] power) {
        for (int i = 0; i < fftSize; i++) frame[i] *= windowFloat[i];
        floatFft.realForward(frame);
        power[0] = frame[0] * (double) frame[0];
        power[fftSize / 2] = frame[1] * (double) frame[1];
        for (int k = 1; k < fftSize / 2; k++) {
            power[k] = frame[2 * k] * (double) frame[2 * k] + frame[2 * k + 1] * (double) frame[2 * k + 1];
        }
    }

    /** Double throughout (the STFT distance and the chart). */
    public void power(double[] frame, double[] power) {
        for (int i = 0; i < fftSize; i++) frame[i] *= window[i];
        doubleFft.realForward(frame);
        power[0] = frame[0] * frame[0];
        power[fftSize / 2] = frame[1] * frame[1];
        for (int k = 1; k < fftSize / 2; k++) power[k] = frame[2 * k] * frame[2 * k] + frame[2 * k + 1] * frame[2 * k + 1];
    }

    /**
     * The power of each frame of {@code signal}, {@code hopSamples} apart from sample 0, double throughout, handed
     * to {@code each} in order (the same array each time, overwritten by the next frame); a signal shorter than a
     * frame gives one frame, padded with silence. Returns how many frames.
     */
    public int forEachFramePower(float[] signal, int hopSamples, Consumer<double[]> each) {
        int count = Math.max(1, frames(signal.length, hopSamples));
        double[] frame = new double[fftSize], power = new double[bins()];
        for (int f = 0; f < count; f++) {
            read(signal, f * hopSamples, frame);
            power(frame, power);
            each.accept(power);
        }
        return count;
    }
}
