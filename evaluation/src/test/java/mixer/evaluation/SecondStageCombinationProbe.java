package mixer.evaluation;

import mixer.dataset.Example;
import mixer.dataset.Manifest;
import mixer.dataset.match.PairFit;
import mixer.dsp.Audio;
import mixer.dsp.params.Param;
import mixer.evaluation.ensemble.EnsembleFitter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Match same: how the members' two-stage estimates are best combined, on the validation split (never the test
 * split). The report's "ensemble + second stage" ran the second stage once, from the weighted ensemble's prediction
 * (until bc6608e, which keeps the best-fitting of the ensemble's and its members' answers, as measured here);
 * the alternatives combine the members' own second-stage answers: their median, or weights fitted on those answers
 * ({@link EnsembleFitter}, each track's rows with weights fitted without that track), or, given the dataset's manifest,
 * the one whose render of the raw take fits the mix best ({@link PairFit}: a multi-start's choice, which needs no truth).
 * Reads the predictions an evaluation of the validation split wrote. Not part of the normal test run:
 * {@code ./mvnw -B -o -q -pl evaluation test -Dtest=SecondStageCombinationProbe -Dsurefire.failIfNoSpecifiedTests=false
 * -Dmixer.probe.predictions=runs/VALIDATION-REPORT/results/predictions.csv [-Dmixer.probe.manifest=data/dataset-match-same/manifest.csv]}
 */
@EnabledIfSystemProperty(named = "mixer.probe.predictions", matches = ".+")
class SecondStageCombinationProbe {

    private static final List<String> MEMBERS = List.of("baseline-cnn", "enhanced-cnn", "ast");
    private static final List<String> ALL = List.of("baseline-cnn", "enhanced-cnn", "ast", "descriptor-mlp", "ensemble");

    @Test
    void combinationsOnValidation() throws IOException {
        Map<String, Predictions> byName = new LinkedHashMap<>();
        for (Predictions p : PredictionsCsv.read(Path.of(System.getProperty("mixer.probe.predictions")))) byName.put(p.model(), p);
        Map<String, Double> mae = new LinkedHashMap<>();
        for (String m : ALL) mae.put(m + Refinement.SECOND_STAGE, mae(staged(byName, List.of(m)).get(0).predicted(), byName));
        mae.put("median of the 3 members' second stages", mae(median(staged(byName, MEMBERS)), byName));
        mae.put("median of all 5 second stages", mae(median(staged(byName, ALL)), byName));
        mae.put("weights fitted on the 3 members' second stages, track held out", mae(heldOut(staged(byName, MEMBERS)), byName));
        mae.put("weights fitted on all 5 second stages, track held out", mae(heldOut(staged(byName, ALL)), byName));
        String manifest = System.getProperty("mixer.probe.manifest", "");
        if (!manifest.isEmpty()) {
            List<Predictions> all = staged(byName, ALL);
            double[][] fits = fits(all, Manifest.read(Path.of(manifest)));
            int ensemble = ALL.indexOf("ensemble");
            for (double margin : new double[] {0, 0.1, 0.5}) {
                mae.put(String.format(Locale.ROOT, "the best-fitting of all 5, the ensemble's unless %.0f %% worse", 100 * margin),
                        mae(chosen(all, fits, ensemble, margin), byName));
            }
            mae.put("the one of all 5 nearest the truth (an oracle: selection's bound)", mae(oracle(all), byName));
        }
        mae.forEach((k, v) -> System.out.printf(Locale.ROOT, "%-66s %.4f%n", k, v));
    }

    /** Each model's {@link PairFit} distance on each row: fits[row][model]. */
    private static double[][] fits(List<Predictions> models, Manifest manifest) {
        Predictions first = models.get(0);
        double[][] fits = new double[first.size()][];
        IntStream.range(0, first.size()).parallel().forEach(i -> {
            Example e = manifest.example(first.exampleIds().get(i));
            Audio raw = ProbeAudio.read(manifest, e, "audio"), mixed = ProbeAudio.read(manifest, e, Manifest.REFERENCE);
            fits[i] = models.stream().mapToDouble(p -> PairFit.of(raw, mixed, p.predictedSettings(i)).left()).toArray();
            System.out.printf(Locale.ROOT, "%-48s fits %s%n", e.id(), Arrays.toString(Arrays.stream(fits[i])
                    .mapToObj(v -> String.format(Locale.ROOT, "%.4f", v)).toArray()));
        });
        return fits;
    }

    /** Per row the best-fitting model's answer; the default model's unless the best fits better by more than {@code margin}. */
    private static double[][] chosen(List<Predictions> models, double[][] fits, int preferred, double margin) {
        double[][] out = new double[fits.length][];
        for (int i = 0; i < fits.length; i++) {
            int best = preferred;
            for (int m = 0; m < models.size(); m++) if (fits[i][m] < fits[i][best]) best = m;
            if (fits[i][best] >= fits[i][preferred] * (1 - margin)) best = preferred;
            out[i] = models.get(best).predicted()[i];
        }
        return out;
    }

    private static double[][] oracle(List<Predictions> models) {
        int n = models.get(0).size();
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) {
            double bestError = Double.POSITIVE_INFINITY;
            for (Predictions p : models) {
                double error = 0;
                for (int j = 0; j < Param.COUNT; j++) error += Math.abs(p.predicted()[i][j] - p.truth()[i][j]);
                if (error < bestError) {
                    bestError = error;
                    out[i] = p.predicted()[i];
                }
            }
        }
        return out;
    }

    private static List<Predictions> staged(Map<String, Predictions> byName, List<String> models) {
        List<Predictions> out = new ArrayList<>();
        for (String m : models) {
            Predictions p = byName.get(m + Refinement.SECOND_STAGE);
            if (p == null) throw new IllegalArgumentException("no '" + m + Refinement.SECOND_STAGE + "' rows: evaluate a match-same dataset");
            out.add(p);
        }
        return out;
    }

    private static double[][] median(List<Predictions> models) {
        int n = models.get(0).size();
        double[][] out = new double[n][Param.COUNT];
        double[] v = new double[models.size()];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < Param.COUNT; j++) {
                for (int m = 0; m < v.length; m++) v[m] = models.get(m).predicted()[i][j];
                Arrays.sort(v);
                out[i][j] = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
            }
        }
        return out;
    }

    /** Each track's rows combined with weights fitted on the other tracks' rows. */
    private static double[][] heldOut(List<Predictions> models) {
        Predictions first = models.get(0);
        double[][] out = new double[first.size()][];
        for (String track : first.tracks()) {
            List<Integer> in = new ArrayList<>(), rest = new ArrayList<>();
            for (int i = 0; i < first.size(); i++) (first.trackIds().get(i).equals(track) ? in : rest).add(i);
            var ensemble = EnsembleFitter.fit(models.stream().map(p -> rows(p, rest)).toList()).ensemble();
            Predictions combined = EnsembleFitter.apply(ensemble, models.stream().map(p -> rows(p, in)).toList());
            for (int k = 0; k < in.size(); k++) out[in.get(k)] = combined.predicted()[k];
        }
        return out;
    }

    private static Predictions rows(Predictions p, List<Integer> rows) {
        List<String> ids = rows.stream().map(i -> p.exampleIds().get(i)).toList();
        double[][] predicted = rows.stream().map(i -> p.predicted()[i]).toArray(double[][]::new);
        double[][] truth = rows.stream().map(i -> p.truth()[i]).toArray(double[][]::new);
        return Predictions.of(p.model(), ids, predicted, truth);
    }

    private static double mae(double[][] predicted, Map<String, Predictions> byName) {
        double[][] truth = byName.values().iterator().next().truth();
        double sum = 0;
        for (int i = 0; i < truth.length; i++) for (int j = 0; j < Param.COUNT; j++) sum += Math.abs(predicted[i][j] - truth[i][j]);
        return sum / (truth.length * Param.COUNT);
    }
}
