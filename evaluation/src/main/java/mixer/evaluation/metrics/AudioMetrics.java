package mixer.evaluation.metrics;

import mixer.dsp.Audio;
import mixer.dsp.loudness.LoudnessMeter;
import org.jtransforms.fft.DoubleFFT_1D;

/**
 * Audio-domain distances between a mix and the finished original (the restore task's ground truth).
 *
 * <p>Multi-resolution STFT distance: for FFT sizes 512, 1024 and 2048 (Hann window, hop a quarter),
 * spectral convergence ||S_a| - |S_b||_F / ||S_b||_F plus the mean absolute difference of log10
 * magnitudes, on each channel, averaged over resolutions and channels. 0 for identical audio.
 */
public final class AudioMetrics {

    static final int[] FFT_SIZES = {512, 1024, 2048};
    private static final double FLOOR = 1e-7;

    private AudioMetrics() {
    }

    /** One mix scored against the original, next to the raw input scored the same way ("do nothing"). */
    public record Score(double stftDistance, double loudnessErrorLu, double inputStftDistance, double inputLoudnessErrorLu) {
        /** Whether the mix is closer to the original than the raw input was. */
        public boolean closerThanInput() {
            return stftDistance < inputStftDistance;
        }
    }

    public static Score score(Audio input, Audio mix, Audio original) {
        double originalLufs = LoudnessMeter.measure(original).integratedLufs();
        return new Score(stftDistance(mix, original), Math.abs(LoudnessMeter.measure(mix).integratedLufs() - originalLufs),
                stftDistance(input, original), Math.abs(LoudnessMeter.measure(input).integratedLufs() - originalLufs));
    }

    public static double stftDistance(Audio a, Audio b) {
        if (a.sampleRateHz() != b.sampleRateHz()) throw new IllegalArgumentException("sample rates differ");
        int frames = Math.min(a.frames(), b.frames());
        double total = 0;
        for (int size : FFT_SIZES) {
            for (int ch = 0; ch < 2; ch++) total += resolution(a.stereo()[ch], b.stereo()[ch], frames, size);
        }
        return total / (FFT_SIZES.length * 2);
    }

    private static double resolution(float[] x, float[] y, int frames, int size) {
        int hop = size / 4;
        double[] window = new double[size];
        for (int i = 0; i < size; i++) window[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / size);
        DoubleFFT_1D fft = new DoubleFFT_1D(size);
        double[] bx = new double[size], by = new double[size];
        double diffSq = 0, refSq = 0, logAbs = 0;
        long bins = 0;
        for (int start = 0; start + size <= frames; start += hop) {
            for (int i = 0; i < size; i++) {
                bx[i] = x[start + i] * window[i];
                by[i] = y[start + i] * window[i];
            }
            fft.realForward(bx);
            fft.realForward(by);
            for (int k = 0; k <= size / 2; k++) {
                double mx = magnitude(bx, k, size), my = magnitude(by, k, size);
                diffSq += (mx - my) * (mx - my);
                refSq += my * my;
                logAbs += Math.abs(Math.log10(mx + FLOOR) - Math.log10(my + FLOOR));
                bins++;
            }
        }
        if (bins == 0) throw new IllegalArgumentException("audio shorter than one " + size + "-sample frame");
        double convergence = refSq > 0 ? Math.sqrt(diffSq / refSq) : (diffSq > 0 ? 1 : 0);
        return convergence + logAbs / bins;
    }

    /** |X[k]| from JTransforms' packed real-FFT layout. */
    private static double magnitude(double[] packed, int k, int n) {
        if (k == 0) return Math.abs(packed[0]);
        if (k == n / 2) return Math.abs(packed[1]);
        return Math.hypot(packed[2 * k], packed[2 * k + 1]);
    }
}
