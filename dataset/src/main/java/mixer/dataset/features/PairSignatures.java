package mixer.dataset.features;

import mixer.dsp.Audio;
import mixer.dsp.analysis.WholeSpectrum;
import mixer.dsp.stages.DelaySend;
import mixer.dsp.stages.FeedbackCompressor;
import mixer.dsp.stages.ReverbSend;
import org.apache.commons.math3.complex.Complex;
import org.apache.commons.math3.complex.ComplexField;
import org.apache.commons.math3.linear.Array2DRowFieldMatrix;
import org.apache.commons.math3.linear.ArrayFieldVector;
import org.apache.commons.math3.linear.FieldLUDecomposition;
import org.apache.commons.math3.linear.FieldMatrix;
import org.apache.commons.math3.linear.FieldVector;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a match task's model can only measure on the pair (feature version 3): how the reference follows from the
 * input, stage by stage. Each window's own descriptors say how each piece sounds; these say what turned one into the
 * other, which is the question the model answers (see DESIGN.md, "The learning tasks").
 *
 * <p>In each half-octave band the reference's mid spectrum Y is fitted by least squares as
 * {@code Y = a X + b R + c D}: X the input's mid, R the chain's own reverb response to it, D its own delay line
 * (250 ms, feedback 0.35). The chain is the compressor, then linear stages, so |a| is the band's gain (the EQs and
 * both gains), Re(b / a) the reverb send and Re(c / a) the delay send; the side is fitted the same way, and its
 * |a| over the mid's is the width. The fit cannot explain the compressor, whose gain moves with the music: the
 * reference's level over the fit's prediction in 20 ms blocks is its gain against its mean, and how that falls
 * as a block's peak rises above 0.75 of its program level (where the threshold sits, up to the input gain) shows
 * the knee and the ratio.
 *
 * <p>For two different crops (match other) the band gains still compare the two spectra; the fits of the sends
 * and the compressor find little, and say so by their residual.
 */
final class PairSignatures {

    static final double LOWEST_HZ = 40;
    /** Half-octave bands from {@link #LOWEST_HZ}: 40 Hz to 20.5 kHz. */
    static final int BANDS = 18;
    static final double[][] RANGES_HZ = {{125, 500}, {500, 2000}, {2000, 8000}};
    static final double GAIN_LIMIT_DB = 60;
    static final double SEND_LIMIT = 4;
    static final double BLOCK_MS = 20;
    /** Where the compressor's gain is fitted to bend: block peak less 0.75 of the program level, dB. */
    static final double[] HINGES_DB = {-9, -6, -3, 0, 3, 6, 9};
    /** Blocks where the window's Hann taper is below this are left out of the gain trajectory (too little signal). */
    static final double MIN_TAPER = 0.25;
    static final double SILENT_DBFS = -70;

    static final List<String> DOCS;

    static {
        List<String> d = new ArrayList<>();
        for (int b = 0; b < BANDS; b++) {
            d.add("pair_gain_" + Math.round(bandLowHz(b)) + "_hz_db: |a| in dB of the least-squares fit Y = a X + b R + c D of the "
                    + "reference's mid spectrum in the half octave from " + Math.round(bandLowHz(b)) + " Hz (X the input's mid, R the "
                    + "chain's reverb response to it, D its delay line); 0 where the input is silent or above Nyquist (EQs, gains)");
        }
        String[] ranges = new String[RANGES_HZ.length];
        for (int r = 0; r < ranges.length; r++) ranges[r] = (int) RANGES_HZ[r][0] + "_" + (int) RANGES_HZ[r][1] + "_hz";
        for (String range : ranges) {
            d.add("pair_reverb_" + range + ": Re(b / a) of the mid fits in the half octaves of " + range.replace('_', ' ')
                    + ", weighted by the reverb response's energy; within +-" + (int) SEND_LIMIT + " (reverb send)");
        }
        for (String range : ranges) {
            d.add("pair_delay_" + range + ": Re(c / a) of the mid fits, weighted by the delay line's energy (delay send)");
        }
        for (String range : ranges) {
            d.add("pair_width_" + range + ": |a| of the side fit over |a| of the mid fit, weighted by the input's side energy; "
                    + "0 ... " + (int) SEND_LIMIT + " (stereo width)");
        }
        for (String range : ranges) {
            d.add("pair_reverb_side_" + range + ": Re(b / a) with b of the side fit (the reverb's side, made from the mid) and a of "
                    + "the mid fit: width times the reverb send (reverb send, width)");
        }
        for (String range : ranges) {
            d.add("pair_residual_" + range + "_db: energy of the mid fits' residual over the reference's mid energy, dB, -60 ... 0: "
                    + "what no linear stage explains (compressor; another crop)");
        }
        for (String p : new String[] {"p10", "p50", "p90"}) {
            d.add("pair_block_gain_" + p + "_db: " + p + " of the reference's level over the fit's prediction in " + (int) BLOCK_MS
                    + " ms blocks, dB: the compressor's gain against its mean (compressor)");
        }
        d.add("pair_block_gain_std_db: standard deviation of those block gains (compressor ratio)");
        for (String p : new String[] {"p10", "p50", "p90"}) {
            d.add("pair_block_overshoot_" + p + "_db: " + p + " of the input's block peak less 0.75 of its program level (one-pole "
                    + (int) FeedbackCompressor.PROGRAM_RMS_MS + " ms mean square, louder channel), dB: where the blocks lie against "
                    + "the compressor's knee (input gain)");
        }
        for (double h : HINGES_DB) {
            d.add("pair_gain_slope_above_" + (h < 0 ? "m" : "p") + (int) Math.abs(h) + "_db: slope of the block gains over the "
                    + "overshoot above " + (int) h + " dB (least squares of gain = u + k max(0, overshoot - " + (int) h + ")), "
                    + "within +-3; 0 with fewer than 4 blocks above (compressor ratio, input gain)");
        }
        DOCS = List.copyOf(d);
    }

