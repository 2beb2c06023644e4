package mixer.evaluation.metrics;

import mixer.dataset.Example;
import mixer.dataset.FinishedLevel;
import mixer.dataset.Manifest;
import mixer.dsp.Audio;
import mixer.dsp.Renderer;
import mixer.dsp.analysis.MultiResolutionStft;
import mixer.dsp.params.MixSettings;
import mixer.evaluation.Predictions;
import mixer.evaluation.PredictionsCsv;
import mixer.evaluation.ProbeAudio;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToIntFunction;
import java.util.stream.IntStream;

/**
 * Blind restore, issue 14's 95 %: does an amount chosen per song (not one for all, refuted in {@link AmountProbe}) turn
 * the mixes that end farther from the original than the raw input without costing the others? For every validation
 * row of the ensemble + refine, each amount's distance to the original beside what a song's mix can know: how far the
 * mix moves its input, how much the members disagree. Prints the best amount per row chosen knowing the original (the
 * most any per-song amount can give) and rules on the two known quantities. Not part of the normal test run:
 * {@code ./mvnw -B -o -q -pl evaluation test -Dtest=AdaptiveAmountProbe -Dsurefire.failIfNoSpecifiedTests=false
 * -Dmixer.probe.predictions=VALIDATION-REPORT/results/predictions.csv -Dmixer.probe.manifest=data/dataset/manifest.csv}
 */
@EnabledIfSystemProperty(named = "mixer.probe.predictions", matches = ".+")
class AdaptiveAmountProbe {

    private static final double[] AMOUNTS = {1, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1};
    private static final List<String> MEMBERS = List.of("baseline-cnn + refine", "enhanced-cnn + refine", "ast + refine");

    /** One row: the raw input's distance, the two known quantities, and per amount {distance, settings MAE}. */
    private record Row(String id, double input, double moved, double spread, double[][] byAmount) {
        boolean closer(int a) {
            return byAmount[a][0] < input;
        }
    }

    @Test
    void perSongAmountOnValidation() throws IOException {
        Manifest manifest = Manifest.read(Path.of(System.getProperty("mixer.probe.manifest")));
        Map<String, Predictions> byModel = new HashMap<>();
        for (Predictions p : PredictionsCsv.read(Path.of(System.getProperty("mixer.probe.predictions")))) byModel.put(p.model(), p);
        Predictions p = byModel.get("ensemble + refine");
        MultiResolutionStft stft = MultiResolutionStft.standard();
        Row[] rows = new Row[p.size()];
        IntStream.range(0, p.size()).parallel().forEach(i -> {
            Example e = manifest.example(p.exampleIds().get(i));
            Audio input = ProbeAudio.read(manifest, e, "audio");
            Audio original = ProbeAudio.read(manifest, e, "source");
            double spread = 0;
            for (int j = 0; j < p.truth()[i].length; j++) {
                double mean = 0, sq = 0;
                for (String m : MEMBERS) mean += byModel.get(m).predicted()[i][j] / MEMBERS.size();
                for (String m : MEMBERS) sq += Math.pow(byModel.get(m).predicted()[i][j] - mean, 2) / MEMBERS.size();
                spread += Math.sqrt(sq) / p.truth()[i].length;
            }
            double[][] byAmount = new double[AMOUNTS.length][];
            double moved = 0;
            for (int a = 0; a < AMOUNTS.length; a++) {
                MixSettings settings = p.predictedSettings(i).blendTowardNeutral(AMOUNTS[a]);
                Audio mix = Renderer.render(input, settings, false); // as `mixer mix` sets the level (AudioMetrics.scoreAsMixed)
                MixSettings kept = FinishedLevel.kept(settings, AudioMetrics.integratedLufs(mix));
                if (!kept.equals(settings)) mix = Renderer.render(input, kept, false);
                if (a == 0) moved = stft.distance(mix, input);
                double[] n = settings.normalized();
                double mae = 0;
                for (int j = 0; j < n.length; j++) mae += Math.abs(n[j] - p.truth()[i][j]) / n.length;
                byAmount[a] = new double[] {stft.distance(mix, original), mae};
            }
            rows[i] = new Row(p.exampleIds().get(i), stft.distance(input, original), moved, spread, byAmount);
        });

        System.out.println("ensemble + refine, " + rows.length + " validation rows");
        for (int a = 0; a < AMOUNTS.length; a++) {
            int chosen = a;
            print(String.format(Locale.ROOT, "every song at amount %.1f", AMOUNTS[a]), rows, r -> chosen);
        }
        print("each song at its best amount, knowing the original", rows, r -> {
            int best = 0;
            for (int a = 1; a < AMOUNTS.length; a++) if (r.byAmount[a][0] < r.byAmount[best][0]) best = a;
            return best;
        });
        double[] moved = Arrays.stream(rows).mapToDouble(Row::moved).sorted().toArray();
        double[] spread = Arrays.stream(rows).mapToDouble(Row::spread).sorted().toArray();
        for (double q : new double[] {0.1, 0.25, 0.5}) {
            for (int a : new int[] {2, 4, 8}) { // amounts 0.8, 0.6, 0.2
                double m = moved[(int) (q * rows.length)], s = spread[(int) ((1 - q) * rows.length)];
                print(String.format(Locale.ROOT, "amount %.1f where the mix moves its input least (%.0f %%, < %.3f)", AMOUNTS[a], 100 * q, m),
                        rows, r -> r.moved < m ? a : 0);
                print(String.format(Locale.ROOT, "amount %.1f where the members disagree most (%.0f %%, > %.3f)", AMOUNTS[a], 100 * q, s),
                        rows, r -> r.spread > s ? a : 0);
            }
        }
        System.out.println("rows farther than their input at amount 1 (raw input's distance, the mix's, moved, spread, turned at):");
        for (Row r : rows) {
            if (r.closer(0)) continue;
            String turned = "never";
            for (int a = 0; a < AMOUNTS.length; a++) {
                if (r.closer(a)) {
                    turned = String.format(Locale.ROOT, "%.1f", AMOUNTS[a]);
                    break;
                }
            }
            System.out.printf(Locale.ROOT, "  %-44s %7.3f %7.3f %6.3f %6.3f %s%n", r.id, r.input, r.byAmount[0][0], r.moved, r.spread, turned);
        }
    }

    private static void print(String rule, Row[] rows, ToIntFunction<Row> amount) {
        double closer = 0, d = 0, mae = 0;
        for (Row r : rows) {
            int a = amount.applyAsInt(r);
            closer += r.closer(a) ? 1 : 0;
            d += r.byAmount[a][0];
            mae += r.byAmount[a][1];
        }
        System.out.printf(Locale.ROOT, "  %-72s closer %5.1f %%  MR-STFT %.3f  settings MAE %.4f%n", rule, 100 * closer / rows.length,
                d / rows.length, mae / rows.length);
    }
}
