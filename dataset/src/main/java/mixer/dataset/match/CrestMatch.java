package mixer.dataset.match;

import mixer.dsp.Audio;
import mixer.dsp.Renderer;
import mixer.dsp.loudness.LoudnessMeter;
import mixer.dsp.params.MixSettings;
import mixer.dsp.params.Param;
import mixer.dsp.stages.FeedbackCompressor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Match other's second stage for the compressor's ratio, read from the pair's crests. The compressor's threshold follows
 * the program level (a 500 ms RMS), so what it changes is the music's crest: each 10 ms block's level over the mean
 * power of the 500 ms around it, by an amount the ratio sets and, through where the threshold sits against the program,
 * the input gain. Crest does not move with the overall level or a broadband EQ, so two crops of one track share its
 * distribution where their levels differ. The reference's later stages are undone with the predicted settings; its crest
 * quantiles are compared with those of the input through the chain's compressor on a grid of input gains and ratios
 * ({@link Trials}: one grid per input, whatever the prediction); the ratio of the nearest trial is blended evenly with
 * the network's ({@link #PAIR_WEIGHT}). The grid's input gain is not used: it absorbs how the two crops' crests differ,
 * which is what frees the ratio. A lower ratio compresses less, so the output level then takes back the loudness the new
 * ratio adds to the input's mix: the crests change the dynamics, not the level the network set (on validation
 * {@code CrestLoudnessProbe}: output level 0.1344 -> 0.1321, the mix's loudness error 1.70 -> 1.60 LU against 1.62
 * with the ratio as predicted).
 *
 * <p>Measured (issue 15, {@code CrestMatchProbe}, the 96 validation rows of 12 tracks of the default match-other
 * dataset, the ensemble's predictions after {@link AirMatch}): ratio 0.259 -> 0.191 on a grid of 25 input gains (alone
 * 0.219; better on 10 of the 12 tracks), 0.195 on the 13 used, in half the time; the input gain read with it only lost
 * (0.187 -> 0.205).
 */
public final class CrestMatch {

    static final int BLOCK_MS = 10, CONTEXT_MS = 500;
    /** Blocks more than this below the loudest are left out (silence and near silence tell nothing). */
    static final double GATE_DB = 40;
    /**
     * The grid: 13 input gains by 13 ratios. Measured on the validation rows ({@code CrestGridProbe}): 25 x 13 gives the
     * ratio 0.191 at 4.1 s a row, 13 x 13 0.195 at 2.1 s, 9 x 13 0.198, 13 x 7 0.198 at 1.1 s, 7 x 13 0.208.
     */
    static final int GAIN_STEPS = 12, RATIO_STEPS = 12;
    /** The pair's share of the ratio, the network's the rest: an even blend, as {@link AirMatch}'s (0.5-0.7 measured alike). */
    static final double PAIR_WEIGHT = 0.5;
    /** The crest quantiles compared, 0.04 ... 0.98 (the level and crest probes' too). */
    static final double[] QUANTILES = IntStream.range(0, 48).mapToDouble(k -> 0.04 + 0.02 * k).toArray();

    private CrestMatch() {
    }

    /**
     * The input's crest quantiles through the compressor at each trial input gain and ratio ({@code null} where it is
     * silent), on a grid of {@code gainSteps} + 1 by {@code ratioSteps} + 1 evenly spaced normalised values.
     */
    public record Trials(List<Audio> input, int gainSteps, int ratioSteps, double[][] quantiles) {

        /** Trial {@code g} of the input gains and {@code r} of the ratios. */
        double[] at(int g, int r) {
            return quantiles[g * (ratioSteps + 1) + r];
        }
    }

    /** The grid of trials for pieces of an input (a song's windows, or one crop): the costly half, once per input. */
    public static Trials trials(List<Audio> input) {
        return trials(input, GAIN_STEPS, RATIO_STEPS);
    }

    static Trials trials(List<Audio> input, int gainSteps, int ratioSteps) {
        List<float[]> louder = input.stream().map(FeedbackCompressor::louder).toList();
        List<double[]> power = input.stream().map(CrestMatch::power).toList();
        double[][] q = new double[(gainSteps + 1) * (ratioSteps + 1)][];
        IntStream.range(0, q.length).parallel().forEach(t -> {
            double gainDb = Param.INPUT_GAIN_DB.toPhysical(t / (ratioSteps + 1) / (double) gainSteps);
            double ratio = Param.COMP_RATIO.toPhysical(t % (ratioSteps + 1) / (double) ratioSteps);
            List<double[]> levels = new ArrayList<>();
            for (int w = 0; w < input.size(); w++) {
                Audio piece = input.get(w);
                double[] gains = new double[piece.frames()];
                FeedbackCompressor.gains(louder.get(w), gainDb, ratio, piece.sampleRateHz(), gains);
                levels.add(blockLevelsDb(power.get(w), gains, block(piece)));
            }
            q[t] = quantiles(levels);
        });
        return new Trials(List.copyOf(input), gainSteps, ratioSteps, q);
    }

