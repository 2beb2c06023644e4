package mixer.dataset.features;

import mixer.dsp.Audio;
import mixer.dsp.AudioSource;
import mixer.dsp.analysis.OctaveBands;
import mixer.dsp.analysis.Stft;
import mixer.dsp.io.Resampler;
import mixer.dsp.loudness.Loudness;
import mixer.dsp.loudness.LoudnessMeter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The descriptor vector: numbers an engineer reads off a mix, each tied to one or more of the 10 settings.
 * Every value is finite (undefined cases give a documented neutral value), so a network never sees NaN.
 *
 * <p>Two versions, so that a model computes the features it was trained on (see {@link FeatureConfig}):
 * version 1 (21 descriptors, up to issue 13) and version 2, which drops what did not work on a 3 s window
 * (the loudness range, always 0; the clamped echo, which missed the subtracted echo of the restore
 * inverse) and adds the signature of each stage ({@link Signatures}): the delay's correlation at exactly
 * its lag, the chain's own reverb probed in the side signal, and a histogram of levels around the
 * compressor's threshold.
 */
public final class Descriptors {

    /** Octave bands (centre Hz) for the band-energy descriptors. */
    static final double[] OCTAVES_HZ = {63, 125, 250, 500, 1000, 2000, 4000, 8000, 16000};
    static final int FFT_SIZE = 4096;

    /** One line each: name, then what it measures and which settings it reflects. */
    private static final List<String> V1_DOCS;
    private static final List<String> V2_DOCS;

    static {
        List<String> d = new ArrayList<>(List.of(
                "integrated_lufs: BS.1770 integrated loudness of the excerpt (input gain, output level, compressor)",
                "loudness_range_lu: EBU R128 loudness range, 0 when shorter than one 3 s window (compressor)",
                "peak_dbfs: sample peak (gains; how far the inverse compressor pushed peaks)",
                "crest_factor_db: sample peak over RMS of the mid signal (compressor ratio)",
                "rms_dbfs: RMS level of the mid signal (gains)"));
        for (double hz : OCTAVES_HZ) {
            d.add("octave_" + (int) hz + "_db: energy of the octave band around " + (int) hz
                    + " Hz relative to the total, mid signal (the four EQs)");
        }
        d.addAll(List.of(
                "centroid_log2: log2 of the spectral centroid over 1 kHz, mid signal (high and air shelves)",
                "tilt_db_per_octave: slope of a line fitted to the octave-band energies (EQ balance)",
                "side_to_mid_db: side energy over mid energy (stereo width, reverb)",
                "correlation: Pearson correlation of left and right (stereo width, reverb decorrelation)",
                "decay_db_per_s: median energy slope 50-300 ms after onsets, mid signal (reverb send)"));
        List<String> v2 = new ArrayList<>(d);
        v2.remove(1); // the loudness range: 0 on every window shorter than the meter's 3 s
        v2.addAll(Signatures.DOCS);
        d.addAll(List.of(
                "echo_250ms: peak normalised autocorrelation of the mid signal at lags 240-260 ms (delay send)",
                "echo_500ms: the same at 490-510 ms, the second repeat (delay send and its feedback)"));
        V1_DOCS = List.copyOf(d);
        V2_DOCS = List.copyOf(v2);
    }

    private Descriptors() {
    }

    private static Audio resampled(Audio audio, int rateHz) {
        try (Resampler r = new Resampler(AudioSource.of(audio), rateHz)) {
            return AudioSource.readAll(r);
        } catch (IOException e) { // in memory: only the resampler's own failure to start
            throw new UncheckedIOException("cannot resample a window to " + rateHz + " Hz: " + e.getMessage(), e);
        }
    }

    /** The descriptors of a feature version, one line each: name, what it measures, which settings it reflects. */
    public static List<String> docs(int version) {
        return switch (FeatureConfig.requireVersion(version)) {
            case 1 -> V1_DOCS;
            case 2, 3 -> V2_DOCS; // version 3 adds only a pair's signatures (PairSignatures.DOCS)
            default -> throw new IllegalStateException("feature version " + version + ": its descriptors are not listed here");
        };
    }

    /** Their names, in the order of the vector. */
    public static List<String> names(int version) {
        return docs(version).stream().map(s -> s.substring(0, s.indexOf(':'))).toList();
    }

    public static int size(int version) {
        return docs(version).size();
    }

