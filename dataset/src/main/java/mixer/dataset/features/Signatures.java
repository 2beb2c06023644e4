package mixer.dataset.features;

import mixer.dsp.Audio;
import mixer.dsp.analysis.WholeSpectrum;
import mixer.dsp.stages.DelaySend;
import mixer.dsp.stages.FeedbackCompressor;
import mixer.dsp.stages.ReverbSend;

import java.util.ArrayList;
import java.util.List;

/**
 * The descriptors of feature version 2 that carry one stage's signature each, measured where the stage
 * leaves it (see DESIGN.md, "The learning tasks"):
 * <ul>
 * <li>the delay: the correlation of the signal with itself exactly one and two echo lags earlier, after
 * flattening its spectrum (so that the music's own pitch and tempo count less than the echo's ripple);
 * after the restore inverse, which subtracts the echo, it is negative, about -s / (1 + s^2);</li>
 * <li>the reverb: the chain's reverb response is fixed and known, so the side signal is regressed on the
 * side of that response to the mid signal, per frequency band; it estimates -send after the inverse;</li>
 * <li>the compressor and the gains: a histogram of 10 ms peak levels on a grid anchored at the compressor's
 * threshold, where its knee (threshold minus the input gain, after the inverse) shows.</li>
 * </ul>
 */
final class Signatures {

    /** Width of the moving average the power spectrum is divided by: wide against the echo's 4 Hz ripple. */
    static final double FLATTEN_HZ = 40;
    static final double[][] REVERB_BANDS_HZ = {{125, 500}, {500, 2000}, {2000, 8000}};
    /** The reverb probe is a gain near -0.6 … 0.6; a silent band or a stray ratio is kept within this. */
    static final double REVERB_PROBE_LIMIT = 2;
    static final int LEVEL_BLOCKS_PER_S = 100;
    static final int LEVEL_BIN_DB = 6;
    /** Bins from 42 dB below the threshold to 78 above: restore inputs reach +60 dBFS (the inverse compressor and gains). */
    static final int LEVEL_LOWEST_DB = -42;
    static final int LEVEL_BINS = 20;

    static final List<String> DOCS;

    static {
        List<String> d = new ArrayList<>();
        for (String ch : new String[] {"mid", "side"}) {
            d.add("delay_" + ch + "_n: correlation of the " + ch + " signal with itself one echo lag N (250 ms at the track's rate) "
                    + "earlier, its spectrum flattened (power over its " + (int) FLATTEN_HZ + " Hz moving average; whole window, Hann); "
                    + "negative after the restore inverse, about -s/(1+s^2); 0 when the window is shorter than twice the lag (delay send)");
            d.add("delay_" + ch + "_2n: the same at 2N, the second repeat (delay send and its feedback)");
        }
        for (double[] band : REVERB_BANDS_HZ) {
            d.add("reverb_probe_" + (int) band[0] + "_" + (int) band[1] + "_hz: least-squares gain of the chain's own reverb "
                    + "response to the mid signal (its side part) in the side signal, " + (int) band[0] + "-" + (int) band[1]
                    + " Hz, each bin weighted by 1 / the side power's moving average; about -send after the restore inverse, "
                    + "+send after a render; within +-" + (int) REVERB_PROBE_LIMIT + ", 0 where the side is silent (reverb send)");
        }
        double t = FeedbackCompressor.THRESHOLD_DB;
        for (int b = 0; b < LEVEL_BINS; b++) {
            int lo = LEVEL_LOWEST_DB + b * LEVEL_BIN_DB, hi = lo + LEVEL_BIN_DB;
            String where = b == 0 ? "below " + hi + " dB relative to the compressor's reference threshold (" + fmt(t + hi) + " dBFS)"
                    : b == LEVEL_BINS - 1 ? "at or above " + lo + " dB relative to the compressor's reference threshold (" + fmt(t + lo) + " dBFS)"
                    : "from " + lo + " to " + hi + " dB relative to the compressor's reference threshold (" + fmt(t + lo) + " to " + fmt(t + hi) + " dBFS)";
            d.add("level_t" + (lo < 0 ? "m" : "p") + Math.abs(lo) + "_db: share of 10 ms blocks whose peak max(|L|, |R|) lies "
                    + where + "; the compressor's knee shows at its threshold minus the input gain (compressor, gains)");
        }
        d.add("level_above_threshold_share: share of 10 ms blocks whose peak is above the compressor's reference threshold (its threshold at a program level of -24 dBFS; "
                + fmt(t) + " dBFS): where a compressor at this level works in its sloped region (compressor, gains)");
        DOCS = List.copyOf(d);
    }

    private Signatures() {
    }

    private static String fmt(double db) {
        return db == Math.rint(db) ? String.valueOf((long) db) : String.valueOf(db);
    }

    /** The values of {@link #DOCS}, in order, for a window and its mid and side signals. */
    static float[] compute(Audio audio, float[] mid, float[] side) {
        int rate = audio.sampleRateHz();
        int lag = DelaySend.delaySamples(rate);
        WholeSpectrum midSpectrum = spectrum(mid, rate), sideSpectrum = spectrum(side, rate);
        float[] out = new float[DOCS.size()];
        int at = 0;
        for (double r : echoes(midSpectrum, mid.length, lag)) out[at++] = (float) r;
        for (double r : echoes(sideSpectrum, side.length, lag)) out[at++] = (float) r;
        for (double g : reverbProbe(mid, rate, sideSpectrum)) out[at++] = (float) g;
        for (double share : levelShares(audio)) out[at++] = (float) share;
        return out;
    }

