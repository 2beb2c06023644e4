package mixer.evaluation.metrics;

import mixer.dsp.params.Param;
import mixer.evaluation.Predictions;
import mixer.evaluation.PredictionsCsv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A task on several renders per test track ({@code mixer dataset build --test-renders N}): the report's figures
 * again on the first render alone (the rows of the usual one-render test split), on the renders after it (rows no one
 * has looked at) and on all, with the report's own bootstrap (seed 1, tracks resampled). Reads an evaluation's
 * {@code predictions.csv} and {@code audio_examples.csv}. Not part of the normal test run: {@code ./mvnw -B -o -q -pl
 * evaluation test -Dtest=RendersPerTrackProbe -Dsurefire.failIfNoSpecifiedTests=false -Dmixer.probe.results=REPORT/results
 * [-Dmixer.probe.models=MODEL,...] [-Dmixer.probe.against=MODEL]}; with {@code against}, each model's paired difference from
 * it on each subset (as the report compares an ensemble with its best member).
 */
@EnabledIfSystemProperty(named = "mixer.probe.results", matches = ".+")
class RendersPerTrackProbe {

    /** The models to break down ({@code -Dmixer.probe.models=a,b}; match other's best is "ensemble + second stage"). */
    private static final List<String> MODELS = List.of(System.getProperty("mixer.probe.models", "ensemble + refine,ensemble").split(","));
    private static final String AGAINST = System.getProperty("mixer.probe.against", "");

    @Test
    void byRender() throws IOException {
        Path results = Path.of(System.getProperty("mixer.probe.results"));
        Map<String, Predictions> byModel = new HashMap<>();
        for (Predictions p : PredictionsCsv.read(results.resolve("predictions.csv"))) byModel.put(p.model(), p);
        Map<String, Map<String, Boolean>> closer = new HashMap<>(); // model -> example -> closer than the input
        List<String> lines = Files.readAllLines(results.resolve("audio_examples.csv"));
        List<String> header = List.of(lines.get(0).split(","));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            closer.computeIfAbsent(f[header.indexOf("model")], m -> new HashMap<>())
                    .put(f[header.indexOf("example_id")], Boolean.parseBoolean(f[header.indexOf("closer_than_input")]));
        }
        Map<String, Predicate<String>> subsets = new java.util.LinkedHashMap<>();
        subsets.put("the first render (the one-render test split)", id -> id.endsWith("#0"));
        subsets.put("the renders after it", id -> !id.endsWith("#0"));
        subsets.put("every render", id -> true);
        Bootstrap bootstrap = Bootstrap.withSeed(1);
        for (String model : MODELS) {
            for (Map.Entry<String, Predicate<String>> subset : subsets.entrySet()) {
                Predictions p = subset(byModel.get(model), subset.getValue());
                ParameterMetrics m = ParameterMetrics.of(p, bootstrap);
                ParameterMetrics mean = ParameterMetrics.of(subset(byModel.get("mean"), subset.getValue()), bootstrap);
                double[] closerRows = p.exampleIds().stream().mapToDouble(id -> closer.get(model).get(id) ? 1 : 0).toArray();
                Estimate share = bootstrap.derive(203).mean(closerRows, p.trackIds());
                System.out.printf(Locale.ROOT, "%s, %s: %d rows of %d tracks, MAE %s, closer than the input %.1f %% [%.1f, %.1f]%n",
                        model, subset.getKey(), p.size(), p.tracks().size(), m.mae().format(4),
                        100 * share.value(), 100 * share.low(), 100 * share.high());
                StringBuilder skills = new StringBuilder("  skill:");
                for (Param param : Param.values()) skills.append(' ').append(param.id).append(' ').append(m.skillInterval(param, mean).format(3));
                System.out.println(skills);
                if (!AGAINST.isEmpty()) {
                    PairedDifference d = PairedDifference.of(p, subset(byModel.get(AGAINST), subset.getValue()), bootstrap);
                    System.out.printf(Locale.ROOT, "  against %s (MAE %.4f): %s, %.1f %%%n", AGAINST, d.againstMae(), d.difference().format(4),
                            100 * d.relative());
                }
            }
        }
    }

    private static Predictions subset(Predictions p, Predicate<String> keep) {
        List<String> ids = new ArrayList<>();
        List<double[]> predicted = new ArrayList<>(), truth = new ArrayList<>();
        for (int i = 0; i < p.size(); i++) {
            if (!keep.test(p.exampleIds().get(i))) continue;
            ids.add(p.exampleIds().get(i));
            predicted.add(p.predicted()[i]);
            truth.add(p.truth()[i]);
        }
        return Predictions.of(p.model(), ids, predicted.toArray(double[][]::new), truth.toArray(double[][]::new));
    }
}
