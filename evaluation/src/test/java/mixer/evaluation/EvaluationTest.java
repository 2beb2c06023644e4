package mixer.evaluation;

import mixer.dsp.Audio;
import mixer.dsp.SyntheticMusic;
import mixer.dsp.params.Param;
import mixer.evaluation.ensemble.WeightedEnsemble;
import mixer.evaluation.metrics.AudioMetrics;
import mixer.evaluation.metrics.AudioSummary;
import mixer.evaluation.metrics.ParameterMetrics;
import mixer.evaluation.report.ReportWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class EvaluationTest {

    @TempDir
    Path dir;

    /** n rows over n/2 tracks with uniform random truths. */
    static Predictions truths(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<String> ids = new ArrayList<>(), tracks = new ArrayList<>();
        double[][] t = new double[n][Param.COUNT];
        for (int i = 0; i < n; i++) {
            ids.add("row" + i);
            tracks.add("track" + i / 2);
            for (int j = 0; j < Param.COUNT; j++) t[i][j] = rng.nextDouble();
        }
        return new Predictions("truth", ids, tracks, t, t);
    }

    @Test
    void metricsOfHandMadePredictions() {
        List<String> ids = List.of("a", "b");
        double[][] truth = new double[2][Param.COUNT], pred = new double[2][Param.COUNT];
        pred[0][0] = 0.1; // one error of 0.1 ...
        pred[1][1] = 0.3; // ... and one of 0.3, 18 exact values
        ParameterMetrics m = ParameterMetrics.of(new Predictions("hand", ids, ids, pred, truth), 1);
        assertEquals(0.4 / 20, m.mae(), 1e-12);
        assertEquals(Math.sqrt((0.01 + 0.09) / 20), m.rmse(), 1e-12);
        assertEquals(0.0, m.medianAbsError(), 0);
        assertEquals(0.05, m.maePerParam()[0], 1e-12);
        assertEquals(0.15, m.maePerParam()[1], 1e-12);
        // physical: input gain spans its range linearly, so 0.1 of it in dB
        Param gain = Param.values()[0];
        assertEquals(Math.abs(gain.toPhysical(0.1) - gain.toPhysical(0)) / 2, m.maePhysicalPerParam()[0], 1e-9);
        assertTrue(m.maeLow() <= m.mae() && m.mae() <= m.maeHigh());
        ParameterMetrics again = ParameterMetrics.of(new Predictions("hand", ids, ids, pred, truth), 1);
        assertEquals(m.maeLow(), again.maeLow(), 0, "seeded bootstrap");
        assertArrayEquals(m.maeHighPerParam(), again.maeHighPerParam(), 0, "seeded bootstrap");
    }

    @Test
    void theMeanPredictorOfUniformTargetsScoresAQuarter() {
        Predictions t = truths(4000, 3);
        double[] half = new double[Param.COUNT];
        java.util.Arrays.fill(half, 0.5);
        assertEquals(0.25, ParameterMetrics.of(t.constant("mean", half), 1).mae(), 0.005);
    }

    @Test
    void ensembleRecoversAKnownMixOfTwoPredictors() {
        // A = t + e, B = t - e: the mix 0.5 A + 0.5 B is exact on every parameter but the last, where A is exact
        Predictions t = truths(200, 5);
        SplittableRandom rng = new SplittableRandom(9);
        double[][] a = new double[t.size()][Param.COUNT], b = new double[t.size()][Param.COUNT];
        for (int i = 0; i < t.size(); i++) {
            for (int j = 0; j < Param.COUNT; j++) {
                double e = 0.2 * (rng.nextDouble() - 0.5);
                a[i][j] = t.truth()[i][j] + (j == Param.COUNT - 1 ? 0 : e);
                b[i][j] = t.truth()[i][j] - e;
            }
        }
        WeightedEnsemble fit = WeightedEnsemble.fit(List.of(t.withPredictions("a", a), t.withPredictions("b", b)));
        for (int j = 0; j < Param.COUNT - 1; j++) {
            assertEquals(0.5, fit.weights()[0][j], 0.01, Param.values()[j].id);
            assertEquals(1.0, fit.weights()[0][j] + fit.weights()[1][j], 1e-12);
        }
        assertEquals(1.0, fit.weights()[0][Param.COUNT - 1], 1e-9);
        Predictions mixed = fit.apply(List.of(t.withPredictions("a", a), t.withPredictions("b", b)));
        assertTrue(ParameterMetrics.of(mixed, 1).mae() < 0.002);
    }

    @Test
    void ensembleFileRoundTrip() throws Exception {
        WeightedEnsemble e = new WeightedEnsemble(List.of("x", "y"), new double[][] {
                {1, 0.5, 0, 0.25, 1, 1, 1, 1, 1, 1}, {0, 0.5, 1, 0.75, 0, 0, 0, 0, 0, 0}});
        Path f = dir.resolve("ensemble.json");
        e.save(f, Map.of("x", "abc", "y", "def"), Map.of());
        WeightedEnsemble back = WeightedEnsemble.load(f);
        assertEquals(e.members(), back.members());
        assertArrayEquals(e.weights()[1], back.weights()[1]);
        assertEquals(Map.of("x", "abc", "y", "def"), WeightedEnsemble.memberHashes(f));
    }

    @Test
    void audioMetricsFacts() {
        Audio a = SyntheticMusic.generate(6, 44_100, 1);
        AudioMetrics.Score same = AudioMetrics.score(a, a, a);
        assertEquals(0, same.stftDistance(), 1e-12);
        assertEquals(0, same.loudnessErrorLu(), 1e-9);
        float g = (float) Math.pow(10, 6 / 20.0);
        float[][] louder = new float[2][];
        for (int c = 0; c < 2; c++) {
            louder[c] = a.stereo()[c].clone();
            for (int i = 0; i < louder[c].length; i++) louder[c][i] *= g;
        }
        AudioMetrics.Score loud = AudioMetrics.score(a, new Audio(louder, 44_100), a);
        assertEquals(6.0, loud.loudnessErrorLu(), 0.01);
        assertTrue(loud.stftDistance() > 0.5);
        assertFalse(loud.closerThanInput(), "the raw input was identical to the original");
    }

    @Test
    void reportRendersEveryChart() throws Exception {
        Predictions t = truths(24, 7);
        SplittableRandom rng = new SplittableRandom(2);
        Map<String, Predictions> preds = new LinkedHashMap<>();
        List<ParameterMetrics> metrics = new ArrayList<>();
        for (String name : List.of("baseline-cnn", "ast")) {
            double[][] p = new double[t.size()][Param.COUNT];
            for (int i = 0; i < p.length; i++) for (int j = 0; j < Param.COUNT; j++) p[i][j] = Math.min(1, Math.max(0, t.truth()[i][j] + 0.1 * rng.nextGaussian()));
            preds.put(name, t.withPredictions(name, p));
        }
        WeightedEnsemble e = WeightedEnsemble.fit(new ArrayList<>(preds.values()));
        preds.put("ensemble", e.apply(new ArrayList<>(preds.values())));
        for (Predictions p : preds.values()) metrics.add(ParameterMetrics.of(p, 1));
        Path history = dir.resolve("history.csv");
        Files.writeString(history, "epoch,train_loss,val_mae,seconds,learning_rate\n1,0.3,0.25,1.0,0.001\n2,0.2,0.2,1.0,0.001\n");
        List<AudioSummary> audio = List.of(new AudioSummary("ast", 12, 0.5, 1.0, 0.75), new AudioSummary("do nothing (raw input)", 12, 0.9, 3, 0));
        Path report = dir.resolve("report");
        List<Path> charts = ReportWriter.write(new ReportWriter.Content("tiny report", 0.035, metrics, preds,
                Map.of("ast", history), e, audio, Map.of("seed", 1)), report);
        String html = Files.readString(report.resolve("report.html"));
        for (Path c : charts) {
            assertTrue(Files.size(c) > 1000, c + " is empty");
            assertTrue(html.contains("src=\"" + c.getFileName() + "\""), c.getFileName() + " not in the HTML");
        }
        for (String c : ReportWriter.CHARTS) assertTrue(Files.exists(report.resolve(c)), c);
        assertTrue(Files.exists(report.resolve("scatter_ensemble.png")));
        assertTrue(Files.readString(report.resolve("report.md")).contains("| ensemble |"));
        assertTrue(Files.readString(report.resolve("results.csv")).startsWith("model,mae,"));
    }
}