    private PairSignatures() {
    }

    static double bandLowHz(int band) {
        return LOWEST_HZ * Math.pow(2, band / 2.0);
    }

    /** The values of {@link #DOCS}, in order, for an input window and a reference window (the shorter length of both). */
    static float[] compute(Audio input, Audio reference) {
        int n = Math.min(input.frames(), reference.frames());
        int rate = input.sampleRateHz();
        float[] out = new float[DOCS.size()];
        if (n < 16) return out;
        float[][] x = input.slice(0, n).midSide(), y = reference.slice(0, n).midSide();
        float[][] wet = ReverbSend.response(x[0], rate);
        float[] reverbMid = new float[n], reverbSide = new float[n];
        for (int i = 0; i < n; i++) {
            reverbMid[i] = 0.5f * (wet[0][i] + wet[1][i]);
            reverbSide[i] = 0.5f * (wet[0][i] - wet[1][i]);
        }
        int lag = DelaySend.delaySamples(rate);
        WholeSpectrum ym = WholeSpectrum.of(y[0], rate, n), ys = WholeSpectrum.of(y[1], rate, n);
        WholeSpectrum[] mid = {WholeSpectrum.of(x[0], rate, n), WholeSpectrum.of(reverbMid, rate, n), WholeSpectrum.of(delayLine(x[0], lag), rate, n)};
        WholeSpectrum[] side = {WholeSpectrum.of(x[1], rate, n), WholeSpectrum.of(reverbSide, rate, n), WholeSpectrum.of(delayLine(x[1], lag), rate, n)};

        Fit[] midFits = new Fit[BANDS], sideFits = new Fit[BANDS];
        for (int b = 0; b < BANDS; b++) {
            int from = firstBin(ym, bandLowHz(b)), to = Math.min(ym.bins() - 1, firstBin(ym, bandLowHz(b + 1)));
            midFits[b] = Fit.of(ym, mid, from, to);
            sideFits[b] = Fit.of(ys, side, from, to);
        }
        int at = 0;
        for (Fit f : midFits) out[at++] = f == null ? 0 : (float) clamp(20 * Math.log10(f.theta[0].abs() + 1e-30), GAIN_LIMIT_DB);
        for (double[] range : RANGES_HZ) out[at++] = (float) pooled(midFits, midFits, range, 1);
        for (double[] range : RANGES_HZ) out[at++] = (float) pooled(midFits, midFits, range, 2);
        for (double[] range : RANGES_HZ) out[at++] = (float) widthIn(midFits, sideFits, range);
        for (double[] range : RANGES_HZ) out[at++] = (float) pooled(sideFits, midFits, range, 1);
        for (double[] range : RANGES_HZ) out[at++] = (float) residualDb(midFits, range);
        for (double v : blockGains(input.slice(0, n), y[0], ym, mid, midFits)) out[at++] = (float) v;
        return out;
    }

    /** d(t) = x(t - N) + 0.35 d(t - N): the delay send's return for a send of 1, from silence. */
    static float[] delayLine(float[] x, int lag) {
        float[] d = new float[x.length];
        for (int i = lag; i < x.length; i++) d[i] = (float) (x[i - lag] + DelaySend.FEEDBACK * d[i - lag]);
        return d;
    }

    private static int firstBin(WholeSpectrum s, double hz) {
        return (int) Math.ceil(hz / s.binHz(1));
    }

    private static double clamp(double v, double limit) {
        return Double.isFinite(v) ? Math.max(-limit, Math.min(limit, v)) : 0;
    }

