package mixer.dataset.features;

import mixer.dsp.Audio;
import mixer.dsp.analysis.MelFilterBank;
import mixer.dsp.analysis.Stft;

/**
 * Log-mel spectrograms of the mid (L+R)/2 and side (L-R)/2 signals: the two input channels of the
 * networks. Side matters because width, reverb and delay live there. Output is
 * {@code [2][melBands][frames]} in dB; frame t covers samples starting at {@code start + t * hop}.
 * Not thread-safe (it keeps its frame buffers); make one per thread.
 */
public final class LogMelSpectrogram {

    private final LogMelConfig config;
    private final int sampleRateHz;
    private final int hop;
    private final Stft stft;
    private final MelFilterBank mel;
    private final float[] frame;
    private final float[] power;

    /** The spectrogram of a feature config at one rate: version 1 clamps the mel grid's top to Nyquist, later ones keep one grid. */
    public LogMelSpectrogram(FeatureConfig features, int sampleRateHz) {
        this.config = features.logMel();
        this.sampleRateHz = sampleRateHz;
        this.hop = config.hopSamples(sampleRateHz);
        stft = new Stft(config.fftSize(), sampleRateHz);
        mel = features.version() == 1 ? new MelFilterBank(stft, config.melBands(), config.minHz(), config.maxHz())
                : MelFilterBank.sameAtEveryRate(stft, config.melBands(), config.minHz(), config.maxHz());
        frame = new float[config.fftSize()];
        power = new float[stft.bins()];
    }

    public LogMelConfig config() {
        return config;
    }

    public int hopSamples() {
        return hop;
    }

    /** How many whole frames fit in {@code samples} samples. */
    public int framesIn(int samples) {
        return stft.frames(samples, hop);
    }

    /** {@code frames} frames of mid and side from {@code startSample}; past the end reads as silence. */
    public float[][][] compute(Audio audio, int startSample, int frames) {
        if (audio.sampleRateHz() != sampleRateHz) {
            throw new IllegalArgumentException("spectrogram made for " + sampleRateHz + " Hz, audio is " + audio.sampleRateHz() + " Hz");
        }
        float[][][] out = new float[2][config.melBands()][frames];
        float[] l = audio.left(), r = audio.right();
        for (int c = 0; c < 2; c++) {
            float sign = c == 0 ? 1f : -1f;
            for (int t = 0; t < frames; t++) {
                int s0 = startSample + t * hop;
                for (int i = 0; i < frame.length; i++) {
                    int s = s0 + i;
                    frame[i] = s >= 0 && s < l.length ? 0.5f * (l[s] + sign * r[s]) : 0f;
                }
                stft.power(frame, power);
                for (int b = 0; b < out[c].length; b++) {
                    // 0 dB is a full-scale sine; the tiny offset keeps silence finite until the floor
                    double db = 10 * Math.log10(mel.power(power, b) / stft.fullScaleSinePower() + 1e-30);
                    out[c][b][t] = (float) Math.max(config.floorDb(), db);
                }
            }
        }
        return out;
    }

    /** The centre frequency of a band, in Hz. */
    public double bandCentreHz(int band) {
        return mel.centreHz(band);
    }
}