    /**
     * The fastest rate the descriptors hear at: a faster window is resampled to it first. Their fixed FFT, octave
     * bands and envelope steps were designed and trained at 32-48 kHz; heard at its own rate, a 384 kHz window's 63 Hz
     * octave held no FFT bin (-100 dB) and its tilt turned from -5.6 to +0.6 dB per octave, and the settings predicted
     * for one excerpt moved by up to 8 dB between 48 and 384 kHz.
     */
    public static final int MAX_HEARD_RATE_HZ = 48_000;

    /** The descriptors of a window, as feature version {@code version} computes them. */
    public static float[] compute(Audio audio, int version) {
        FeatureConfig.requireVersion(version);
        if (audio.sampleRateHz() > MAX_HEARD_RATE_HZ) audio = resampled(audio, MAX_HEARD_RATE_HZ);
        float[] l = audio.left(), r = audio.right();
        int n = audio.frames();
        int rate = audio.sampleRateHz();
        float[] mid = new float[n], side = new float[n];
        double midE = 0, sideE = 0, sl = 0, sr = 0, sll = 0, srr = 0, slr = 0;
        float peak = 0, midPeak = 0;
        for (int i = 0; i < n; i++) {
            mid[i] = 0.5f * (l[i] + r[i]);
            side[i] = 0.5f * (l[i] - r[i]);
            midE += mid[i] * (double) mid[i];
            sideE += side[i] * (double) side[i];
            sl += l[i];
            sr += r[i];
            sll += l[i] * (double) l[i];
            srr += r[i] * (double) r[i];
            slr += l[i] * (double) r[i];
            peak = Math.max(peak, Math.max(Math.abs(l[i]), Math.abs(r[i])));
            midPeak = Math.max(midPeak, Math.abs(mid[i]));
        }
        List<Float> v = new ArrayList<>();
        Loudness loud = LoudnessMeter.measure(audio);
        v.add(finiteOr(loud.integratedLufs(), -100));
        if (version == 1) v.add(finiteOr(loud.loudnessRangeLu(), 0));
        v.add(db(peak));
        double midRms = Math.sqrt(midE / Math.max(1, n));
        v.add(midRms > 0 ? db(midPeak / midRms) : 0);
        v.add(db(midRms));

        Stft stft = new Stft(FFT_SIZE, rate);
        double[] spectrum = averagePowerSpectrum(mid, stft);
        double total = 0, weighted = 0;
        for (int k = 1; k < spectrum.length; k++) {
            total += spectrum[k];
            weighted += stft.binHz(k) * spectrum[k];
        }
        OctaveBands octaves = new OctaveBands(stft, 1, OCTAVES_HZ); // over a spectrum without Nyquist (see above)
        double[] octaveDb = new double[OCTAVES_HZ.length];
        for (int o = 0; o < OCTAVES_HZ.length; o++) {
            double e = octaves.power(spectrum, o);
            octaveDb[o] = total > 0 ? Math.max(-100, 10 * Math.log10(e / total + 1e-10)) : -100;
            v.add((float) octaveDb[o]);
        }
        v.add(total > 0 ? (float) (Math.log(weighted / total / 1000) / Math.log(2)) : 0f);
        v.add((float) slope(octaveDb));
        v.add(midE > 0 ? (float) Math.max(-100, 10 * Math.log10(sideE / midE + 1e-10)) : 0f);
        double cov = slr - sl * sr / n, varL = sll - sl * sl / n, varR = srr - sr * sr / n;
        v.add(varL > 0 && varR > 0 ? (float) (cov / Math.sqrt(varL * varR)) : 1f);
        v.add((float) decayAfterOnsets(mid, rate));
        if (version == 1) {
            v.add((float) echo(mid, rate, 0.240, 0.260));
            v.add((float) echo(mid, rate, 0.490, 0.510));
        } else {
            for (float f : Signatures.compute(audio, mid, side)) v.add(f);
        }

        float[] out = new float[v.size()];
        for (int i = 0; i < out.length; i++) out[i] = v.get(i);
        return out;
    }

    private static float db(double amplitude) {
        return (float) Math.max(-100, 20 * Math.log10(amplitude + 1e-10));
    }

    private static float finiteOr(double v, double fallback) {
        return (float) (Double.isFinite(v) ? v : fallback);
    }

