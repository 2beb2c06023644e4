package mixer.inference;

import mixer.dsp.Audio;
import mixer.dsp.analysis.OctaveBands;
import mixer.dsp.analysis.Stft;

/**
 * The long-term average spectrum of the mid signal (L+R)/2 as 1/6-octave band levels (the power in
 * each band, so pink noise reads flat), in dB relative to a full-scale sine: what "spectra before and after" charts show. At most {@link #MAX_FRAMES} evenly
 * spaced frames are averaged, so a long song costs the same as a short one.
 *
 * @param bandHz centre frequency of each band (Hz), from 20 Hz up to Nyquist
 * @param db     average power in each band (dB); {@code FLOOR_DB} where a band is empty or silent
 */
public record Spectrum(double[] bandHz, double[] db) {

    public static final int FFT_SIZE = 4096;
    public static final int MAX_FRAMES = 400;
    public static final double FLOOR_DB = -140;
    private static final double LOWEST_HZ = 20;
    private static final double BANDS_PER_OCTAVE = 6;

    public static Spectrum of(Audio audio) {
        Stft stft = new Stft(FFT_SIZE, audio.sampleRateHz());
        int n = FFT_SIZE;
        int frames = Math.min(MAX_FRAMES, Math.max(1, stft.frames(audio.frames(), n)));
        double[] power = new double[stft.bins()];   // summed over frames
        double[] framePower = new double[stft.bins()];
        double[] buf = new double[n];
        float[] l = audio.left(), r = audio.right();
        for (int f = 0; f < frames; f++) {
            int start = (int) ((long) f * Math.max(0, audio.frames() - n) / Math.max(1, frames - 1));
            for (int i = 0; i < n; i++) {
                int s = start + i;
                buf[i] = s < l.length ? 0.5 * (l[s] + r[s]) : 0;
            }
            stft.power(buf, framePower);
            for (int k = 0; k < power.length; k++) power[k] += framePower[k];
        }
        OctaveBands bands = OctaveBands.upToNyquist(stft, BANDS_PER_OCTAVE, LOWEST_HZ);
        double[] hz = new double[bands.bands()], db = new double[bands.bands()];
        // Summing a band's bins and dividing by a full-scale sine's power times the window's noise
        // bandwidth (its power spread over the bins) reads 0 dB for that sine.
        double fullScale = stft.fullScaleSinePower() * Stft.HANN_NOISE_BANDWIDTH_BINS;
        for (int b = 0; b < hz.length; b++) {
            hz[b] = bands.centreHz(b);
            // a band narrower than a bin shows the nearest bin, so the chart has no holes
            double sum = bands.isEmpty(b) ? power[stft.nearestBin(hz[b])] : bands.power(power, b);
            double bandPower = sum / frames;
            db[b] = bandPower > 0 ? Math.max(FLOOR_DB, 10 * Math.log10(bandPower / fullScale)) : FLOOR_DB;
        }
        return new Spectrum(hz, db);
    }
}
