package mixer.dataset.match;

import mixer.dsp.Audio;
import mixer.dsp.AudioSpec;
import mixer.dsp.Pipeline;
import mixer.dsp.chain.MixChain;
import mixer.dsp.params.MixSettings;
import mixer.dsp.params.Param;
import mixer.dsp.stages.DelaySend;
import mixer.dsp.stages.ReverbSend;
import org.apache.commons.math3.exception.MathIllegalStateException;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.DecompositionSolver;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.SimpleBounds;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;

import java.util.EnumSet;
import java.util.Set;

/**
 * The other half of match same's second stage: the EQs, the sends, the width and the output level, read from a pair of
 * one crop given its gain structure ({@link GainStructure}).
 *
 * <p>Why it can be read: everything after the compressor is linear and time-invariant. With {@code c} the raw crop after
 * the input gain and the compressor, and {@code e = EQ(c)}, the chain makes
 * {@code mid(y) = out (1 + d D)(m_e + r Rm(m_e))} and {@code side(y) = out w (1 + d D)(s_e + r Rs(m_e))}, with
 * {@code D} the echo ({@link DelaySend}), {@code Rm}, {@code Rs} the fixed reverb's mid and side response to the mid
 * ({@link ReverbSend#response}), {@code r}, {@code d} the sends and {@code w} the width. Filters commute, so the four
 * signals {@code c, R(mid c), D(c), D(R(mid c))} are made once; for trial EQ gains each is filtered by the EQs, and the
 * mix's mid and side are then linear in four coefficients each ({@code out, out r, out d, out r d}, times {@code w} for
 * the side): least squares gives them, and the EQ gains are searched (BOBYQA from the network's) to make the residual
 * least. Every signal is first whitened by one fixed filter (linear prediction of the crop's mid): also linear and
 * time-invariant, so the model still holds, and the air band (12 kHz) weighs in the residual as much as the lows.
 *
 * <p>The first seconds of sound are heard as for the gain structure (rendered from the pair's first frame, as the mix
 * was). A stage the rate bypasses (the air shelf at 24 kHz and below) leaves its gain where the network put it.
 * Deterministic.
 */
public final class LinearStages {

    /** The chain's EQs, from the chain (a filter added to it is fitted here too, not soaked up by the others). */
    static final Param[] EQS = MixChain.filters().toArray(Param[]::new);
    private static final Set<Param> EQ_STAGES = EnumSet.copyOf(MixChain.filters());
    /** Order of the whitening filter (linear prediction of the crop's mid). */
    static final int WHITENING_ORDER = 32;
    /** Added to the mid's power at lag 0 before the prediction: the whitening lifts no band by more than ~40 dB. */
    static final double WHITENING_FLOOR = 1e-4;
    /** BOBYQA's first and last trust region (normalised EQ gain): a network's errors are a few hundredths. */
    static final double INITIAL_RADIUS = 0.05, STOPPING_RADIUS = 1e-3;
    static final int EVALUATIONS = 60;
    /** Seconds of sound heard: 3 read the settings as well as 6 (SecondStageProbe, 8 tracks: 0.0063 against 0.0065) in half the time. */
    static final double SECONDS = 3;
    /** Residual added per unit of normalised distance from the network's EQ gains: breaks ties only. */
    static final double PULL = 1e-6;
    /** A take whose dry side has less energy than this share of its mid's is mono (what the reader makes of one channel). */
    static final double MONO = 1e-6;

    private LinearStages() {
    }

    /**
     * {@code settings} (its input gain and ratio taken as the truth) with its EQs, sends, width and output level read
     * from the pair; unchanged when the pair has no sound above the gate.
     */
    public static MixSettings estimate(Audio raw, Audio mixed, MixSettings settings) {
        return estimate(raw, mixed, settings, SECONDS);
    }

    static MixSettings estimate(Audio raw, Audio mixed, MixSettings settings, double seconds) {
        int[] heard = GainStructure.heardFrames(raw, mixed, seconds);
        if (heard == null) return settings;
        Fit fit = new Fit(raw.slice(0, heard[1]), mixed.slice(0, heard[1]), heard[0], settings);
        double[] start = new double[EQS.length], lower = new double[EQS.length], upper = new double[EQS.length];
        for (int k = 0; k < EQS.length; k++) {
            start[k] = settings.normalized(EQS[k]);
            upper[k] = 1;
        }
        double[] best;
        try {
            PointValuePair p = new BOBYQAOptimizer(2 * EQS.length + 1, INITIAL_RADIUS, STOPPING_RADIUS).optimize(new MaxEval(EVALUATIONS),
                    new ObjectiveFunction(fit::score), GoalType.MINIMIZE, new InitialGuess(start), new SimpleBounds(lower, upper));
            best = p.getPoint();
        } catch (MathIllegalStateException e) { // trials spent: the best point so far stands
            best = fit.bestPoint;
        }
        return fit.settings(best);
    }

