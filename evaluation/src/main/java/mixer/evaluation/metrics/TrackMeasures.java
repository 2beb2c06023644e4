package mixer.evaluation.metrics;

import mixer.dsp.Audio;

/**
 * The few measurements of a track that tell how much of a stage can be heard in it and how much
 * finished music varies ({@link Audibility}, {@link Floor}): the side/mid ratio and the correlation
 * at a lag (octave-band levels: {@link mixer.dsp.analysis.OctaveBands#levelsDb}). One place, so that
 * both read a track the same way.
 */
final class TrackMeasures {

    private TrackMeasures() {
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
