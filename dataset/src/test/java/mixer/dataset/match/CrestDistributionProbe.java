package mixer.dataset.match;

import mixer.dataset.Example;
import mixer.dataset.Manifest;
import mixer.dataset.Split;
import mixer.dsp.Audio;
import mixer.dsp.Renderer;
import mixer.dsp.params.MixSettings;
import mixer.dsp.params.Param;
import mixer.dsp.stages.FeedbackCompressor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Hypothesis (issue 15, match other's gain structure; {@link LevelDistributionProbe} refuted its absolute block levels):
 * the compressor's threshold follows the program level (a 500 ms RMS), so what it changes is the <i>crest</i> of the
 * music, each 10 ms block's level over the level around it, and by an amount that depends on the ratio and, through
 * where the threshold sits against the program (0.25 dB per dB), on the input gain. Crest does not move with the overall
 * level or a broadband EQ, so two crops of one track may share its distribution where their absolute levels differ.
 * The reference's later stages undone with the truth plus Gaussian noise {@link #NOISE}, its crest quantiles are compared
 * with those of the input crop through the chain's compressor at trial input gains and ratios.
 * {@code ./mvnw -o -B -q -pl dataset test -Dtest=CrestDistributionProbe -Dsurefire.failIfNoSpecifiedTests=false
 * -Dmixer.probe.crest=MANIFEST -Dmixer.probe.tracks=24}
 * Measured 2026-12-05 on 24 training tracks of the default match-other dataset (a 25 x 13 grid, noise 0.10; beside a
 * reproduce): input gain / ratio from the other crop <b>0.215 / 0.216</b> against the middle's 0.278 / 0.241, from the
 * reference's own crop 0.107 / 0.194 ({@link LevelDistributionProbe}'s block levels: 0.277 / 0.320 and 0.145 / 0.240). The
 * compressor's gain moves by 3.8 dB over a crop (its 5th to 95th percentile; median of the rows, quartiles 1.6 / 6.6).
 * With real predictions: {@link CrestMatchProbe}.
 */
@EnabledIfSystemProperty(named = "mixer.probe.crest", matches = ".+")
class CrestDistributionProbe {

    static final int TRACKS = Integer.getInteger("mixer.probe.tracks", 24);
    static final double EXCERPT_SECONDS = 20;
    static final double NOISE = Double.parseDouble(System.getProperty("mixer.probe.noise", "0.10"));
    static final Param[] GAINS = {Param.INPUT_GAIN_DB, Param.COMP_RATIO};
    static final int BLOCK_MS = CrestMatch.BLOCK_MS, CONTEXT_MS = CrestMatch.CONTEXT_MS;
    static final double GATE_DB = CrestMatch.GATE_DB;
    static final double[] QUANTILES = CrestMatch.QUANTILES;

    @Test
    void probe() throws IOException {
        Manifest manifest = Manifest.read(Path.of(System.getProperty("mixer.probe.crest")));
        List<Example> tracks = manifest.split(Split.TRAIN);
        SplittableRandom rng = new SplittableRandom(42);
        double[][] sum = new double[3][GAINS.length];
        double[] range = new double[TRACKS];
        int rows = 0;
        for (int t = 0; t < Math.min(TRACKS, tracks.size()); t++) {
            Example track = tracks.get(t * tracks.size() / TRACKS);
            Audio source = manifest.readAudio(track, "audio");
            ProbeDraw draw = ProbeDraw.of(source, EXCERPT_SECONDS, NOISE, rng);
            Audio[] halves = draw.halves();
            Audio a = halves[0], b = halves[1];
            double[] p = draw.truth();
            MixSettings truth = MixSettings.ofNormalized(p);
            Audio y = Renderer.render(b, truth, false);
            double[] target = crestQuantiles(GainStructure.laterStagesUndone(y, MixSettings.ofNormalized(draw.network())));
            double[] other = estimate(a, target), same = estimate(b, target);
            range[rows] = reductionRangeDb(b, truth);
            for (int g = 0; g < GAINS.length; g++) {
                sum[0][g] += Math.abs(0.5 - p[GAINS[g].ordinal()]);
                sum[1][g] += Math.abs(other[g] - p[GAINS[g].ordinal()]);
                sum[2][g] += Math.abs(same[g] - p[GAINS[g].ordinal()]);
            }
            rows++;
            System.out.printf(Locale.ROOT, "%-44s true %.2f %.2f | other %.2f %.2f | same crop %.2f %.2f | reduction 5-95 %% %.1f dB%n",
                    track.id(), p[0], p[1], other[0], other[1], same[0], same[1], range[rows - 1]);
        }
        String[] names = {"middle", "other crop", "same crop"};
        for (int k = 0; k < 3; k++) {
            System.out.printf(Locale.ROOT, "%-10s input gain %.3f ratio %.3f%n", names[k], sum[k][0] / rows, sum[k][1] / rows);
        }
        double[] r = Arrays.copyOf(range, rows);
        Arrays.sort(r);
        System.out.printf(Locale.ROOT, "the compressor's gain reduction, 5th to 95th percentile over a crop: median %.1f dB, quartiles %.1f / %.1f%n",
                r[rows / 2], r[rows / 4], r[3 * rows / 4]);
    }

