package mixer.evaluation.metrics;

import mixer.dataset.Example;
import mixer.dataset.Manifest;
import mixer.dsp.params.MixSettings;
import mixer.evaluation.Predictions;
import mixer.evaluation.ProbeAudio;
import mixer.evaluation.PredictionsCsv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Blind restore: what `mixer mix --amount` (the settings blended toward the neutral chain) trades between the settings'
 * MAE and the share of mixes closer to the original than the raw input (issue 14's 95 %), on the validation split
 * (never the test split). The rows that fail are those whose raw input is already close (RESULTS.md), whose settings
 * are near neutral: a blend toward neutral costs them little and may turn them, while the rows far from the original
 * have room to spare. Each row is mixed as `mixer mix` mixes it ({@link AudioMetrics#scoreAsMixed}). Not part of the
 * normal test run: {@code ./mvnw -B -o -q -pl evaluation test -Dtest=AmountProbe -Dsurefire.failIfNoSpecifiedTests=false
 * -Dmixer.probe.predictions=VALIDATION-REPORT/results/predictions.csv -Dmixer.probe.manifest=data/dataset/manifest.csv}
 */
@EnabledIfSystemProperty(named = "mixer.probe.predictions", matches = ".+")
class AmountProbe {

    private static final List<String> MODELS = List.of("ensemble", "ensemble + refine");
    private static final double[] AMOUNTS = {1, 0.9, 0.8, 0.7, 0.6};

    @Test
    void amountOnValidation() throws IOException {
        Manifest manifest = Manifest.read(Path.of(System.getProperty("mixer.probe.manifest")));
        for (Predictions p : PredictionsCsv.read(Path.of(System.getProperty("mixer.probe.predictions")))) {
            if (!MODELS.contains(p.model())) continue;
            double[][][] scores = new double[p.size()][][]; // row, amount, {MAE, distance, closer}
            IntStream.range(0, p.size()).parallel().forEach(i -> {
                Example e = manifest.example(p.exampleIds().get(i));
                AudioMetrics metrics = new AudioMetrics(ProbeAudio.read(manifest, e, "audio"), ProbeAudio.read(manifest, e, "source"));
                scores[i] = new double[AMOUNTS.length][];
                for (int a = 0; a < AMOUNTS.length; a++) {
                    MixSettings settings = p.predictedSettings(i).blendTowardNeutral(AMOUNTS[a]);
                    double[] n = settings.normalized();
                    double mae = 0;
                    for (int j = 0; j < n.length; j++) mae += Math.abs(n[j] - p.truth()[i][j]) / n.length;
                    AudioMetrics.Score s = metrics.scoreAsMixed(settings);
                    scores[i][a] = new double[] {mae, s.stftDistance(), s.closerThanInput() ? 1 : 0};
                }
            });
            System.out.println(p.model() + " (" + p.size() + " validation rows):");
            for (int a = 0; a < AMOUNTS.length; a++) {
                double mae = 0, d = 0, closer = 0;
                for (double[][] row : scores) {
                    mae += row[a][0];
                    d += row[a][1];
                    closer += row[a][2];
                }
                System.out.printf(Locale.ROOT, "  amount %.1f: settings MAE %.4f  MR-STFT %.3f  closer than the input %.1f %%%n", AMOUNTS[a],
                        mae / scores.length, d / scores.length, 100 * closer / scores.length);
            }
        }
    }
}