    /** One pair: the eight signals whitened, in mid and side, their normal equations, and the mix whitened. */
    private static final class Fit {
        private final MixSettings settings;
        private final int from;
        private final AudioSpec spec;
        private final double[][] mids = new double[4][], sides = new double[4][]; // over [from, end)
        private final DecompositionSolver midSolver, sideSolver;                   // their normal equations; null if singular
        private final boolean stereo;
        private final float[][] mix;                                               // (mid, side), whitened, from frame 0
        private double[] bestPoint;
        private double bestScore = Double.MAX_VALUE;

        Fit(Audio raw, Audio mixed, int from, MixSettings settings) {
            this.settings = settings;
            this.from = from;
            spec = raw.spec();
            Audio c = Pipeline.process(raw, MixChain.only(settings, EnumSet.of(Param.INPUT_GAIN_DB, Param.COMP_RATIO)));
            float[] mid = c.midSide()[0];
            double[] whitening = whitening(mid, from);
            Audio dry = filter(c, whitening), wet = filter(new Audio(ReverbSend.response(mid, raw.sampleRateHz()), raw.sampleRateHz()), whitening);
            Audio[] signals = {dry, wet, echo(dry), echo(wet)};
            for (int k = 0; k < 4; k++) {
                float[][] ms = signals[k].midSide();
                mids[k] = toDouble(ms[0], from);
                sides[k] = toDouble(ms[1], from);
            }
            midSolver = solver(mids);
            // a mono take has no dry side: its width is not heard (the reverb's side alone would say little), so the
            // side is left out and the network's width stays
            stereo = dot(sides[0], sides[0]) > MONO * dot(mids[0], mids[0]);
            sideSolver = stereo ? solver(sides) : null;
            mix = filter(mixed, whitening).midSide();
        }

        /**
         * How much of the mix, its trial EQs undone, the four signals leave unexplained (a share of its energy): the EQs
         * are undone on the mix (their inverses are exact) rather than done on the four signals, so a trial filters one
         * pair, not four, and the normal equations are solved once.
         */
        double score(double[] eq) {
            double[][] target = undone(eq);
            double[] m = fitted(midSolver, mids, target[0]), s = stereo ? fitted(sideSolver, sides, target[1]) : new double[6];
            double energy = m[5] + s[5], pull = 0;
            for (int k = 0; k < EQS.length; k++) pull += Math.abs(eq[k] - settings.normalized(EQS[k]));
            double score = (m[4] + s[4]) / Math.max(energy, Double.MIN_NORMAL) + PULL * pull;
            if (score < bestScore) {
                bestScore = score;
                bestPoint = eq.clone();
            }
            return score;
        }

        MixSettings settings(double[] eq) {
            double[][] target = undone(eq);
            double[] a = fitted(midSolver, mids, target[0]), b = sideSolver == null ? null : fitted(sideSolver, sides, target[1]);
            MixSettings out = settings;
            Set<Param> bypassed = MixChain.bypassedAt(spec.sampleRateHz()); // nothing heard of them: the network's stay
            for (int k = 0; k < EQS.length; k++) if (!bypassed.contains(EQS[k])) out = out.with(EQS[k], EQS[k].toPhysical(eq[k]));
            if (!(a[0] > 0)) return out; // no level to read: the rest stays the network's
            out = out.with(Param.OUTPUT_LEVEL_DB, Param.OUTPUT_LEVEL_DB.clamp(20 * Math.log10(a[0])))
                    .with(Param.REVERB_SEND, Param.REVERB_SEND.clamp(a[1] / a[0]))
                    .with(Param.DELAY_SEND, Param.DELAY_SEND.clamp(a[2] / a[0]));
            return b == null ? out : out.with(Param.STEREO_WIDTH, Param.STEREO_WIDTH.clamp(b[0] / a[0]));
        }

