package mixer.evaluation.metrics;

import mixer.dsp.params.Param;
import mixer.evaluation.Predictions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Parameter-domain errors of one model: MAE overall and per parameter in normalised and physical units,
 * RMSE and the median absolute error, and a bootstrap 95 % interval of the MAE that resamples test
 * tracks (rows of one track move together), seeded so a report is repeatable.
 */
public record ParameterMetrics(String model, int rows, double mae, double maeLow, double maeHigh, double rmse, double medianAbsError,
                               double[] maePerParam, double[] maeLowPerParam, double[] maeHighPerParam, double[] maePhysicalPerParam) {

    public static final int BOOTSTRAP_RESAMPLES = 2000;

    public static ParameterMetrics of(Predictions p, long seed) {
        int n = p.size(), k = Param.COUNT;
        double[][] abs = new double[n][k];
        double[] perParam = new double[k], physical = new double[k];
        double sum = 0, sumSq = 0;
        double[] all = new double[n * k];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                double e = Math.abs(p.predicted()[i][j] - p.truth()[i][j]);
                abs[i][j] = e;
                all[i * k + j] = e;
                perParam[j] += e / n;
                Param param = Param.values()[j];
                physical[j] += Math.abs(param.toPhysical(clamp(p.predicted()[i][j])) - param.toPhysical(p.truth()[i][j])) / n;
                sum += e;
                sumSq += e * e;
            }
        }
        Arrays.sort(all);
        double median = all.length % 2 == 1 ? all[all.length / 2] : (all[all.length / 2 - 1] + all[all.length / 2]) / 2;

        // bootstrap over tracks
        Map<String, List<Integer>> byTrack = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) byTrack.computeIfAbsent(p.trackIds().get(i), t -> new ArrayList<>()).add(i);
        List<List<Integer>> tracks = new ArrayList<>(byTrack.values());
        SplittableRandom rng = new SplittableRandom(seed);
        double[] overall = new double[BOOTSTRAP_RESAMPLES];
        double[][] param = new double[k][BOOTSTRAP_RESAMPLES];
        for (int b = 0; b < BOOTSTRAP_RESAMPLES; b++) {
            double[] s = new double[k];
            int count = 0;
            for (int t = 0; t < tracks.size(); t++) {
                for (int row : tracks.get(rng.nextInt(tracks.size()))) {
                    for (int j = 0; j < k; j++) s[j] += abs[row][j];
                    count++;
                }
            }
            double total = 0;
            for (int j = 0; j < k; j++) {
                param[j][b] = s[j] / count;
                total += s[j];
            }
            overall[b] = total / (count * k);
        }
        double[] low = new double[k], high = new double[k];
        for (int j = 0; j < k; j++) {
            low[j] = percentile(param[j], 0.025);
            high[j] = percentile(param[j], 0.975);
        }
        return new ParameterMetrics(p.model(), n, sum / (n * k), percentile(overall, 0.025), percentile(overall, 0.975),
                Math.sqrt(sumSq / (n * k)), median, perParam, low, high, physical);
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }

    static double percentile(double[] values, double q) {
        double[] v = values.clone();
        Arrays.sort(v);
        double pos = q * (v.length - 1);
        int lo = (int) Math.floor(pos), hi = (int) Math.ceil(pos);
        return v[lo] + (v[hi] - v[lo]) * (pos - lo);
    }
}
