package mixer.evaluation.metrics;

import mixer.dsp.Audio;
import mixer.dsp.analysis.OctaveBands;
import mixer.dsp.analysis.Stft;

/**
 * The few measurements of a track that tell how much of a stage can be heard in it and how much
 * finished music varies ({@link Audibility}, {@link Floor}): octave-band levels, the side/mid
 * ratio and the correlation at a lag. One place, so that both read a track the same way.
 */
final class TrackMeasures {

    /** Frames of 4096 (93 ms at 44.1 kHz): octaves down to 63 Hz hold several bins. */
    static final int FFT_SIZE = 4096;

    private TrackMeasures() {
    }

    /**
     * The power of both channels in the octave bands around {@code centresHz}, summed over half-overlapping
     * Hann frames, in dB (an empty band, one above Nyquist or holding no bin, is -infinity).
     */
    static double[] octaveBandsDb(Audio a, double... centresHz) {
        Stft stft = new Stft(FFT_SIZE, a.sampleRateHz());
        OctaveBands bands = new OctaveBands(stft, 1, centresHz);
        double[] sum = new double[centresHz.length];
        double[] frame = new double[FFT_SIZE];
        double[] power = new double[FFT_SIZE / 2 + 1];
        int hop = FFT_SIZE / 2;
        for (float[] channel : a.stereo()) {
            for (int start = 0; start + FFT_SIZE <= Math.max(FFT_SIZE, channel.length); start += hop) {
                stft.read(channel, start, frame);
                stft.power(frame, power);
                for (int b = 0; b < sum.length; b++) sum[b] += bands.power(power, b);
            }
        }
        double[] db = new double[sum.length];
        for (int b = 0; b < db.length; b++) db[b] = bands.isEmpty(b) ? Double.NEGATIVE_INFINITY : 10 * Math.log10(sum[b]);
        return db;
    }

    /** Power of the side signal (L - R) / 2 over that of the mid (L + R) / 2, in dB; -infinity for mono. */
    static double sideToMidDb(Audio a) {
        float[] l = a.left(), r = a.right();
        double mid = 0, side = 0;
        for (int i = 0; i < l.length; i++) {
            double m = (l[i] + (double) r[i]) / 2, s = (l[i] - (double) r[i]) / 2;
            mid += m * m;
            side += s * s;
        }
        return 10 * Math.log10(side / mid);
    }

    /**
     * The normalised correlation of the mid signal with itself {@code lagSeconds} later, in [-1, 1]: what
     * an echo at that lag adds to (or its inverse takes from); 0 for silence.
     */
    static double correlationAtLag(Audio a, double lagSeconds) {
        int lag = (int) Math.round(lagSeconds * a.sampleRateHz());
        float[] l = a.left(), r = a.right();
        double xy = 0, xx = 0, yy = 0;
        for (int i = 0; i + lag < l.length; i++) {
            double x = l[i] + (double) r[i], y = l[i + lag] + (double) r[i + lag];
            xy += x * y;
            xx += x * x;
            yy += y * y;
        }
        return xx == 0 || yy == 0 ? 0 : xy / Math.sqrt(xx * yy);
    }
}