    /**
     * Re(theta[term] of {@code of} / theta[0] of {@code over}) over the bands inside {@code range}, weighted by the
     * energy that term would bring into the reference at a send of 1 (|theta[0] of over|^2 times its regressor's energy).
     */
    private static double pooled(Fit[] of, Fit[] over, double[] range, int term) {
        double num = 0, den = 0;
        for (int b = 0; b < BANDS; b++) {
            if (of[b] == null || over[b] == null || !inside(b, range)) continue;
            double a2 = over[b].theta[0].abs() * over[b].theta[0].abs();
            if (!(a2 > 0)) continue;
            double w = a2 * of[b].energy[term];
            num += w * of[b].theta[term].divide(over[b].theta[0]).getReal();
            den += w;
        }
        return den > 0 ? clamp(num / den, SEND_LIMIT) : 0;
    }

    private static double widthIn(Fit[] mid, Fit[] side, double[] range) {
        double num = 0, den = 0;
        for (int b = 0; b < BANDS; b++) {
            if (mid[b] == null || side[b] == null || !inside(b, range)) continue;
            double am = mid[b].theta[0].abs();
            if (!(am > 0)) continue;
            double w = am * am * side[b].energy[0];
            num += w * side[b].theta[0].abs() / am;
            den += w;
        }
        return den > 0 ? Math.min(SEND_LIMIT, num / den) : 0;
    }

    private static double residualDb(Fit[] fits, double[] range) {
        double residual = 0, total = 0;
        for (int b = 0; b < BANDS; b++) {
            if (fits[b] == null || !inside(b, range)) continue;
            residual += fits[b].residual;
            total += fits[b].total;
        }
        return total > 0 ? Math.max(-GAIN_LIMIT_DB, Math.min(0, 10 * Math.log10(residual / total + 1e-30))) : 0;
    }

    private static boolean inside(int band, double[] range) {
        double centre = bandLowHz(band + 0.5);
        return centre >= range[0] && centre < range[1];
    }

    private static double bandLowHz(double band) {
        return LOWEST_HZ * Math.pow(2, band / 2.0);
    }

    /**
     * The compressor's trace: the reference's mid over the fits' prediction in {@link #BLOCK_MS} blocks (both as the
     * spectra hold them, Hann-tapered, in the fitted bands), against each block's overshoot, the input's peak less
     * 0.75 of its program level. Percentiles of both, the gains' spread, and the slope above each hinge.
     */
    private static double[] blockGains(Audio input, float[] yMid, WholeSpectrum ym, WholeSpectrum[] regressors, Fit[] fits) {
        int bins = ym.bins();
        double[] yRe = new double[bins], yIm = new double[bins], pRe = new double[bins], pIm = new double[bins];
        for (int b = 0; b < BANDS; b++) {
            if (fits[b] == null) continue;
            for (int k = fits[b].from; k < fits[b].to; k++) {
                yRe[k] = ym.re(k);
                yIm[k] = ym.im(k);
                for (int j = 0; j < regressors.length; j++) {
                    Complex t = fits[b].theta[j];
                    pRe[k] += t.getReal() * regressors[j].re(k) - t.getImaginary() * regressors[j].im(k);
                    pIm[k] += t.getReal() * regressors[j].im(k) + t.getImaginary() * regressors[j].re(k);
                }
            }
        }
        double[] yBand = WholeSpectrum.signal(yRe, yIm), predicted = WholeSpectrum.signal(pRe, pIm);
        int n = yMid.length, rate = input.sampleRateHz();
        int block = Math.max(1, (int) Math.round(BLOCK_MS / 1000 * rate));
        double programCoef = Math.exp(-BLOCK_MS / FeedbackCompressor.PROGRAM_RMS_MS), program = Math.pow(10, FeedbackCompressor.PROGRAM_REFERENCE_DB / 10);
        float[] l = input.left(), r = input.right();
        List<double[]> points = new ArrayList<>(); // {overshoot dB, gain dB}
        for (int start = 0; start + block <= n; start += block) {
            double ey = 0, ep = 0, sl = 0, sr = 0;
            float peak = 0;
            for (int i = start; i < start + block; i++) {
                ey += yBand[i] * yBand[i];
                ep += predicted[i] * predicted[i];
                sl += l[i] * (double) l[i];
                sr += r[i] * (double) r[i];
                peak = Math.max(peak, Math.max(Math.abs(l[i]), Math.abs(r[i])));
            }
            program = programCoef * program + (1 - programCoef) * Math.max(sl, sr) / block;
            double taper = 0.5 - 0.5 * Math.cos(2 * Math.PI * (start + block / 2.0) / n);
            double peakDb = 20 * Math.log10(peak + 1e-10);
            if (taper < MIN_TAPER || peakDb < SILENT_DBFS || !(ey > 0) || !(ep > 0)) continue;
            double programDb = Math.max(FeedbackCompressor.PROGRAM_FLOOR_DB, 10 * Math.log10(program + 1e-20));
            points.add(new double[] {peakDb - FeedbackCompressor.THRESHOLD_TRACKING * programDb, 10 * Math.log10(ey / ep)});
        }
        double[] out = new double[3 + 1 + 3 + HINGES_DB.length];
        if (points.isEmpty()) return out;
        double[] gains = points.stream().mapToDouble(p -> p[1]).sorted().toArray();
        double[] overshoots = points.stream().mapToDouble(p -> p[0]).sorted().toArray();
        int at = 0;
        for (double q : new double[] {0.1, 0.5, 0.9}) out[at++] = clamp(percentile(gains, q), GAIN_LIMIT_DB);
        double mean = Arrays.stream(gains).average().orElse(0);
        out[at++] = clamp(Math.sqrt(Arrays.stream(gains).map(g -> (g - mean) * (g - mean)).average().orElse(0)), GAIN_LIMIT_DB);
        for (double q : new double[] {0.1, 0.5, 0.9}) out[at++] = clamp(percentile(overshoots, q), GAIN_LIMIT_DB);
        for (double hinge : HINGES_DB) out[at++] = clamp(hingeSlope(points, hinge), 3);
        return out;
    }