    /**
     * Welch: Hann windows of FFT_SIZE, half overlap, mean power per bin. Bins 0 to n/2 - 1 with DC at 0:
     * DC and Nyquist are left out of every descriptor.
     */
    static double[] averagePowerSpectrum(float[] x, Stft stft) {
        float[] frame = new float[FFT_SIZE];
        double[] power = new double[stft.bins()];
        double[] mean = new double[FFT_SIZE / 2];
        int hop = FFT_SIZE / 2;
        int windows = stft.frames(x.length, hop);
        for (int w = 0; w < windows; w++) {
            stft.read(x, w * hop, frame);
            stft.power(frame, power);
            for (int k = 1; k < FFT_SIZE / 2; k++) mean[k] += power[k];
        }
        if (windows > 0) for (int k = 0; k < mean.length; k++) mean[k] /= windows;
        return mean;
    }

    /** Least-squares slope of y against its index (dB per octave for octave bands). */
    static double slope(double[] y) {
        int n = y.length;
        double mx = (n - 1) / 2.0, my = 0;
        for (double v : y) my += v / n;
        double sxy = 0, sxx = 0;
        for (int i = 0; i < n; i++) {
            sxy += (i - mx) * (y[i] - my);
            sxx += (i - mx) * (i - mx);
        }
        return sxy / sxx;
    }

    /**
     * Median slope (dB/s) of the 10 ms energy envelope from 50 to 300 ms after each onset (an envelope
     * rise of more than 6 dB over 30 ms). Dry material falls steeply; reverb makes the slope shallower.
     * 0 when no onset is found.
     */
    static double decayAfterOnsets(float[] x, int rate) {
        int hop = rate / 100; // 10 ms
        int frames = x.length / hop;
        if (frames < 40) return 0;
        double[] envDb = new double[frames];
        for (int f = 0; f < frames; f++) {
            double e = 0;
            for (int i = f * hop; i < (f + 1) * hop; i++) e += x[i] * (double) x[i];
            envDb[f] = 10 * Math.log10(e / hop + 1e-12);
        }
        List<Double> slopes = new ArrayList<>();
        for (int f = 3; f + 30 < frames; f++) {
            boolean onset = envDb[f] - envDb[f - 3] > 6 && envDb[f] >= envDb[f - 1] && envDb[f] >= envDb[f + 1];
            if (!onset) continue;
            double[] tail = new double[26];
            for (int i = 0; i < tail.length; i++) tail[i] = envDb[f + 5 + i];
            slopes.add(slope(tail) * 100); // per 10 ms frame -> per second
            f += 30;
        }
        if (slopes.isEmpty()) return 0;
        slopes.sort(null);
        return slopes.get(slopes.size() / 2);
    }

    /**
     * Version 1's echo: the peak normalised autocorrelation of x at lags between loS and hiS (seconds). It
     * keeps only positive maxima and steps lags by 2, so it misses the echo the restore inverse subtracts.
     */
    static double echo(float[] x, int rate, double loS, double hiS) {
        int lo = (int) Math.round(loS * rate), hi = (int) Math.round(hiS * rate);
        if (x.length <= hi * 2) return 0;
        // Every 4th sample and every 2nd lag: the echo peak is broad enough, at 1/8 of the cost.
        int step = 4;
        double e0 = 0;
        for (int i = 0; i + hi < x.length; i += step) e0 += x[i] * (double) x[i];
        if (e0 == 0) return 0;
        double best = 0;
        int end = x.length - hi;
        int lag = lo;
        // Eight lags per pass over x: eight independent sums instead of one long chain of dependent
        // additions (about 4x faster). Each sum still adds the same products in the same order, so the
        // value is bit for bit that of the one-lag-at-a-time loop below.
        for (; lag + 14 <= hi; lag += 16) {
            double c0 = 0, c1 = 0, c2 = 0, c3 = 0, c4 = 0, c5 = 0, c6 = 0, c7 = 0;
            for (int i = 0; i < end; i += step) {
                double xi = x[i];
                int j = i + lag;
                c0 += xi * x[j];
                c1 += xi * x[j + 2];
                c2 += xi * x[j + 4];
                c3 += xi * x[j + 6];
                c4 += xi * x[j + 8];
                c5 += xi * x[j + 10];
                c6 += xi * x[j + 12];
                c7 += xi * x[j + 14];
            }
            best = Math.max(best, Math.max(Math.max(Math.max(c0 / e0, c1 / e0), Math.max(c2 / e0, c3 / e0)),
                    Math.max(Math.max(c4 / e0, c5 / e0), Math.max(c6 / e0, c7 / e0))));
        }
        for (; lag <= hi; lag += 2) {
            double c = 0;
            for (int i = 0; i < end; i += step) c += x[i] * (double) x[i + lag];
            best = Math.max(best, c / e0);
        }
        return best;
    }
}