    /**
     * The normalised autocorrelation at lags N and 2N of a signal of {@code length} samples, its power spectrum
     * divided by its moving average first; 0 at a lag the signal is not twice as long as.
     */
    static double[] echoes(WholeSpectrum s, int length, int lag) {
        double[] power = s.power(), level = s.movingAverage(power, FLATTEN_HZ);
        double[] flat = new double[power.length];
        for (int k = 0; k < flat.length; k++) flat[k] = level[k] > 0 ? power[k] / level[k] : 0;
        double[] r = s.autocorrelation(flat);
        double[] out = new double[2];
        for (int m = 1; m <= 2; m++) out[m - 1] = length >= 2 * m * lag && r[0] > 0 ? r[m * lag] / r[0] : 0;
        return out;
    }

    /**
     * Per band, the gain g that best explains the side spectrum S as g * Q, Q the spectrum of the side part of
     * the chain's reverb response to the mid signal: sum(Re(S conj Q) w) / sum(|Q|^2 w), w = 1 / the side's
     * local power (generalised least squares: the music's own side is the noise, and it is louder in the lows).
     */
    static double[] reverbProbe(float[] mid, int rate, WholeSpectrum side) {
        double[][] terms = reverbProbeTerms(mid, rate, side);
        double[] out = new double[REVERB_BANDS_HZ.length];
        for (int b = 0; b < out.length; b++) {
            out[b] = probeGain(terms[b][0], terms[b][1]);
        }
        return out;
    }

    /** Per band of {@link #REVERB_BANDS_HZ}, the numerator and denominator of {@link #reverbProbe}'s gain. */
    private static double[][] reverbProbeTerms(float[] mid, int rate, WholeSpectrum side) {
        double[] sideLevel = side.movingAverage(side.power(), FLATTEN_HZ);
        float[][] wet = ReverbSend.response(mid, rate);
        float[] wetSide = new float[mid.length];
        for (int i = 0; i < wetSide.length; i++) wetSide[i] = 0.5f * (wet[0][i] - wet[1][i]);
        WholeSpectrum q = WholeSpectrum.of(wetSide, rate, side.fftSize());
        double[][] out = new double[REVERB_BANDS_HZ.length][2];
        for (int b = 0; b < out.length; b++) {
            double num = 0, den = 0;
            for (int k = 0; k < q.bins(); k++) {
                double hz = q.binHz(k);
                if (hz < REVERB_BANDS_HZ[b][0] || hz >= REVERB_BANDS_HZ[b][1] || !(sideLevel[k] > 0)) continue;
                num += (side.re(k) * q.re(k) + side.im(k) * q.im(k)) / sideLevel[k];
                den += (q.re(k) * q.re(k) + q.im(k) * q.im(k)) / sideLevel[k];
            }
            out[b][0] = num;
            out[b][1] = den;
        }
        return out;
    }

    /**
     * The delay's signature of a whole piece of audio, as {@link Refiner} cancels it: the flattened autocorrelation
     * of its mid signal at the echo's lag N ({@code delay_mid_n}).
     */
    static double delayOfMid(Audio audio) {
        float[][] ms = audio.midSide(); // as Descriptors#compute forms them
        return echoes(spectrum(ms[0], audio.sampleRateHz()), ms[0].length, DelaySend.delaySamples(audio.sampleRateHz()))[0];
    }

    /**
     * The reverb's signature of a whole piece of audio, as {@link Refiner} cancels it: the probe's bands pooled into
     * one generalised least-squares gain (each band weighted by how much of the reverb response it holds against
     * the side's own power); 0 where the side is silent.
     */
    static double reverbPooled(Audio audio) {
        float[][] ms = audio.midSide(); // as Descriptors#compute forms them
        double num = 0, den = 0;
        for (double[] band : reverbProbeTerms(ms[0], audio.sampleRateHz(), spectrum(ms[1], audio.sampleRateHz()))) {
            num += band[0];
            den += band[1];
        }
        return probeGain(num, den);
    }

    /** The whole-window spectrum every signature reads: long enough for no wrap-around up to lag 2N. */
    static WholeSpectrum spectrum(float[] signal, int rate) {
        return WholeSpectrum.of(signal, rate, signal.length + 2 * DelaySend.delaySamples(rate) + 1);
    }

    /** The probe's least-squares gain num / den, within +-{@link #REVERB_PROBE_LIMIT}; 0 without reverb response. */
    private static double probeGain(double num, double den) {
        return den > 0 ? Math.max(-REVERB_PROBE_LIMIT, Math.min(REVERB_PROBE_LIMIT, num / den)) : 0;
    }

    /** The level histogram (shares per bin) and the share above the threshold, of 10 ms peak levels. */
    static double[] levelShares(Audio audio) {
        float[] l = audio.left(), r = audio.right();
        int block = Math.max(1, audio.sampleRateHz() / LEVEL_BLOCKS_PER_S);
        int blocks = audio.frames() / block;
        double[] out = new double[LEVEL_BINS + 1];
        if (blocks == 0) return out;
        double lowestDbfs = FeedbackCompressor.THRESHOLD_DB + LEVEL_LOWEST_DB;
        for (int b = 0; b < blocks; b++) {
            float peak = 0;
            for (int i = b * block; i < (b + 1) * block; i++) peak = Math.max(peak, Math.max(Math.abs(l[i]), Math.abs(r[i])));
            double db = 20 * Math.log10(peak + 1e-10);
            int bin = (int) Math.floor((db - lowestDbfs) / LEVEL_BIN_DB);
            out[Math.max(0, Math.min(LEVEL_BINS - 1, bin))] += 1.0 / blocks;
            if (db > FeedbackCompressor.THRESHOLD_DB) out[LEVEL_BINS] += 1.0 / blocks;
        }
        return out;
    }
}