    /**
     * {@code predicted} with its ratio blended evenly with the one the pair's crests show and the output level that keeps
     * the input's mix as loud as with the predicted ratio (within the level's range); as predicted where they cannot tell.
     */
    public static MixSettings estimate(Trials trials, List<Audio> reference, MixSettings predicted) {
        double read = readRatio(trials, reference, predicted);
        if (Double.isNaN(read)) return predicted;
        Param ratio = Param.COMP_RATIO, out = Param.OUTPUT_LEVEL_DB;
        MixSettings blended = predicted.with(ratio, ratio.toPhysical(PAIR_WEIGHT * read + (1 - PAIR_WEIGHT) * predicted.normalized(ratio)));
        double addedLu = integratedLufs(trials.input(), blended) - integratedLufs(trials.input(), predicted);
        if (!Double.isFinite(addedLu)) return blended;
        return blended.with(out, Math.max(out.toPhysical(0), Math.min(out.toPhysical(1), blended.get(out) - addedLu)));
    }

    /** The integrated loudness of the pieces rendered with {@code settings} (limiter bypassed), heard one after another. */
    static double integratedLufs(List<Audio> pieces, MixSettings settings) {
        return LoudnessMeter.integratedLufs(pieces.stream().map(piece -> Renderer.render(piece, settings, false)).toList());
    }

    /** {@link #estimate} of one input crop and its reference. */
    public static MixSettings estimate(Audio input, Audio reference, MixSettings predicted) {
        return estimate(trials(List.of(input)), List.of(reference), predicted);
    }

    /** The normalised ratio of the trial whose crests come nearest the reference's with its later stages undone; NaN where it cannot tell. */
    static double readRatio(Trials trials, List<Audio> reference, MixSettings predicted) {
        double[] target = crestQuantiles(reference.stream().map(y -> GainStructure.laterStagesUndone(y, predicted)).toList());
        if (target == null) return Double.NaN;
        double best = Double.MAX_VALUE, ratio = Double.NaN;
        for (int g = 0; g <= trials.gainSteps(); g++) {
            for (int r = 0; r <= trials.ratioSteps(); r++) {
                double[] trial = trials.at(g, r);
                if (trial == null) return Double.NaN;
                double score = 0;
                for (int k = 0; k < trial.length; k++) score += Math.abs(target[k] - trial[k]);
                if (score < best) { // the first of equal scores: the lower input gain and ratio
                    best = score;
                    ratio = r / (double) trials.ratioSteps();
                }
            }
        }
        return ratio;
    }

    /** {@link #quantiles} of the crests of the pieces as they are (no compressor gain). */
    static double[] crestQuantiles(List<Audio> pieces) {
        List<double[]> levels = new ArrayList<>();
        for (Audio a : pieces) {
            double[] ones = new double[a.frames()];
            Arrays.fill(ones, 1);
            levels.add(blockLevelsDb(power(a), ones, block(a)));
        }
        return quantiles(levels);
    }

    static int block(Audio a) {
        return Math.max(1, a.sampleRateHz() * BLOCK_MS / 1000);
    }

    /** l^2 + r^2 of each frame. */
    static double[] power(Audio a) {
        float[] l = a.left(), r = a.right();
        double[] p = new double[a.frames()];
        for (int i = 0; i < p.length; i++) p[i] = l[i] * (double) l[i] + r[i] * (double) r[i];
        return p;
    }

    /** Each whole block's level in dB, the frames' power scaled by their gain squared. */
    static double[] blockLevelsDb(double[] power, double[] gains, int block) {
        double[] out = new double[power.length / block];
        for (int b = 0; b < out.length; b++) {
            double s = 0;
            for (int i = b * block; i < (b + 1) * block; i++) s += gains[i] * gains[i] * power[i];
            out[b] = 10 * Math.log10(s / (2.0 * block));
        }
        return out;
    }

    /**
     * The quantiles of the crests of the blocks within {@link #GATE_DB} of the loudest of all pieces, each block's level
     * over the mean power of the {@link #CONTEXT_MS} around it within its piece; {@code null} where no block has both.
     */
    static double[] quantiles(List<double[]> pieces) {
        int half = CONTEXT_MS / BLOCK_MS / 2;
        double max = pieces.stream().flatMapToDouble(Arrays::stream).filter(Double::isFinite).max().orElse(Double.NaN);
        if (!Double.isFinite(max)) return null;
        double[] crest = new double[pieces.stream().mapToInt(p -> p.length).sum()];
        int kept = 0;
        for (double[] levels : pieces) {
            double[] sum = new double[levels.length + 1]; // sum[k]: the power of the blocks before block k
            for (int k = 0; k < levels.length; k++) sum[k + 1] = sum[k] + Math.pow(10, levels[k] / 10);
            for (int k = half; k < levels.length - half; k++) {
                if (!(levels[k] > max - GATE_DB)) continue;
                double around = (sum[k + half + 1] - sum[k - half]) / (2 * half + 1);
                crest[kept++] = levels[k] - 10 * Math.log10(around);
            }
        }
        if (kept == 0) return null;
        double[] sorted = Arrays.copyOf(crest, kept);
        Arrays.sort(sorted);
        double[] q = new double[QUANTILES.length];
        for (int k = 0; k < q.length; k++) q[k] = sorted[(int) Math.min(kept - 1, Math.floor(QUANTILES[k] * kept))];
        return q;
    }
}
