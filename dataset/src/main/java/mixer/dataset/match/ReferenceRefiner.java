package mixer.dataset.match;

import mixer.dsp.Audio;
import mixer.dsp.Renderer;
import mixer.dsp.chain.MixChain;
import mixer.dsp.params.MixSettings;
import mixer.dsp.params.Param;
import org.apache.commons.math3.exception.MathIllegalStateException;
import org.apache.commons.math3.exception.TooManyEvaluationsException;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.SimpleBounds;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Refinement against a reference (issue 15, the match tasks): settings a network predicted are adjusted so that
 * render(x, p) (no limiter) comes as close as it can to the reference y under {@link ReferenceDistance}, by Powell's
 * BOBYQA (derivative-free, bounded) over the normalised settings, each within [0, 1], from the prediction.
 * <ul>
 * <li>The output level is not searched: each trial renders at 0 dB and sets it where the mix's loudness equals the
 * reference's (within its ±12 dB). It is a plain gain after everything, so this is exact. Searched, it trades with
 * the input gain and the EQs along valleys, and the loudness term's crease stalls BOBYQA: on synthetic music, match
 * same, 150 renders, two starts 0.135 and 0.120 off, MAE 0.076 and 0.062 with it searched (even with the crease
 * smoothed), 0.004 and 0.026 with it set by loudness.</li>
 * <li>Stages the chain bypasses at the input's rate ({@link MixChain#bypassedAt}) keep their start values.</li>
 * <li>Unaligned, the input gain, the compressor's ratio and the delay send keep their start values too
 * ({@link #UNALIGNED_HELD}): a time-averaged comparison cannot tell them from the two crops' own differences.
 * Searched from the true settings they went 0.27, 0.06 and 0.19 off (synthetic music, two halves of a track).</li>
 * <li>The excerpt is heard in windows, which is what makes it affordable. Aligned: the first
 * {@value #ALIGNED_SECONDS} s, rendered from frame 0 as the reference was (so the true settings give distance 0),
 * compared in {@value #ALIGNED_PIECES} pieces in parallel. Unaligned: {@value #UNALIGNED_WINDOWS} windows of
 * {@value #UNALIGNED_SECONDS} s spread over the excerpt, each rendered after {@value #UNALIGNED_PRE_ROLL_SECONDS} s
 * of the audio before it (the compressor's program level and the sends warm up), against the profile of the whole
 * reference: a time average needs more audio than a frame-by-frame comparison.</li>
 * <li>Budget in renders, the start's included: {@value #ALIGNED_EVALUATIONS} aligned, {@value #UNALIGNED_EVALUATIONS}
 * unaligned by default. Measured on this machine (2 cores shared with other work, load about 5) for a 30 s stereo
 * excerpt at 44.1 kHz: 5.6 s aligned, 4.0 s unaligned (about 55 and 65 ms a render; 40 ms aligned when the
 * cores were free). {@code ReferenceRefinerProbe}, starts 0.15 off on every setting: match same MAE 0.150 -> 0.042
 * (synthetic) and 0.032 (the dsp module's test FLACs), what is left mostly the input gain and the output level;
 * match other 0.150 -> 0.078 (synthetic; EQs, width 0.02-0.03) and 0.113 (two halves of a 10 s FLAC, whose music
 * differs more than any EQ). More renders help slowly: match same 0.032 in 150, 0.019 in 250 (synthetic).
 * On real rows (the match same ensemble's predictions of 32 validation rows, {@code RefinementValidationProbe},
 * 2026-12-02) BOBYQA used up 100 renders on 31 rows, 0.0971 -> 0.0374, the distance still 0.029 on average where the
 * true settings give 0; 250 renders took it to 0.0273 (0.0972 -> 0.0273), and restarts to 0.0244 (below), hence
 * 250 aligned, at about 2.5 times the time. A longer window (6 s in 3 pieces, 3 times the time) converged better
 * on the first rows but left the same rows off: there the distance is 0.0005 and the MAE 0.07-0.08, settings
 * the audio does not tell apart (an idle compressor leaves input gain and output level one gain).</li>
 * <li>Restarts: when BOBYQA stops with renders left (its trust region shrank around a local minimum or along the
 * flat valley of input gain against output level), it starts again from the best point seen with a fresh trust
 * region, and after a restart that found nothing from there with the input gain moved by
 * {@value #RESTART_INPUT_GAIN_STEP} (alternately up and down), until the renders are spent or the distance is
 * under {@value #CLOSE_ENOUGH}. Validation rows as above at 250: 0.0273 -> 0.0244. Restarts in place of a longer
 * first run (100 + 75 + 75 from the gain moved both ways) measured 0.0300.</li>
 * <li>Never worse than the start under the distance: the start is rendered first and the best point seen is
 * returned, whether BOBYQA converges, runs out of renders or fails.</li>
 * <li>Deterministic: BOBYQA has no randomness and the windows are summed in order.</li>
 * </ul>
 * BOBYQA over CMA-ES: with the same renders CMA-ES measured MAE 0.049 against 0.015 (match same, real music, 150)
 * and 0.085 against 0.058 (match other, synthetic, 100, every setting searched).
 */
public final class ReferenceRefiner {

    public static final int ALIGNED_EVALUATIONS = 250;
    public static final int UNALIGNED_EVALUATIONS = 60;
    static final double ALIGNED_SECONDS = 2;
    static final int ALIGNED_PIECES = 2;
    static final int UNALIGNED_WINDOWS = 3;
    static final double UNALIGNED_SECONDS = 3;
    static final double UNALIGNED_PRE_ROLL_SECONDS = 1;
    /** What a time-averaged comparison cannot tell from the two crops' own differences: kept as the start had them. */
    static final Set<Param> UNALIGNED_HELD = Set.of(Param.INPUT_GAIN_DB, Param.COMP_RATIO, Param.DELAY_SEND);
    /**
     * BOBYQA's first steps, normalised. 0.2 measured better than 0.1 (MAE 0.018 against 0.029, match same, 150
     * renders): the first model spans the error of a prediction. A start closer than this to a bound is moved by
     * BOBYQA; the start itself is still rendered first and kept if nothing beats it.
     */
    static final double INITIAL_RADIUS = 0.2;
    /** BOBYQA stops when its trust region is this small: a tenth of a percent of a range, well under the 0.035 target. */
    static final double STOPPING_RADIUS = 1e-3;
    /**
     * A distance this small ends the search (the true settings give 0 for match same; 1e-4 is under any difference a
     * setting the 0.035 target cares about makes).
     */
    static final double CLOSE_ENOUGH = 1e-4;
    /** How far a restart moves the input gain across its valley with the output level, normalised (3.6 dB on its ±12 dB). */
    static final double RESTART_INPUT_GAIN_STEP = 0.3;

    /**
     * Where the excerpt is heard: {@code count} windows of {@code seconds} spread from its start to its end (one: at
     * frame 0), each rendered from {@code preRollSeconds} before it (not before frame 0), then cut in {@code pieces}
     * to be compared in parallel.
     */
    record Windows(int count, double seconds, double preRollSeconds, int pieces) {
    }

    static final Windows ALIGNED = new Windows(1, ALIGNED_SECONDS, 0, ALIGNED_PIECES);
    static final Windows UNALIGNED = new Windows(UNALIGNED_WINDOWS, UNALIGNED_SECONDS, UNALIGNED_PRE_ROLL_SECONDS, 1);

    /** The outcome: the settings, their distance and the start's (on the windows heard), and the renders spent. */
    public record Refinement(MixSettings settings, double distance, double startDistance, int evaluations) {
    }

    private ReferenceRefiner() {
    }

    /**
     * The settings for {@code input} that bring its mix closest to {@code reference}: aligned when the reference is a
     * render of this very input (match same), unaligned when it is a mix of other audio (match other).
     */
    public static MixSettings refine(Audio input, Audio reference, MixSettings start, boolean aligned) {
        return refine(input, reference, start, aligned, aligned ? ALIGNED_EVALUATIONS : UNALIGNED_EVALUATIONS);
    }

    /** The same with at most {@code maxEvaluations} renders (1: the start is kept). */
    public static MixSettings refine(Audio input, Audio reference, MixSettings start, boolean aligned, int maxEvaluations) {
        return search(input, reference, start, aligned, maxEvaluations).settings();
    }

    /** {@link #refine(Audio, Audio, MixSettings, boolean, int)} with the distances and the renders spent. */
    public static Refinement search(Audio input, Audio reference, MixSettings start, boolean aligned, int maxEvaluations) {
        return search(input, reference, start, aligned, maxEvaluations, aligned ? ALIGNED : UNALIGNED);
    }

    static Refinement search(Audio input, Audio reference, MixSettings start, boolean aligned, int maxEvaluations,
                             Windows windows) {
        return search(input, reference, start, aligned, maxEvaluations, windows, aligned ? Set.of() : UNALIGNED_HELD);
    }

    /** {@link #search(Audio, Audio, MixSettings, boolean, int, Windows)} keeping {@code held} at their start values. */
    static Refinement search(Audio input, Audio reference, MixSettings start, boolean aligned, int maxEvaluations,
                             Windows windows, Set<Param> held) {
        if (input.sampleRateHz() != reference.sampleRateHz()) {
            throw new IllegalArgumentException("the input is " + input.sampleRateHz() + " Hz and the reference "
                    + reference.sampleRateHz() + " Hz; refinement renders the input at its rate and compares");
        }
        if (aligned && input.frames() != reference.frames()) {
            throw new IllegalArgumentException("an aligned reference is a render of the input, as long as it ("
                    + input.frames() + " frames), not " + reference.frames());
        }
        int[][] cuts = cuts(input.frames(), input.sampleRateHz(), windows);
        List<Audio> heard = new ArrayList<>();
        for (int[] c : cuts) heard.add(input.slice(c[0], c[2]));
        ReferenceDistance distance;
        if (aligned) {
            List<Audio> pieces = new ArrayList<>();
            for (int[] c : cuts) pieces.addAll(pieces(reference.slice(c[1], c[2]), windows.pieces()));
            distance = ReferenceDistance.aligned(pieces);
        } else {
            distance = ReferenceDistance.unaligned(List.of(reference));
        }
        return search(heard, cuts, distance, input.sampleRateHz(), start, maxEvaluations, windows.pieces(), held);
    }

    /**
     * The windows of an input of {@code frames} frames that the search toward another song hears ({@link #cuts}: {pre-roll
     * start, window start, window end}), for a caller that reads them from a stream ({@link #refineUnaligned}).
     */
    public static int[][] unalignedCuts(int frames, int rateHz) {
        return cuts(frames, rateHz, UNALIGNED);
    }

    /**
     * {@link #refine(Audio, Audio, MixSettings, boolean)} toward another song, on the input's windows already read
     * ({@code heard[k]}: the input from {@code cuts[k][0]} to {@code cuts[k][2]}, {@link #unalignedCuts}) and on parts of
     * the reference (its whole, or evenly spaced windows of a long one): neither song need be held whole.
     */
    public static MixSettings refineUnaligned(List<Audio> heard, int[][] cuts, List<Audio> referenceParts, MixSettings start) {
        int rate = heard.get(0).sampleRateHz();
        for (Audio r : referenceParts) {
            if (r.sampleRateHz() != rate) {
                throw new IllegalArgumentException("the input is " + rate + " Hz and the reference " + r.sampleRateHz()
                        + " Hz; refinement renders the input at its rate and compares");
            }
        }
        return search(heard, cuts, ReferenceDistance.unaligned(referenceParts), rate, start, UNALIGNED_EVALUATIONS,
                UNALIGNED.pieces(), UNALIGNED_HELD).settings();
    }

    private static Refinement search(List<Audio> heard, int[][] cuts, ReferenceDistance distance, int rateHz, MixSettings start,
                                     int maxEvaluations, int piecesPerWindow, Set<Param> held) {
        if (maxEvaluations < 1) throw new IllegalArgumentException("a refinement renders at least once (the start), not " + maxEvaluations);
        Set<Param> bypassed = MixChain.bypassedAt(rateHz);
        Param[] free = Param.all().stream()
                .filter(p -> p != Param.OUTPUT_LEVEL_DB && !bypassed.contains(p) && !held.contains(p)).toArray(Param[]::new);
        double[] startNormalized = start.normalized();

        Trials trials = new Trials(startNormalized, free, heard, cuts, piecesPerWindow, distance, maxEvaluations);
        double startDistance = trials.distance(start, false); // the start as given, output level included
        double[] lower = new double[free.length], upper = new double[free.length];
        Arrays.fill(upper, 1);
        int inputGain = Arrays.asList(free).indexOf(Param.INPUT_GAIN_DB);
        double[] from = freeValues(startNormalized, free);
        for (int restart = 0; trials.evaluations < maxEvaluations && trials.bestDistance > CLOSE_ENOUGH; restart++) {
            double before = trials.bestDistance;
            int spent = trials.evaluations;
            try {
                // the trials keep the budget; BOBYQA's own limit only has to stay out of their way
                new BOBYQAOptimizer(2 * free.length + 1, INITIAL_RADIUS, STOPPING_RADIUS).optimize(
                        new MaxEval(Integer.MAX_VALUE), new ObjectiveFunction(trials::distance), GoalType.MINIMIZE,
                        new InitialGuess(from), new SimpleBounds(lower, upper));
            } catch (MathIllegalStateException e) {
                // renders spent (TooManyEvaluationsException) or BOBYQA stuck: the best point seen stands
            }
            if (trials.evaluations == spent) break; // BOBYQA refused to start: nothing more to learn
            // BOBYQA stopped with renders left, in a local minimum or on a flat valley: again from the best point seen,
            // with a fresh trust region; after a restart that found nothing, across the valley of input gain against
            // output level (the compressor hears a quarter of the input gain), alternately up and down
            from = freeValues(trials.best.normalized(), free);
            if (trials.bestDistance >= before && inputGain >= 0) {
                double step = restart % 2 == 0 ? RESTART_INPUT_GAIN_STEP : -RESTART_INPUT_GAIN_STEP;
                from[inputGain] = clamp(from[inputGain] + (from[inputGain] + step > 1 || from[inputGain] + step < 0 ? -step : step));
            }
        }
        boolean improved = trials.bestDistance < startDistance;
        return new Refinement(improved ? trials.best : start, improved ? trials.bestDistance : startDistance,
                startDistance, trials.evaluations);
    }

    /** Renders and measures trial settings, counting the renders and remembering the best seen. */
    private static final class Trials {
        private final double[] startNormalized;
        private final Param[] free;
        private final List<Audio> heard;
        private final int[][] cuts;
        private final int piecesPerWindow;
        private final ReferenceDistance distance;
        private final int budget;
        MixSettings best;
        double bestDistance = Double.POSITIVE_INFINITY;
        int evaluations;

        Trials(double[] startNormalized, Param[] free, List<Audio> heard, int[][] cuts, int piecesPerWindow,
               ReferenceDistance distance, int budget) {
            this.piecesPerWindow = piecesPerWindow;
            this.startNormalized = startNormalized;
            this.free = free;
            this.heard = heard;
            this.cuts = cuts;
            this.distance = distance;
            this.budget = budget;
        }

        /** BOBYQA's point: the free settings, normalised; the others as they started, the output level by loudness. */
        double distance(double[] x) {
            double[] n = startNormalized.clone();
            for (int i = 0; i < free.length; i++) n[free[i].ordinal()] = clamp(x[i]);
            return distance(MixSettings.ofNormalized(n), true);
        }

        double distance(MixSettings settings, boolean levelByLoudness) {
            if (evaluations >= budget) throw new TooManyEvaluationsException(budget);
            evaluations++;
            MixSettings rendered = levelByLoudness ? settings.with(Param.OUTPUT_LEVEL_DB, 0) : settings;
            Audio[] mix = new Audio[heard.size()];
            IntStream.range(0, mix.length).parallel().forEach(i -> { // a chain of its own for each window
                Audio r = Renderer.render(heard.get(i), rendered, false);
                mix[i] = r.slice(cuts[i][1] - cuts[i][0], r.frames()); // the pre-roll dropped
            });
            List<Audio> pieces = new ArrayList<>();
            for (Audio a : mix) pieces.addAll(pieces(a, piecesPerWindow));
            double lufs = ReferenceDistance.lufs(pieces);
            if (levelByLoudness) {
                Param out = Param.OUTPUT_LEVEL_DB;
                double gainDb = out.clamp(distance.referenceLufs() - lufs);
                float gain = (float) Math.pow(10, gainDb / 20);
                for (Audio a : pieces) for (float[] channel : a.stereo()) for (int i = 0; i < channel.length; i++) channel[i] *= gain;
                settings = settings.with(out, gainDb);
                lufs += gainDb; // BS.1770 loudness moves with a gain, dB for dB
            }
            double d = distance.to(pieces, lufs);
            if (d < bestDistance) {
                bestDistance = d;
                best = settings;
            }
            return d;
        }
    }

    /**
     * The windows as {pre-roll start, window start, window end} frames; an excerpt no longer than the windows
     * together is heard whole.
     */
    static int[][] cuts(int frames, int rate, Windows w) {
        int length = (int) Math.round(w.seconds() * rate), preRoll = (int) Math.round(w.preRollSeconds() * rate);
        if ((long) length * w.count() >= frames) return new int[][] {{0, 0, frames}};
        int[][] out = new int[w.count()][];
        for (int k = 0; k < w.count(); k++) {
            int from = w.count() == 1 ? 0 : (int) ((long) (frames - length) * k / (w.count() - 1));
            out[k] = new int[] {Math.max(0, from - preRoll), from, from + length};
        }
        return out;
    }

    /** {@code a} cut in {@code n} pieces of equal length (the last takes the remainder). */
    static List<Audio> pieces(Audio a, int n) {
        n = Math.max(1, Math.min(n, a.frames() / (a.sampleRateHz() / 2))); // pieces of at least 0.5 s: loudness needs 0.4 s
        List<Audio> out = new ArrayList<>();
        for (int k = 0; k < n; k++) out.add(a.slice((int) ((long) a.frames() * k / n), (int) ((long) a.frames() * (k + 1) / n)));
        return out;
    }

    /** BOBYQA's point for normalised settings: the free ones, each within [0, 1]. */
    private static double[] freeValues(double[] normalized, Param[] free) {
        double[] x = new double[free.length];
        for (int i = 0; i < free.length; i++) x[i] = clamp(normalized[free[i].ordinal()]);
        return x;
    }

    private static double clamp(double v) {
        return Math.min(1, Math.max(0, v));
    }
}