    private static double percentile(double[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    }

    /** k of the least-squares line gain = u + k max(0, overshoot - hinge); 0 with fewer than 4 points above the hinge. */
    static double hingeSlope(List<double[]> points, double hinge) {
        int above = 0;
        double sh = 0, sg = 0, shh = 0, shg = 0;
        for (double[] p : points) {
            double h = Math.max(0, p[0] - hinge);
            if (h > 0) above++;
            sh += h;
            sg += p[1];
            shh += h * h;
            shg += h * p[1];
        }
        int m = points.size();
        double var = shh - sh * sh / m;
        return above < 4 || !(var > 1e-9) ? 0 : (shg - sh * sg / m) / var;
    }

    /** One band's complex least-squares fit of y on the regressors, bins [from, to), and what it leaves. */
    private record Fit(int from, int to, Complex[] theta, double[] energy, double residual, double total) {

        /** Relative ridge: keeps a band whose reverb or delay regressor is (nearly) silent solvable. */
        static final double RIDGE = 1e-9;

        /** Null where the band is empty or its first regressor (the input) silent. */
        static Fit of(WholeSpectrum y, WholeSpectrum[] a, int from, int to) {
            if (to - from < 2) return null;
            int m = a.length;
            Complex[][] gram = new Complex[m][m];
            Complex[] rhs = new Complex[m];
            double[] energy = new double[m];
            double total = 0;
            double[][] re = new double[m][m], im = new double[m][m];
            double[] rRe = new double[m], rIm = new double[m];
            for (int k = from; k < to; k++) {
                total += y.re(k) * y.re(k) + y.im(k) * y.im(k);
                for (int i = 0; i < m; i++) {
                    double ar = a[i].re(k), ai = a[i].im(k);
                    rRe[i] += ar * y.re(k) + ai * y.im(k); // conj(a_i) y
                    rIm[i] += ar * y.im(k) - ai * y.re(k);
                    for (int j = 0; j < m; j++) {
                        double br = a[j].re(k), bi = a[j].im(k);
                        re[i][j] += ar * br + ai * bi;   // conj(a_i) a_j
                        im[i][j] += ar * bi - ai * br;
                    }
                }
            }
            for (int i = 0; i < m; i++) energy[i] = re[i][i];
            if (!(energy[0] > 0)) return null;
            double trace = 0;
            for (int i = 0; i < m; i++) trace += re[i][i];
            for (int i = 0; i < m; i++) {
                rhs[i] = new Complex(rRe[i], rIm[i]);
                for (int j = 0; j < m; j++) gram[i][j] = new Complex(re[i][j] + (i == j ? RIDGE * trace : 0), im[i][j]);
            }
            FieldMatrix<Complex> g = new Array2DRowFieldMatrix<>(ComplexField.getInstance(), gram);
            FieldVector<Complex> solved = new FieldLUDecomposition<>(g).getSolver().solve(new ArrayFieldVector<>(rhs));
            Complex[] theta = solved.toArray();
            double residual = 0;
            for (int k = from; k < to; k++) {
                double er = y.re(k), ei = y.im(k);
                for (int j = 0; j < m; j++) {
                    er -= theta[j].getReal() * a[j].re(k) - theta[j].getImaginary() * a[j].im(k);
                    ei -= theta[j].getReal() * a[j].im(k) + theta[j].getImaginary() * a[j].re(k);
                }
                residual += er * er + ei * ei;
            }
            return new Fit(from, to, theta, energy, residual, total);
        }
    }
}