    /** {input gain, ratio} normalised: the trial whose crest quantiles come nearest the target's. */
    static double[] estimate(Audio x, double[] target) {
        return estimate(x, target, Double.NaN, 12);
    }

    /**
     * {input gain, ratio} normalised: the trial whose crest quantiles come nearest the target's, over 25 input gains, or
     * at {@code inputGain} alone where it is a number, and {@code ratioSteps} + 1 ratios.
     */
    static double[] estimate(Audio x, double[] target, double inputGain, int ratioSteps) {
        int n = x.frames(), rate = x.sampleRateHz();
        float[] louder = FeedbackCompressor.louder(x);
        double[] gains = new double[n];
        double best = Double.MAX_VALUE;
        double[] out = {0.5, 0.5};
        boolean given = !Double.isNaN(inputGain);
        for (int i = 0; i <= (given ? 0 : 24); i++) {
            for (int r = 0; r <= ratioSteps; r++) {
                double g = given ? inputGain : i / 24.0, q = r / (double) ratioSteps;
                FeedbackCompressor.gains(louder, Param.INPUT_GAIN_DB.toPhysical(g), Param.COMP_RATIO.toPhysical(q), rate, gains);
                Audio compressed = scaled(x, gains);
                double[] trial = crestQuantiles(compressed);
                double score = 0;
                for (int k = 0; k < trial.length; k++) score += Math.abs(target[k] - trial[k]);
                if (score < best) {
                    best = score;
                    out = new double[] {g, q};
                }
            }
        }
        return out;
    }

    static Audio scaled(Audio x, double[] gains) {
        float[] l = new float[x.frames()], r = new float[x.frames()];
        for (int i = 0; i < l.length; i++) {
            l[i] = (float) (x.left()[i] * gains[i]);
            r[i] = (float) (x.right()[i] * gains[i]);
        }
        return new Audio(new float[][] {l, r}, x.sampleRateHz());
    }

    /** The quantiles of each 10 ms block's level over the mean power of the 500 ms around it, loud blocks only. */
    static double[] crestQuantiles(Audio a) {
        int block = Math.max(1, a.sampleRateHz() * BLOCK_MS / 1000), half = CONTEXT_MS / BLOCK_MS / 2;
        double[] levels = GainStructure.blockLevelsDb(a, a.frames(), block);
        double[] power = new double[levels.length];
        for (int k = 0; k < power.length; k++) power[k] = Math.pow(10, levels[k] / 10);
        double max = Arrays.stream(levels).filter(Double::isFinite).max().orElse(0);
        double[] crest = new double[levels.length];
        int kept = 0;
        for (int k = half; k < levels.length - half; k++) {
            if (!(levels[k] > max - GATE_DB)) continue;
            double s = 0;
            for (int j = k - half; j <= k + half; j++) s += power[j];
            crest[kept++] = levels[k] - 10 * Math.log10(s / (2 * half + 1));
        }
        double[] sorted = Arrays.copyOf(crest, kept);
        Arrays.sort(sorted);
        double[] q = new double[QUANTILES.length];
        for (int k = 0; k < q.length; k++) q[k] = kept == 0 ? 0 : sorted[(int) Math.min(kept - 1, Math.floor(QUANTILES[k] * kept))];
        return q;
    }

    /** How far the compressor's gain moves over a crop: its 95th less its 5th percentile, in dB. */
    static double reductionRangeDb(Audio x, MixSettings settings) {
        double[] gains = new double[x.frames()];
        FeedbackCompressor.gains(FeedbackCompressor.louder(x), settings.get(Param.INPUT_GAIN_DB), settings.get(Param.COMP_RATIO),
                x.sampleRateHz(), gains);
        double[] db = Arrays.stream(gains).map(v -> 20 * Math.log10(v)).sorted().toArray();
        return db[(int) (0.95 * (db.length - 1))] - db[(int) (0.05 * (db.length - 1))];
    }
}
