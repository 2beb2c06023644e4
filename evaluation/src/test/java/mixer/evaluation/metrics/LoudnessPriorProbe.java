package mixer.evaluation.metrics;

import mixer.dataset.Example;
import mixer.dataset.FinishedLevel;
import mixer.dataset.Manifest;
import mixer.dataset.Split;
import mixer.dsp.Audio;
import mixer.dsp.Pipeline;
import mixer.dsp.Renderer;
import mixer.dsp.params.MixSettings;
import mixer.dsp.params.Param;
import mixer.dsp.stages.Gain;
import mixer.evaluation.Predictions;
import mixer.evaluation.ProbeAudio;
import mixer.evaluation.PredictionsCsv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleBinaryOperator;
import java.util.stream.IntStream;

/**
 * Blind restore: whether the mix's loudness pulled toward how loud the training tracks were finished brings more mixes
 * closer to the original than the raw input (issue 14's 95 %), on the validation split (never the test split). Today a
 * mix is only brought down when louder than the loudest training track ({@link FinishedLevel}); 7 of the 9 failing
 * test mixes were 1.7-8.8 LU too loud. Each variant moves the output level (the chain's last stage, a {@link Gain}, so
 * the mix goes through that gain rather than being rendered again), within its range. Reads the predictions an evaluation of the validation split wrote and
 * the rows of its dataset. Not part of the normal test run:
 * {@code ./mvnw -B -o -q -pl evaluation test -Dtest=LoudnessPriorProbe -Dsurefire.failIfNoSpecifiedTests=false
 * -Dmixer.probe.predictions=VALIDATION-REPORT/results/predictions.csv -Dmixer.probe.manifest=data/dataset/manifest.csv}
 */
@EnabledIfSystemProperty(named = "mixer.probe.predictions", matches = ".+")
class LoudnessPriorProbe {

    private static final List<String> MODELS = List.of("ensemble", "ensemble + refine");

    @Test
    void loudnessPriorOnValidation() throws IOException {
        Manifest manifest = Manifest.read(Path.of(System.getProperty("mixer.probe.manifest")));
        double[] trained = manifest.examples().stream().filter(e -> e.split() == Split.TRAIN).parallel()
                .mapToDouble(e -> AudioMetrics.integratedLufs(ProbeAudio.read(manifest, e, "audio"))).filter(Double::isFinite).sorted().toArray();
        double median = quantile(trained, 0.5);
        System.out.printf(Locale.ROOT, "training tracks: %d, loudness median %.1f LUFS, 75th %.1f, 90th %.1f, loudest %.1f%n",
                trained.length, median, quantile(trained, 0.75), quantile(trained, 0.9), trained[trained.length - 1]);

        // each variant: (mix loudness, predicted output level) -> the output level it mixes at
        Map<String, DoubleBinaryOperator> variants = new LinkedHashMap<>();
        variants.put("as now (down to the loudest, " + FinishedLevel.LOUDEST_LUFS + ")", (lufs, out) -> down(lufs, out, 0));
        for (double q : new double[] {0.9, 0.75}) {
            double cap = quantile(trained, q);
            variants.put(String.format(Locale.ROOT, "down to the %.0fth percentile (%.1f)", 100 * q, cap),
                    (lufs, out) -> out - Math.max(0, lufs - cap));
        }
        for (double w : new double[] {0.25, 0.5}) {
            variants.put(String.format(Locale.ROOT, "%.2f of the way to the median, both ways", w), (lufs, out) -> down(lufs, out, w * (median - lufs)));
            variants.put(String.format(Locale.ROOT, "%.2f of the way to the median, down only", w),
                    (lufs, out) -> down(lufs, out, -w * Math.max(0, lufs - median)));
        }

        for (Predictions p : PredictionsCsv.read(Path.of(System.getProperty("mixer.probe.predictions")))) {
            if (!MODELS.contains(p.model())) continue;
            double[][][] scores = new double[p.size()][][]; // row, variant, {distance, |loudness error|, closer}
            IntStream.range(0, p.size()).parallel().forEach(i -> {
                Example e = manifest.example(p.exampleIds().get(i));
                Audio heard = ProbeAudio.read(manifest, e, "audio");
                AudioMetrics metrics = new AudioMetrics(heard, ProbeAudio.read(manifest, e, "source"));
                MixSettings settings = p.predictedSettings(i);
                Audio mix = Renderer.render(heard, settings, false);
                double lufs = AudioMetrics.integratedLufs(mix), out = settings.get(Param.OUTPUT_LEVEL_DB);
                scores[i] = new double[variants.size()][];
                int v = 0;
                for (DoubleBinaryOperator level : variants.values()) {
                    double moved = Math.max(Param.OUTPUT_LEVEL_DB.min, Math.min(Param.OUTPUT_LEVEL_DB.max, level.applyAsDouble(lufs, out))) - out;
                    AudioMetrics.Score s = metrics.scoreMix(Pipeline.process(mix, new Gain(moved)));
                    scores[i][v++] = new double[] {s.stftDistance(), Math.abs(s.loudnessErrorLu()), s.closerThanInput() ? 1 : 0};
                }
            });
            System.out.println(p.model() + " (" + p.size() + " validation rows):");
            int v = 0;
            for (String name : variants.keySet()) {
                double d = 0, lu = 0, closer = 0;
                for (double[][] row : scores) {
                    d += row[v][0];
                    lu += row[v][1];
                    closer += row[v][2];
                }
                System.out.printf(Locale.ROOT, "  %-52s MR-STFT %.3f  |loudness error| %.2f LU  closer than the input %.1f %%%n", name,
                        d / scores.length, lu / scores.length, 100 * closer / scores.length);
                v++;
            }
        }
    }


    /**
     * The output level after moving the mix's loudness by {@code shiftLu} and then, as mixing does, down to the loudest
     * training track ({@link FinishedLevel#LOUDEST_LUFS}) when still louder.
     */
    private static double down(double lufs, double out, double shiftLu) {
        return out + shiftLu - Math.max(0, lufs + shiftLu - FinishedLevel.LOUDEST_LUFS);
    }

    private static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        return lo + 1 < sorted.length ? sorted[lo] + (pos - lo) * (sorted[lo + 1] - sorted[lo]) : sorted[lo];
    }
}