        /** The mix's whitened mid and side over [from, end) with the trial EQs undone (run from frame 0). */
        private double[][] undone(double[] eq) {
            MixSettings s = settings;
            for (int k = 0; k < EQS.length; k++) s = s.with(EQS[k], EQS[k].toPhysical(Math.max(0, Math.min(1, eq[k]))));
            MixChain inverse = MixChain.only(s, EQ_STAGES).inverse();
            float[][] pair = {mix[0].clone(), mix[1].clone()};
            inverse.prepare(spec);
            inverse.process(pair);
            return new double[][] {toDouble(pair[0], from), toDouble(pair[1], from)};
        }
    }

    /** The normal equations of four columns, solved once for every target; null where they are singular. */
    private static DecompositionSolver solver(double[][] columns) {
        double[][] gram = new double[4][4];
        for (int i = 0; i < 4; i++) for (int j = i; j < 4; j++) gram[i][j] = gram[j][i] = dot(columns[i], columns[j]);
        DecompositionSolver solver = new LUDecomposition(MatrixUtils.createRealMatrix(gram), Double.MIN_NORMAL).getSolver();
        return solver.isNonSingular() ? solver : null;
    }

    /**
     * The four coefficients that best match the target, the residual energy and the target's energy: {a0..a3, residual,
     * energy}; zero coefficients where the columns are singular.
     */
    private static double[] fitted(DecompositionSolver solver, double[][] columns, double[] target) {
        double[] c0 = columns[0], c1 = columns[1], c2 = columns[2], c3 = columns[3];
        double r0 = 0, r1 = 0, r2 = 0, r3 = 0, energy = 0;
        for (int t = 0; t < target.length; t++) { // one pass for every product: a search calls this twice a trial
            double y = target[t];
            r0 += c0[t] * y;
            r1 += c1[t] * y;
            r2 += c2[t] * y;
            r3 += c3[t] * y;
            energy += y * y;
        }
        double[] out = new double[6];
        out[5] = energy;
        if (solver == null) {
            out[4] = energy;
            return out;
        }
        double[] x = solver.solve(MatrixUtils.createRealVector(new double[] {r0, r1, r2, r3})).toArray();
        System.arraycopy(x, 0, out, 0, 4);
        out[4] = Math.max(0, energy - (x[0] * r0 + x[1] * r1 + x[2] * r2 + x[3] * r3));
        return out;
    }

    /** The echo {@code D} alone: a send of 1 would add it whole, so take it as (send's output - input) / send. */
    static Audio echo(Audio x) {
        Audio y = Pipeline.process(x, new DelaySend(DelaySend.MAX_SEND));
        for (int ch = 0; ch < 2; ch++) {
            float[] a = x.stereo()[ch], b = y.stereo()[ch];
            for (int i = 0; i < a.length; i++) b[i] = (float) ((b[i] - (double) a[i]) / DelaySend.MAX_SEND);
        }
        return y;
    }

    /** The prediction-error filter {1, -a1, ..., -ap} of the signal from {@code from} on (Levinson-Durbin). */
    static double[] whitening(float[] x, int from) {
        int p = WHITENING_ORDER;
        double[] r = new double[p + 1];
        for (int lag = 0; lag <= p; lag++) {
            double s = 0;
            for (int i = from + lag; i < x.length; i++) s += x[i] * (double) x[i - lag];
            r[lag] = s;
        }
        if (!(r[0] > 0)) return new double[] {1};
        r[0] *= 1 + WHITENING_FLOOR;
        double[] a = new double[p + 1];
        a[0] = 1;
        double error = r[0];
        for (int i = 1; i <= p; i++) {
            double acc = r[i];
            for (int j = 1; j < i; j++) acc += a[j] * r[i - j];
            double k = -acc / error;
            double[] prev = a.clone();
            for (int j = 1; j < i; j++) a[j] = prev[j] + k * prev[i - j];
            a[i] = k;
            error *= 1 - k * k;
        }
        return a;
    }

    /** The FIR {@code h} over both channels, from the first frame. */
    static Audio filter(Audio x, double[] h) {
        float[][] out = new float[2][x.frames()];
        for (int ch = 0; ch < 2; ch++) {
            float[] in = x.stereo()[ch];
            for (int i = 0; i < in.length; i++) {
                double s = 0;
                for (int j = 0, n = Math.min(h.length, i + 1); j < n; j++) s += h[j] * in[i - j];
                out[ch][i] = (float) s;
            }
        }
        return new Audio(out, x.sampleRateHz());
    }

    private static double[] toDouble(float[] x, int from) {
        double[] out = new double[x.length - from];
        for (int i = 0; i < out.length; i++) out[i] = x[from + i];
        return out;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }
}
