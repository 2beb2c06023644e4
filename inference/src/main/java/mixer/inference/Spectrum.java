package mixer.inference;

import mixer.dsp.Audio;
import org.jtransforms.fft.DoubleFFT_1D;

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
        int n = FFT_SIZE, bins = n / 2 + 1, rate = audio.sampleRateHz();
        double[] window = new double[n];
        for (int i = 0; i < n; i++) window[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / n);
        int available = Math.max(1, (audio.frames() - n) / n + 1);
        int frames = Math.min(MAX_FRAMES, available);
        double[] power = new double[bins];
        double[] buf = new double[n];
        DoubleFFT_1D fft = new DoubleFFT_1D(n);
        float[] l = audio.left(), r = audio.right();
        for (int f = 0; f < frames; f++) {
            int start = (int) ((long) f * Math.max(0, audio.frames() - n) / Math.max(1, frames - 1));
            for (int i = 0; i < n; i++) {
                int s = start + i;
                buf[i] = s < l.length ? 0.5 * (l[s] + r[s]) * window[i] : 0;
            }
            fft.realForward(buf);
            power[0] += buf[0] * buf[0];
            power[n / 2] += buf[1] * buf[1];
            for (int k = 1; k < n / 2; k++) power[k] += buf[2 * k] * buf[2 * k] + buf[2 * k + 1] * buf[2 * k + 1];
        }
        double nyquist = rate / 2.0;
        int bands = (int) Math.floor(BANDS_PER_OCTAVE * Math.log(nyquist / LOWEST_HZ) / Math.log(2));
        double[] hz = new double[bands], db = new double[bands];
        // A full-scale sine through a Hann window of n spreads (n/4)^2 * 1.5 over its bins (equivalent
        // noise bandwidth 1.5 bins): summing a band's bins and dividing by that reads 0 dB for it.
        double fullScale = (n / 4.0) * (n / 4.0) * 1.5;
        for (int b = 0; b < bands; b++) {
            double centre = LOWEST_HZ * Math.pow(2, (b + 0.5) / BANDS_PER_OCTAVE);
            double lo = centre * Math.pow(2, -0.5 / BANDS_PER_OCTAVE), hi = centre * Math.pow(2, 0.5 / BANDS_PER_OCTAVE);
            int k0 = (int) Math.ceil(lo * n / rate), k1 = Math.min(bins - 1, (int) Math.floor(hi * n / rate));
            double sum = 0;
            for (int k = k0; k <= k1; k++) sum += power[k];
            if (k1 < k0) sum = power[Math.min(bins - 1, (int) Math.round(centre * n / rate))]; // band narrower than a bin
            hz[b] = centre;
            double bandPower = sum / frames;
            db[b] = bandPower > 0 ? Math.max(FLOOR_DB, 10 * Math.log10(bandPower / fullScale)) : FLOOR_DB;
        }
        return new Spectrum(hz, db);
    }

    /** The level of the band whose centre is nearest to {@code hz}. */
    public double dbAt(double hz) {
        int best = 0;
        for (int b = 1; b < bandHz.length; b++) {
            if (Math.abs(Math.log(bandHz[b] / hz)) < Math.abs(Math.log(bandHz[best] / hz))) best = b;
        }
        return db[best];
    }
}
