package mixer.evaluation.metrics;

import mixer.dsp.params.Param;
import mixer.evaluation.Predictions;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParameterMetricsTest {

    private static final double EPS = 1e-12;

    /** Whether {@code x} lies in the estimate's interval. */
    private static boolean contains(Estimate e, double x) {
        return x >= e.low() && x <= e.high();
    }

    /**
     * Truth 0.5 everywhere. Track A: one row off by +0.1, one by -0.2 on every parameter. Track B: exact
     * except input gain, off by +0.4.
     */
    static Predictions handMade() {
        double[][] truth = new double[3][Param.COUNT];
        for (double[] r : truth) Arrays.fill(r, 0.5);
        double[][] pred = new double[3][Param.COUNT];
        Arrays.fill(pred[0], 0.6);
        Arrays.fill(pred[1], 0.3);
        Arrays.fill(pred[2], 0.5);
        pred[2][Param.INPUT_GAIN_DB.ordinal()] = 0.9;
        return new Predictions("hand", List.of("a#0", "a#1", "b#0"), List.of("a", "a", "b"), pred, truth);
    }

    @Test
    void handComputedErrors() {
        ParameterMetrics m = ParameterMetrics.of(handMade(), Bootstrap.withSeed(1));
        assertEquals(3, m.examples());
        assertEquals(2, m.tracks());
        // every parameter but input gain: errors 0.1, 0.2, 0
        Param eq = Param.HIGH_EQ_DB;
        assertEquals(0.1, m.mae(eq).value(), EPS);
        assertEquals(Math.sqrt(0.05 / 3), m.rmse(eq), EPS);
        assertEquals(0.1, m.median(eq), EPS);
        assertEquals(2.4, m.maePhysical(eq).value(), 1e-9);          // 0.1 of a 24 dB range
        assertEquals(Math.sqrt(0.05 / 3) * 24, m.rmsePhysical(eq), 1e-9);
        // input gain: 0.1, 0.2, 0.4
        Param gain = Param.INPUT_GAIN_DB;
        assertEquals(0.7 / 3, m.mae(gain).value(), EPS);
        assertEquals(Math.sqrt(0.21 / 3), m.rmse(gain), EPS);
        assertEquals(0.2, m.median(gain), EPS);
        assertEquals(5.6, m.maePhysical(gain).value(), 1e-9);
        assertEquals(4.8, m.medianPhysical(gain), 1e-9);
        // comp ratio is log-scaled: ratio = 10^n
        double r = Math.pow(10, 0.5);
        double expected = (Math.pow(10, 0.6) - r + r - Math.pow(10, 0.3)) / 3;
        assertEquals(expected, m.maePhysical(Param.COMP_RATIO).value(), 1e-9);
        // overall: (9 × 0.3 + 0.7) / 30; squares (10 × 0.01 + 10 × 0.04 + 0.16) / 30; median of 9 zeros,
        // ten 0.1, ten 0.2 and one 0.4 is 0.1
        assertEquals(3.4 / 30, m.mae().value(), EPS);
        assertEquals(Math.sqrt(0.66 / 30), m.rmse(), EPS);
        assertEquals(0.1, m.median(), EPS);
    }

    /** Audible: high EQ only in rows a#1 and b#0 (errors 0.2 and 0); input gain in none. Skill against the handMade errors halved. */
    @Test
    void maeWhereAudibleAndSkillAgainstAReference() {
        boolean[][] audible = new boolean[3][Param.COUNT];
        for (boolean[] row : audible) Arrays.fill(row, true);
        audible[0][Param.HIGH_EQ_DB.ordinal()] = false;
        for (boolean[] row : audible) row[Param.INPUT_GAIN_DB.ordinal()] = false;
        ParameterMetrics m = ParameterMetrics.of(handMade(), Bootstrap.withSeed(1), audible);
        assertEquals(0.1, m.maeAudible(Param.HIGH_EQ_DB), EPS);
        assertEquals(2, m.audibleRows(Param.HIGH_EQ_DB));
        assertEquals(0.1, m.maeAudible(Param.MID_EQ_DB), EPS, "audible everywhere: the MAE of all rows");
        assertTrue(Double.isNaN(m.maeAudible(Param.INPUT_GAIN_DB)));
        assertEquals(0, m.audibleRows(Param.INPUT_GAIN_DB));
        assertEquals(-1, ParameterMetrics.of(handMade(), Bootstrap.withSeed(1)).audibleRows(Param.MID_EQ_DB), "not given");

        Predictions p = handMade();
        double[][] closer = p.predicted();
        for (int i = 0; i < closer.length; i++) for (int j = 0; j < Param.COUNT; j++) closer[i][j] = 0.5 + (closer[i][j] - 0.5) / 2;
        ParameterMetrics better = ParameterMetrics.of(p.withPredictions("better", closer), Bootstrap.withSeed(1));
        assertEquals(0.5, better.skill(Param.HIGH_EQ_DB, m), EPS);
        assertEquals(0.5, better.skill(m), EPS);
        assertEquals(0, m.skill(m), EPS);
        // every row's error halved: every drawn set of tracks halves the MAE, so the paired interval is the point itself
        Estimate paired = better.skillInterval(Param.HIGH_EQ_DB, m);
        assertEquals(0.5, paired.value(), EPS);
        assertEquals(0.5, paired.low(), EPS);
        assertEquals(0.5, paired.high(), EPS);
        Predictions other = new Predictions("other", List.of("a#0", "a#1", "c#0"), List.of("a", "a", "c"), p.predicted(), p.truth());
        assertThrows(IllegalArgumentException.class, () -> ParameterMetrics.of(other, Bootstrap.withSeed(1)).skillInterval(Param.HIGH_EQ_DB, m),
                "skill pairs rows: other examples are refused");
        assertThrows(IllegalArgumentException.class, () -> ParameterMetrics.of(handMade(), Bootstrap.withSeed(1), new boolean[2][Param.COUNT]));
    }

    @Test
    void bootstrapResamplesTracksNotRows() {
        // per-row errors on high EQ: track a = {0.1, 0.2}, track b = {0}. Drawing two tracks gives the
        // means 0.15 (a, a), 0.1 (a, b) or 0 (b, b); resampling rows could reach 0.2.
        Estimate e = ParameterMetrics.of(handMade(), Bootstrap.withSeed(7)).mae(Param.HIGH_EQ_DB);
        assertEquals(0.0, e.low(), EPS);
        assertEquals(0.15, e.high(), EPS);
        assertTrue(contains(e, e.value()));
    }

    @Test
    void bootstrapIntervalHoldsThePointAndRepeatsWithItsSeed() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(3);
        int n = 60;
        double[] values = new double[n];
        List<String> tracks = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            values[i] = rng.nextDouble() * 0.1;
            tracks.add("t" + i / 3);
        }
        Estimate a = Bootstrap.withSeed(42).mean(values, tracks);
        Estimate b = Bootstrap.withSeed(42).mean(values, tracks);
        Estimate c = Bootstrap.withSeed(43).mean(values, tracks);
        assertEquals(a, b);
        assertNotEquals(a, c);
        assertTrue(a.low() < a.value() && a.value() < a.high(), a.toString());
        // 20 tracks of 3 rows: the percentile interval is close to the normal one, ±1.96 standard errors
        // of the mean of the 20 track means
        double[] trackMean = new double[20];
        for (int i = 0; i < n; i++) trackMean[i / 3] += values[i] / 3;
        double m = Arrays.stream(trackMean).average().orElseThrow();
        double var = Arrays.stream(trackMean).map(x -> (x - m) * (x - m)).sum() / 19;
        double normalHalfWidth = 1.96 * Math.sqrt(var / 20);
        double halfWidth = (a.high() - a.low()) / 2;
        assertEquals(normalHalfWidth, halfWidth, 0.2 * normalHalfWidth);
    }

    @Test
    void meanPredictorScoresAQuarterOnUniformTargets() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(11);
        int n = 4000;
        double[][] truth = new double[n][Param.COUNT];
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < Param.COUNT; j++) truth[i][j] = rng.nextDouble();
            ids.add("t" + i + "#0");
        }
        Predictions like = Predictions.of("truth", ids, truth, truth);
        Predictions mean = MeanPredictor.fit(new double[][] {{0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5}}).predict(like);
        ParameterMetrics m = ParameterMetrics.of(mean, Bootstrap.withSeed(1));
        assertEquals(0.25, m.mae().value(), 0.005);
        assertTrue(contains(m.mae(), 0.25), m.mae().toString());
        assertEquals(MeanPredictor.NAME, m.model());
    }

    @Test
    void samplerMeanMatchesDrawnSettings() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(5);
        double[][] drawn = new double[20_000][];
        for (int i = 0; i < drawn.length; i++) drawn[i] = mixer.dataset.SettingsSampler.draw(rng).normalized();
        MeanPredictor fitted = MeanPredictor.fit(drawn);
        MeanPredictor exact = MeanPredictor.ofSampler();
        for (Param p : Param.all()) assertEquals(exact.mean(p), fitted.mean(p), 0.006, p.id);
        assertTrue(exact.mean(Param.STEREO_WIDTH) > 0.51, "width is drawn from 0.05, so its mean is above 0.5");
    }

    @Test
    void predictionsOutsideTheRangeAreRefusedWithAHint() {
        double[][] truth = new double[1][Param.COUNT];
        double[][] pred = new double[1][Param.COUNT];
        pred[0][3] = 1.2;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Predictions.of("m", List.of("x#0"), pred, truth));
        assertTrue(e.getMessage().contains("mid_eq_db") && e.getMessage().contains("Predictions.clamp"), e.getMessage());
        assertEquals(1.0, Predictions.clamp(pred)[0][3]);
    }
}
