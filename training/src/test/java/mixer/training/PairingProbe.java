package mixer.training;

import mixer.dataset.Example;
import mixer.dataset.Manifest;
import mixer.dataset.Split;
import mixer.dataset.features.Features;
import mixer.dataset.features.SongWindows;
import mixer.dsp.Audio;
import mixer.dsp.params.Param;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Hypothesis (issue 15, match other): a match-other model is trained on one window of a crop against one window of
 * another crop, any two; a test row (two 10 s crops) is heard as its three windows paired in order. Averaging over every
 * input window against every reference window (9 pairs), or over more, overlapping windows (6 x 6), hears more of what
 * training drew, so the mean prediction should be less noisy: lower MAE, most on the settings the pair shows.
 * {@code ./mvnw -o -B -q -pl training test -Dtest=PairingProbe -Dsurefire.failIfNoSpecifiedTests=false
 * -Dmixer.probe.pairing=MODELS_DIR -Dmixer.probe.manifest=MANIFEST}
 * Measured 2026-12-06 on the 96 validation rows of the default match-other dataset with the models of the clean-clone
 * reproduce at 0f971aa (niced beside a reproduce, 19 min): validation MAE in order / every pair / 6 x 6 overlapping,
 * every pair: baseline CNN 0.1180 / 0.1178 / 0.1171, enhanced CNN 0.1165 / 0.1164 / 0.1156, AST 0.1175 / 0.1172 / 0.1171,
 * descriptor MLP 0.1355 / 0.1352 / 0.1346, ensemble 0.1099 / 0.1097 / 0.1093 (input gain 0.1865 / 0.1859 / 0.1855, ratio
 * 0.2594 / 0.2595 / 0.2597). Every model gains a little with 36 pairs, 0.0004-0.0009: a twentieth of the gap to 0.10,
 * for twelve times the window pairs. <b>Not kept.</b>
 */
@EnabledIfSystemProperty(named = "mixer.probe.pairing", matches = ".+")
class PairingProbe {

    @Test
    void probe() throws IOException {
        Path dir = Path.of(System.getProperty("mixer.probe.pairing"));
        Manifest manifest = Manifest.read(Path.of(System.getProperty("mixer.probe.manifest")));
        Split split = Split.valueOf(System.getProperty("mixer.probe.split", "validation").toUpperCase(Locale.ROOT));
        Map<String, SettingsPredictor> models = new LinkedHashMap<>();
        for (String m : List.of("baseline-cnn", "enhanced-cnn", "ast", "descriptor-mlp")) models.put(m, ModelBundle.load(dir.resolve(m + ".zip")));
        models.put("ensemble", EnsembleModel.load(dir.resolve("ensemble.json")));
        var config = models.get("ensemble").featureConfig();
        String[] variants = {"in order (3)", "every pair (3 x 3)", "overlapping, every pair (6 x 6)"};
        double[][][] sum = new double[variants.length][models.size()][Param.COUNT];
        List<Example> rows = manifest.split(split);
        int n = 0;
        StringBuilder lines = new StringBuilder("id,variant,model");
        for (Param p : Param.all()) lines.append(",err_").append(p.id);
        lines.append('\n');
        for (Example row : rows) {
            Audio x = manifest.readAudio(row, "audio"), y = manifest.readAudio(row, Manifest.REFERENCE);
            int length = config.windowSamples(x.sampleRateHz());
            List<Audio> x3 = SongWindows.readAllOf(x, length, SongWindows.DEFAULT_MAX_WINDOWS), y3 = SongWindows.readAllOf(y, length, SongWindows.DEFAULT_MAX_WINDOWS);
            List<Audio> x6 = windows(x, length, 6), y6 = windows(y, length, 6);
            List<List<Features>> heard = List.of(
                    SongWindows.pairFeatures(SongWindows.pairs(x3, y3), false, config),
                    SongWindows.pairFeatures(every(x3, y3), false, config),
                    SongWindows.pairFeatures(every(x6, y6), false, config));
            double[] truth = row.targets();
            for (int v = 0; v < variants.length; v++) {
                int m = 0;
                for (var e : models.entrySet()) {
                    double[] p = e.getValue().predictNormalized(heard.get(v));
                    lines.append(row.id()).append(',').append(v).append(',').append(e.getKey());
                    for (int k = 0; k < Param.COUNT; k++) {
                        double err = Math.abs(p[k] - truth[k]);
                        sum[v][m][k] += err;
                        lines.append(String.format(Locale.ROOT, ",%.5f", err));
                    }
                    lines.append('\n');
                    m++;
                }
            }
            n++;
            if (n % 12 == 0) System.out.printf(Locale.ROOT, "%d/%d rows%n", n, rows.size());
        }
        String out = System.getProperty("mixer.probe.out");
        if (out != null) Files.writeString(Path.of(out), lines);
        System.out.printf(Locale.ROOT, "%d %s rows; MAE per model and pairing:%n", n, split.id());
        List<String> names = new ArrayList<>(models.keySet());
        for (int m = 0; m < names.size(); m++) {
            StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-15s", names.get(m)));
            for (int v = 0; v < variants.length; v++) s.append(String.format(Locale.ROOT, "  %s %.4f", variants[v], mean(sum[v][m]) / n));
            System.out.println(s);
        }
        System.out.println("the ensemble per parameter:");
        int e = names.indexOf("ensemble");
        for (int k = 0; k < Param.COUNT; k++) {
            StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-16s", Param.all().get(k).id));
            for (int v = 0; v < variants.length; v++) s.append(String.format(Locale.ROOT, "  %.4f", sum[v][e][k] / n));
            System.out.println(s);
        }
    }

    static double mean(double[] v) {
        double s = 0;
        for (double d : v) s += d;
        return s / v.length;
    }

    static List<Audio[]> every(List<Audio> in, List<Audio> ref) {
        List<Audio[]> out = new ArrayList<>();
        for (Audio a : in) for (Audio b : ref) out.add(new Audio[] {a, b});
        return out;
    }

    /** {@code count} windows of {@code length} evenly spaced from the first frame to the last, overlapping. */
    static List<Audio> windows(Audio a, int length, int count) {
        List<Audio> out = new ArrayList<>();
        int span = Math.max(0, a.frames() - length);
        for (int i = 0; i < count; i++) {
            int start = (int) Math.round((double) span * i / (count - 1));
            out.add(a.slice(start, Math.min(a.frames(), start + length)));
        }
        return out;
    }
}
