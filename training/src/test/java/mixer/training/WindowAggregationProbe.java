package mixer.training;

import mixer.dataset.Manifest;
import mixer.dataset.Split;
import mixer.dataset.features.FeatureCache;
import mixer.dsp.params.Param;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * How a song's windows are best combined, measured on the validation split (never the test split):
 * each trained model's MAE when a row's settings are the plain mean of its windows' predictions and
 * when they are the trimmed mean (a fifth cut at each end). Not part of the normal test run:
 * {@code ./mvnw -B -o -q -pl training test -Dtest=WindowAggregationProbe -Dsurefire.failIfNoSpecifiedTests=false
 * -Dmixer.probe.workspace=DIR} (DIR holds data/dataset/manifest.csv and models/*.zip).
 */
@EnabledIfSystemProperty(named = "mixer.probe.workspace", matches = ".+")
class WindowAggregationProbe {

    @Test
    void meanAgainstTrimmedMeanOnValidation() throws IOException {
        Path workspace = Path.of(System.getProperty("mixer.probe.workspace"));
        Manifest manifest = Manifest.read(workspace.resolve("data/dataset/manifest.csv"));
        for (String name : List.of("baseline-cnn", "enhanced-cnn", "ast", "descriptor-mlp")) {
            Path file = workspace.resolve("models/" + name + ".zip");
            if (!Files.exists(file)) continue;
            ModelBundle model = ModelBundle.load(file);
            FixedExamples rows = FixedExamples.load(manifest, model.task(), Split.VALIDATION, model.featureConfig(),
                    new FeatureCache(workspace.resolve("runs/feature-cache")), s -> { });
            double[] mean = new double[Param.COUNT], trimmed = new double[Param.COUNT];
            double worstMean = 0, worstTrimmed = 0;
            for (FixedExamples.Row row : rows.rows()) {
                double[][] each = model.predictWindows(row.windows());
                double rowMean = 0, rowTrimmed = 0;
                for (int p = 0; p < Param.COUNT; p++) {
                    double[] column = new double[each.length];
                    double m = 0;
                    for (int w = 0; w < each.length; w++) {
                        column[w] = each[w][p];
                        m += each[w][p] / each.length;
                    }
                    double t = trimmedMean(column);
                    double em = Math.abs(clamp(m) - row.targets()[p]), et = Math.abs(clamp(t) - row.targets()[p]);
                    mean[p] += em / rows.size();
                    trimmed[p] += et / rows.size();
                    rowMean += em / Param.COUNT;
                    rowTrimmed += et / Param.COUNT;
                }
                worstMean = Math.max(worstMean, rowMean);
                worstTrimmed = Math.max(worstTrimmed, rowTrimmed);
            }
            System.out.printf(Locale.ROOT, "%s validation MAE: mean of windows %.4f, trimmed mean %.4f; worst row %.4f / %.4f%n",
                    name, average(mean), average(trimmed), worstMean, worstTrimmed);
            for (Param p : Param.all()) {
                System.out.printf(Locale.ROOT, "  %-16s %.4f %.4f%n", p.id, mean[p.ordinal()], trimmed[p.ordinal()]);
            }
        }
    }

    /** The mean of the values without the floor(n / 5) highest and the floor(n / 5) lowest. */
    static double trimmedMean(double[] values) {
        int cut = values.length / 5;
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        double mean = 0;
        for (int w = cut; w < sorted.length - cut; w++) mean += sorted[w] / (sorted.length - 2 * cut);
        return mean;
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }

    private static double average(double[] v) {
        double s = 0;
        for (double x : v) s += x / v.length;
        return s;
    }
}
