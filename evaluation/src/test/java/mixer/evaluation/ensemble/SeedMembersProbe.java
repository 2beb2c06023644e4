package mixer.evaluation.ensemble;

import mixer.evaluation.Predictions;
import mixer.evaluation.PredictionsCsv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Blind restore: whether a second training seed of each network helps the ensemble, on the validation split (never the
 * test split). Two evaluations of the validation split, of the same networks trained with two seeds, give each
 * member's predictions twice; the ensembles compared are scored as {@link EnsembleFitter} chooses its shrinkage: on
 * each validation track left out of the weights' fit (its best step and the plain fit, s = 0). Not part of the normal
 * test run: {@code ./mvnw -B -o -q -pl evaluation test -Dtest=SeedMembersProbe -Dsurefire.failIfNoSpecifiedTests=false
 * -Dmixer.probe.predictions=SEED1-REPORT/results/predictions.csv -Dmixer.probe.predictions2=SEED2-REPORT/results/predictions.csv}
 */
@EnabledIfSystemProperty(named = "mixer.probe.predictions", matches = ".+")
class SeedMembersProbe {

    private static final List<String> NETWORKS = List.of("baseline-cnn", "enhanced-cnn", "ast", "descriptor-mlp");

    @Test
    void secondSeedOnValidation() throws IOException {
        Map<String, Predictions> one = read("mixer.probe.predictions"), two = read("mixer.probe.predictions2");
        for (String m : NETWORKS) {
            Predictions mean = averaged(m, one.get(m), two.get(m));
            System.out.printf(Locale.ROOT, "%-16s seed 1 %.4f, seed 2 %.4f, the two averaged %.4f%n", m, mae(one.get(m)), mae(two.get(m)), mae(mean));
        }
        Map<String, List<Predictions>> variants = new LinkedHashMap<>();
        for (List<String> members : List.of(NETWORKS.subList(0, 3), NETWORKS)) {
            String which = members.size() + " networks";
            variants.put(which + ", seed 1", members.stream().map(one::get).toList());
            variants.put(which + ", seed 2", members.stream().map(two::get).toList());
            List<Predictions> both = new ArrayList<>(members.stream().map(one::get).toList());
            members.forEach(m -> both.add(two.get(m).withPredictions(m + " (seed 2)", two.get(m).predicted())));
            variants.put(which + ", both seeds as members", both);
            variants.put(which + ", each the mean of its two seeds", members.stream().map(m -> averaged(m, one.get(m), two.get(m))).toList());
        }
        System.out.printf(Locale.ROOT, "%-52s %s%n", "ensemble (validation, 96 rows of 12 tracks)", "in-sample | left-out tracks: s = 0, best s (s)");
        variants.forEach((name, members) -> {
            EnsembleFitter.Fit fit = EnsembleFitter.fit(members);
            double[] held = fit.heldOutMae();
            int best = 0;
            for (int s = 1; s < held.length; s++) if (held[s] <= held[best]) best = s;
            System.out.printf(Locale.ROOT, "%-52s %.4f | %.4f, %.4f (%.1f)%n", name,
                    java.util.Arrays.stream(fit.ensembleMae()).average().orElseThrow(), held[0], held[best],
                    best / (double) EnsembleFitter.SHRINKAGE_STEPS);
        });
    }

    private static Map<String, Predictions> read(String property) throws IOException {
        Map<String, Predictions> out = new LinkedHashMap<>();
        for (Predictions p : PredictionsCsv.read(Path.of(System.getProperty(property)))) out.put(p.model(), p);
        for (String m : NETWORKS) if (!out.containsKey(m)) throw new IllegalArgumentException(System.getProperty(property) + ": no rows of " + m);
        return out;
    }

    private static Predictions averaged(String name, Predictions a, Predictions b) {
        a.requireSameExamples(b);
        double[][] mean = new double[a.size()][];
        for (int i = 0; i < a.size(); i++) {
            mean[i] = new double[a.predicted()[i].length];
            for (int j = 0; j < mean[i].length; j++) mean[i][j] = (a.predicted()[i][j] + b.predicted()[i][j]) / 2;
        }
        return a.withPredictions(name, mean);
    }

    private static double mae(Predictions p) {
        double s = 0;
        for (int i = 0; i < p.size(); i++) for (int j = 0; j < p.predicted()[i].length; j++) s += Math.abs(p.predicted()[i][j] - p.truth()[i][j]);
        return s / (p.size() * (double) p.predicted()[0].length);
    }
}
