package mixer.dataset.features;

import mixer.dsp.Audio;
import org.jtransforms.fft.FloatFFT_1D;

/**
 * Log-mel spectrograms of the mid (L+R)/2 and side (L-R)/2 signals: the two input channels of the
 * networks. Side matters because width, reverb and delay live there. Output is
 * {@code [2][melBands][frames]} in dB; frame t covers samples starting at {@code start + t * hop}.
 * Not thread-safe (it keeps its FFT buffer); make one per thread.
 */
public final class LogMelSpectrogram {

    private final LogMelConfig config;
    private final int sampleRateHz;
    private final int hop;
    private final float[] window;
    private final float[][] filters;   // [band][bin], triangular weights
    private final int[] firstBin;      // per band, the first non-zero bin
    private final FloatFFT_1D fft;
    private final float[] buffer;

    public LogMelSpectrogram(LogMelConfig config, int sampleRateHz) {
        this.config = config;
        this.sampleRateHz = sampleRateHz;
        this.hop = config.hopSamples(sampleRateHz);
        int n = config.fftSize();
        window = new float[n];
        for (int i = 0; i < n; i++) window[i] = (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * i / n));
        fft = new FloatFFT_1D(n);
        buffer = new float[n];
        int bins = n / 2 + 1;
        double maxHz = Math.min(config.maxHz(), sampleRateHz / 2.0);
        double lo = mel(config.minHz()), hi = mel(maxHz);
        int bands = config.melBands();
        filters = new float[bands][];
        firstBin = new int[bands];
        for (int b = 0; b < bands; b++) {
            double left = hz(lo + (hi - lo) * b / (bands + 1));
            double centre = hz(lo + (hi - lo) * (b + 1) / (bands + 1));
            double right = hz(lo + (hi - lo) * (b + 2) / (bands + 1));
            int from = Math.max(0, (int) Math.floor(left * n / sampleRateHz));
            int to = Math.min(bins - 1, (int) Math.ceil(right * n / sampleRateHz));
            float[] w = new float[to - from + 1];
            double sum = 0;
            for (int k = from; k <= to; k++) {
                double f = k * (double) sampleRateHz / n;
                double v = f <= centre ? (f - left) / (centre - left) : (right - f) / (right - centre);
                w[k - from] = (float) Math.max(0, v);
                sum += w[k - from];
            }
            if (sum == 0) { // a band narrower than a bin: take the nearest bin
                int k = (int) Math.round(centre * n / sampleRateHz);
                w = new float[] {1};
                from = Math.min(k, bins - 1);
                sum = 1;
            }
            for (int i = 0; i < w.length; i++) w[i] /= (float) sum; // each band is a weighted mean of bin powers
            filters[b] = w;
            firstBin[b] = from;
        }
    }

    public LogMelConfig config() {
        return config;
    }

    public int hopSamples() {
        return hop;
    }

    /** How many whole frames fit in {@code samples} samples. */
    public int framesIn(int samples) {
        return samples < config.fftSize() ? 0 : 1 + (samples - config.fftSize()) / hop;
    }

    /** {@code frames} frames of mid and side from {@code startSample}; past the end reads as silence. */
    public float[][][] compute(Audio audio, int startSample, int frames) {
        if (audio.sampleRateHz() != sampleRateHz) {
            throw new IllegalArgumentException("spectrogram made for " + sampleRateHz + " Hz, audio is " + audio.sampleRateHz() + " Hz");
        }
        float[][][] out = new float[2][config.melBands()][frames];
        float[] l = audio.left(), r = audio.right();
        int n = config.fftSize();
        float[] power = new float[n / 2 + 1];
        for (int c = 0; c < 2; c++) {
            float sign = c == 0 ? 1f : -1f;
            for (int t = 0; t < frames; t++) {
                int s0 = startSample + t * hop;
                for (int i = 0; i < n; i++) {
                    int s = s0 + i;
                    float v = s >= 0 && s < l.length ? 0.5f * (l[s] + sign * r[s]) : 0f;
                    buffer[i] = v * window[i];
                }
                fft.realForward(buffer);
                power[0] = buffer[0] * buffer[0];
                power[n / 2] = buffer[1] * buffer[1];
                for (int k = 1; k < n / 2; k++) {
                    float re = buffer[2 * k], im = buffer[2 * k + 1];
                    power[k] = re * re + im * im;
                }
                for (int b = 0; b < filters.length; b++) {
                    float[] w = filters[b];
                    int k0 = firstBin[b];
                    double sum = 0;
                    for (int i = 0; i < w.length; i++) sum += w[i] * power[k0 + i];
                    // Power of a full-scale sine through a Hann window of n samples is (n/4)^2: 0 dB there.
                    double db = 10 * Math.log10(sum / ((n / 4.0) * (n / 4.0)) + 1e-30);
                    out[c][b][t] = (float) Math.max(config.floorDb(), db);
                }
            }
        }
        return out;
    }

    /** The centre frequency of a band, in Hz. */
    public double bandCentreHz(int band) {
        double lo = mel(config.minHz()), hi = mel(Math.min(config.maxHz(), sampleRateHz / 2.0));
        return hz(lo + (hi - lo) * (band + 1) / (config.melBands() + 1));
    }

    private static double mel(double hz) {
        return 2595 * Math.log10(1 + hz / 700);
    }

    private static double hz(double mel) {
        return 700 * (Math.pow(10, mel / 2595) - 1);
    }
}
