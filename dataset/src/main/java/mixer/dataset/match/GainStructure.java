package mixer.dataset.match;

import mixer.dataset.SettingsSampler;
import mixer.dsp.Audio;
import mixer.dsp.Pipeline;
import mixer.dsp.chain.MixChain;
import mixer.dsp.params.MixSettings;
import mixer.dsp.params.Param;
import mixer.dsp.stages.FeedbackCompressor;
import org.apache.commons.math3.exception.MathIllegalStateException;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.SimpleBounds;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Half of match same's second stage ({@link SecondStage}): the input gain, the compressor's ratio and the output level
 * of a pair of one crop, read from the compressor's own gain, given settings for the stages after it.
 *
 * <p>Why: a network hears the level of the mix well but not how much of it went in before the compressor (its
 * threshold follows the program level, so a quarter of the input gain reaches it): its input-gain and output-level
 * errors are opposite (RESULTS.md). The pair shows the compressor's gain directly once the stages after it are undone:
 * with the network's EQs, sends and width, {@code z = inverse of those stages (mix)} is close to
 * {@code out * compressor(in * raw)}, and the chain's own compressor run on the raw crop at a trial input gain and
 * ratio gives the same gain trajectory up to the output level only at the true pair. A trial computes the compressor's
 * gains alone ({@link FeedbackCompressor#gains}: the louder channel is all it hears) from the pair's first frame (the
 * mix was rendered from there, so the compressor starts alike) to a few seconds after its sound begins.
 *
 * <p>Measured ({@code GainStructureProbe}, 24 training tracks of the default corpus, 10 s crops, settings drawn as for
 * the dataset, the later stages the truth with Gaussian noise of 0.04 as a network's, the gain structure started at
 * the middle): input gain 0.024, ratio 0.041, output level 0.033 (the middle's 0.278, 0.241, 0.233; the networks reach
 * 0.17, 0.14, 0.15). What is left: a compressor that barely acts (ratio near 1, or music under its threshold) leaves
 * the input gain unheard, and there the network's value stays. Hearing 10 s instead of 6, or a grid twice as fine,
 * gained nothing (0.026 / 0.049 / 0.035; 0.025 / 0.042 / 0.031). After seconds of silence the threshold sits at its
 * floor when the music begins, and input gains above the true one come within a few hundredths of a dB of it
 * (synthetic music after a 10 s silence, the later stages exact: 0.045 dB at +12 dB against 0 at the true +4.8 dB,
 * whose valley the grid misses): there the input gain is heard poorly.
 *
 * <p>The score of a trial is the mean absolute difference of 10 ms block levels (dB) between z and the trial, after
 * the output level that best aligns them (their median difference); a search over a grid of input gain x ratio,
 * polished by BOBYQA. Where the compressor never acts every trial scores alike: a small pull toward the network's
 * values ({@link #PULL_DB}) keeps them there. Deterministic.
 */
public final class GainStructure {

    /**
     * How much of the pair is heard and how hard the search looks.
     *
     * @param seconds            of the pair's sound heard (from its first block above the gate)
     * @param inputGainSteps     grid steps over the normalised input gain; 0: no grid, BOBYQA from the settings given alone
     *                           (a second pass, once the later stages are read: {@link #POLISH})
     * @param ratioSteps         grid steps over the normalised ratio
     * @param polishEvaluations  trials BOBYQA may spend polishing each of the best grid points
     */
    record Search(double seconds, int inputGainSteps, int ratioSteps, int polishEvaluations) {
    }

    /** The default search (see {@code GainStructureProbe} for what the others measured). */
    static final Search SEARCH = new Search(6, 16, 8, 40);
    /**
     * The first pass of {@link SecondStage}: a grid half as fine, as good once polished again after the later stages are
     * read (SecondStageProbe: 0.0038 against 0.0041 over all ten settings) in two thirds of the time.
     */
    static final Search COARSE = new Search(6, 8, 4, 40);
    /** The second pass of {@link SecondStage}: the first's answer polished with better later stages. */
    static final Search POLISH = new Search(6, 0, 0, 40);
    static final double BLOCK_MS = 10;
    /** Blocks of the raw crop quieter than this do not count (dBFS, mean square of both channels). */
    static final double GATE_DB = -60;
    /** Grid points BOBYQA starts from, best first. */
    static final int POLISH_STARTS = 3;
    /** Score added per unit of normalised distance from the network's input gain and ratio (dB): breaks ties only. */
    static final double PULL_DB = 1e-3;

    /** The stages after the compressor but the output level (a gain: the median difference finds it). */
    static final Set<Param> LATER_STAGES = EnumSet.complementOf(EnumSet.of(Param.INPUT_GAIN_DB, Param.COMP_RATIO, Param.OUTPUT_LEVEL_DB));

    private GainStructure() {
    }

    /**
     * {@code predicted} with its input gain, ratio and output level read from the pair; unchanged when the pair has
     * no block above the gate.
     */
    public static MixSettings estimate(Audio raw, Audio mixed, MixSettings predicted) {
        return estimate(raw, mixed, predicted, SEARCH);
    }

    static MixSettings estimate(Audio raw, Audio mixed, MixSettings predicted, Search search) {
        int[] sound = heardFrames(raw, mixed, search.seconds());
        if (sound == null) return predicted;
        int frames = sound[1], block = blockFrames(raw);
        double[] rawLevels = blockLevelsDb(raw, frames, block);
        Audio x = raw.slice(0, frames);
        double[] target = blockLevelsDb(laterStagesUndone(mixed.slice(0, frames), predicted), frames, block);
        boolean[] heard = new boolean[target.length];
        int count = 0;
        for (int b = 0; b < heard.length; b++) {
            heard[b] = rawLevels[b] > GATE_DB && Double.isFinite(target[b]);
            if (heard[b]) count++;
        }
        if (count == 0) return predicted;
        Trial trial = new Trial(x, target, heard, predicted);

        // the grid, then BOBYQA from each of its best few points: after a quiet stretch the threshold sits at its floor
        // and a louder input gain with another ratio can come close, so the best grid point may lie in the wrong valley
        List<double[]> grid = new ArrayList<>();
        if (search.inputGainSteps() == 0) { // a second pass: from the settings given alone
            double g = predicted.normalized(Param.INPUT_GAIN_DB), q = predicted.normalized(Param.COMP_RATIO);
            grid.add(new double[] {g, q, trial.score(g, q)});
        } else {
            for (int i = 0; i <= search.inputGainSteps(); i++) {
                for (int r = 0; r <= search.ratioSteps(); r++) {
                    double g = (double) i / search.inputGainSteps(), q = (double) r / search.ratioSteps();
                    grid.add(new double[] {g, q, trial.score(g, q)});
                }
            }
        }
        // BOBYQA's first trust region: half a grid step, and no wider than half a step of the default grid, so that a
        // coarse grid (or none) is polished as finely as the default one (what SecondStageProbe measured)
        double radius = 0.5 / Math.max(search.inputGainSteps(), SEARCH.inputGainSteps());
        grid.sort(Comparator.comparingDouble(v -> v[2]));
        double[] best = grid.get(0);
        for (double[] start : grid.subList(0, Math.min(POLISH_STARTS, grid.size()))) {
            try {
                PointValuePair p = new BOBYQAOptimizer(5, radius, 1e-4).optimize(new MaxEval(search.polishEvaluations()),
                        new ObjectiveFunction(v -> trial.score(v[0], v[1])), GoalType.MINIMIZE, new InitialGuess(new double[] {start[0], start[1]}),
                        new SimpleBounds(new double[] {0, 0}, new double[] {1, 1}));
                if (p.getValue() < best[2]) best = new double[] {p.getPoint()[0], p.getPoint()[1], p.getValue()};
            } catch (MathIllegalStateException e) { // trials spent: the best point so far stands
            }
        }
        return trial.settings(best[0], best[1]);
    }

    /**
     * How much the gain reduction of the chain's compressor, with {@code settings}' input gain and ratio, varies over the
     * part of the raw take a second stage hears (dB, its largest less its smallest); 0 when nothing is heard. Only a
     * changing reduction shows how the level splits between input gain and output level: where it barely changes
     * (the compressor idle, or holding a steady reduction) the pair shows them as their sum, and any split mixes alike.
     */
    public static double reductionRangeDb(Audio raw, Audio mixed, MixSettings settings) {
        int[] sound = heardFrames(raw, mixed, SEARCH.seconds());
        if (sound == null) return 0;
        Audio x = raw.slice(0, sound[1]);
        float[] louder = FeedbackCompressor.louder(x);
        double[] gains = new double[louder.length];
        FeedbackCompressor.gains(louder, settings.get(Param.INPUT_GAIN_DB), settings.get(Param.COMP_RATIO), x.sampleRateHz(), gains);
        double least = Double.MAX_VALUE, most = 0;
        for (int i = sound[0]; i < sound[1]; i++) {
            least = Math.min(least, gains[i]);
            most = Math.max(most, gains[i]);
        }
        return 20 * Math.log10(most / least);
    }

    /** One pair and the network's settings: trial input gains and ratios scored against the mix's compressor gain. */
    private static final class Trial {
        private final float[] louder;   // max(|l|, |r|) of the raw crop: all the compressor hears
        private final double[] power;   // l^2 + r^2 of the raw crop
        private final int rate, block;
        private final double[] target;
        private final boolean[] heard;
        private final MixSettings predicted;
        private final double[] gains;

        Trial(Audio x, double[] target, boolean[] heard, MixSettings predicted) {
            int n = x.frames();
            louder = FeedbackCompressor.louder(x);
            power = new double[n];
            float[] l = x.left(), r = x.right();
            for (int i = 0; i < n; i++) power[i] = l[i] * (double) l[i] + r[i] * (double) r[i];
            rate = x.sampleRateHz();
            block = blockFrames(x);
            this.target = target;
            this.heard = heard;
            this.predicted = predicted;
            gains = new double[n];
        }

        /**
         * The differences (target - trial, dB) of the heard blocks at a normalised input gain and ratio: the trial is the
         * raw crop after the input gain and the compressor ({@link FeedbackCompressor#gains}, the render's gains without
         * rendering both channels).
         */
        double[] differences(double gain, double ratio) {
            double gainDb = Param.INPUT_GAIN_DB.toPhysical(gain);
            FeedbackCompressor.gains(louder, gainDb, Param.COMP_RATIO.toPhysical(ratio), rate, gains);
            double offsetDb = gainDb - 10 * Math.log10(2.0 * block);
            double[] d = new double[target.length];
            int n = 0;
            for (int b = 0; b < target.length; b++) {
                if (!heard[b]) continue;
                double s = 0;
                for (int i = b * block; i < (b + 1) * block; i++) s += gains[i] * gains[i] * power[i];
                double level = 10 * Math.log10(s) + offsetDb;
                if (Double.isFinite(level)) d[n++] = target[b] - level;
            }
            return Arrays.copyOf(d, n);
        }

        /** The output level (dB) that aligns the trial with the target: the median difference, within its range. */
        static double outputLevelDb(double[] d) {
            if (d.length == 0) return 0;
            double[] s = d.clone();
            Arrays.sort(s);
            double m = s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
            return Param.OUTPUT_LEVEL_DB.clamp(m);
        }

        double score(double gain, double ratio) {
            double[] d = differences(gain, ratio);
            if (d.length == 0) return Double.MAX_VALUE;
            double out = outputLevelDb(d), sum = 0;
            for (double v : d) sum += Math.abs(v - out);
            double pull = Math.abs(gain - predicted.normalized(Param.INPUT_GAIN_DB))
                    + Math.abs(ratio - predicted.normalized(Param.COMP_RATIO));
            return sum / d.length + PULL_DB * pull;
        }

        MixSettings settings(double gain, double ratio) {
            double out = outputLevelDb(differences(gain, ratio));
            return predicted.with(Param.INPUT_GAIN_DB, Param.INPUT_GAIN_DB.toPhysical(gain))
                    .with(Param.COMP_RATIO, Param.COMP_RATIO.toPhysical(ratio))
                    .with(Param.OUTPUT_LEVEL_DB, out);
        }
    }

    /**
     * The mix with the stages after the compressor undone (EQs, sends, width; not the output level): close to
     * {@code out * compressor(in * raw)} when {@code settings} has them right. A width under the smallest the dataset
     * draws ({@link SettingsSampler#MIN_WIDTH}) is undone as that width: near 0 the side has no inverse.
     */
    static Audio laterStagesUndone(Audio mixed, MixSettings settings) {
        double minWidth = SettingsSampler.MIN_WIDTH;
        MixSettings undone = settings.get(Param.STEREO_WIDTH) >= minWidth ? settings : settings.with(Param.STEREO_WIDTH, minWidth);
        return Pipeline.process(mixed, MixChain.only(undone, LATER_STAGES).inverse());
    }

    /**
     * The frames a second stage hears: {@code {first, end}}, from the first block of the raw take above the gate (a quiet
     * intro tells nothing) to {@code seconds} after it, within both takes; {@code null} when no block is above the gate.
     * The stage renders from frame 0, as the mix was.
     */
    static int[] heardFrames(Audio raw, Audio mixed, double seconds) {
        int length = Math.min(raw.frames(), mixed.frames()), block = blockFrames(raw);
        double[] levels = blockLevelsDb(raw, length, block);
        int first = 0;
        while (first < levels.length && levels[first] <= GATE_DB) first++;
        if (first == levels.length) return null;
        return new int[] {first * block, (int) Math.min(length, (long) first * block + Math.round(seconds * raw.sampleRateHz()))};
    }

    private static int blockFrames(Audio a) {
        return Math.max(1, (int) Math.round(BLOCK_MS / 1000 * a.sampleRateHz()));
    }

    /** Level of each whole block of the first {@code frames}, dB (mean square of both channels; -inf for silence). */
    static double[] blockLevelsDb(Audio a, int frames, int block) {
        float[] l = a.left(), r = a.right();
        int blocks = frames / block;
        double[] out = new double[blocks];
        for (int b = 0; b < blocks; b++) {
            double s = 0;
            for (int i = b * block; i < (b + 1) * block; i++) s += l[i] * (double) l[i] + r[i] * (double) r[i];
            out[b] = 10 * Math.log10(s / (2.0 * block));
        }
        return out;
    }
}
