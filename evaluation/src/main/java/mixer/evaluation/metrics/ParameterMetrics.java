package mixer.evaluation.metrics;

import mixer.dsp.params.Param;
import mixer.evaluation.Predictions;

import java.util.Arrays;

/**
 * Parameter-domain scores of one model on a set of examples: mean absolute error overall and per
 * parameter, normalised (fractions of each range, the 0.035 target's unit) and physical (dB, ratio,
 * send level, width), each with a bootstrap 95 % interval over tracks; root mean square error and
 * median absolute error too.
 *
 * <p>Overall values pool all 10 parameters of all rows (each row weighs the same); there is no
 * overall physical value because the units differ. Physical errors compare the settings the renderer
 * would use: |toPhysical(predicted) - toPhysical(true)|, so comp_ratio (log scale) is in ratio units.
 *
 * <p>Given which stages are audible in each row ({@link Audibility}), the MAE on the audible rows too; and
 * against a reference model's metrics (the training mean), the skill 1 - MAE / reference MAE.
 */
public final class ParameterMetrics {

    private final String model;
    private final int examples;
    private final int tracks;
    private final Estimate mae;
    private final double rmse;
    private final double median;
    private final Estimate[] maeByParam = new Estimate[Param.COUNT];
    private final Estimate[] maePhysicalByParam = new Estimate[Param.COUNT];
    private final double[] rmseByParam = new double[Param.COUNT];
    private final double[] rmsePhysicalByParam = new double[Param.COUNT];
    private final double[] medianByParam = new double[Param.COUNT];
    private final double[] medianPhysicalByParam = new double[Param.COUNT];
    private final double[] maeAudibleByParam = new double[Param.COUNT];
    private final int[] audibleRowsByParam = new int[Param.COUNT];
    /** Each row's absolute error per parameter, the rows' examples and tracks, and the bootstrap: for paired skill intervals. */
    private final double[][] errorsByParam = new double[Param.COUNT][];
    private final java.util.List<String> exampleIds, trackIds;
    private final Bootstrap bootstrap;

    private ParameterMetrics(Predictions p, Bootstrap bootstrap, boolean[][] audible) {
        if (audible != null && audible.length != p.size()) {
            throw new IllegalArgumentException(p.model() + ": " + p.size() + " rows but audibility for " + audible.length);
        }
        model = p.model();
        exampleIds = java.util.List.copyOf(p.exampleIds());
        trackIds = java.util.List.copyOf(p.trackIds());
        this.bootstrap = bootstrap;
        int n = p.size();
        examples = n;
        tracks = p.tracks().size();
        double[][] pred = p.predicted();
        double[][] truth = p.truth();
        double[] rowMean = new double[n];
        double[] all = new double[n * Param.COUNT];
        double squares = 0;
        for (Param q : Param.all()) {
            int j = q.ordinal();
            double[] err = new double[n];
            double[] errPhys = new double[n];
            double sq = 0, sqPhys = 0, audibleSum = 0;
            int audibleRows = 0;
            for (int i = 0; i < n; i++) {
                double d = pred[i][j] - truth[i][j];
                double dPhys = q.toPhysical(pred[i][j]) - q.toPhysical(truth[i][j]);
                err[i] = Math.abs(d);
                errPhys[i] = Math.abs(dPhys);
                sq += d * d;
                sqPhys += dPhys * dPhys;
                rowMean[i] += err[i] / Param.COUNT;
                all[i * Param.COUNT + j] = err[i];
                if (audible != null && audible[i][j]) {
                    audibleSum += err[i];
                    audibleRows++;
                }
            }
            errorsByParam[j] = err;
            audibleRowsByParam[j] = audible == null ? -1 : audibleRows;
            maeAudibleByParam[j] = audibleRows == 0 ? Double.NaN : audibleSum / audibleRows;
            squares += sq;
            // a different but fixed stream per statistic, so intervals do not share their resamples
            maeByParam[j] = bootstrap.derive(1 + j).mean(err, p.trackIds());
            maePhysicalByParam[j] = bootstrap.derive(101 + j).mean(errPhys, p.trackIds());
            rmseByParam[j] = Math.sqrt(sq / n);
            rmsePhysicalByParam[j] = Math.sqrt(sqPhys / n);
            medianByParam[j] = median(err);
            medianPhysicalByParam[j] = median(errPhys);
        }
        mae = bootstrap.mean(rowMean, p.trackIds());
        rmse = Math.sqrt(squares / all.length);
        median = median(all);
    }

    /** Scores {@code predictions} with the given (seeded) bootstrap. */
    public static ParameterMetrics of(Predictions predictions, Bootstrap bootstrap) {
        return new ParameterMetrics(predictions, bootstrap, null);
    }

    /**
     * The same, and the MAE of each parameter on the rows where its stage is audible: {@code audible[row][param]}
     * ({@link Audibility#of}), rows in the predictions' order.
     */
    public static ParameterMetrics of(Predictions predictions, Bootstrap bootstrap, boolean[][] audible) {
        return new ParameterMetrics(predictions, bootstrap, audible);
    }

    public String model() {
        return model;
    }

    public int examples() {
        return examples;
    }

    public int tracks() {
        return tracks;
    }

    /** Normalised MAE over all parameters, with its interval. */
    public Estimate mae() {
        return mae;
    }

    public Estimate mae(Param p) {
        return maeByParam[p.ordinal()];
    }

    /** MAE in the parameter's own unit ({@link Param#unit}). */
    public Estimate maePhysical(Param p) {
        return maePhysicalByParam[p.ordinal()];
    }

    public double rmse() {
        return rmse;
    }

    public double rmse(Param p) {
        return rmseByParam[p.ordinal()];
    }

    public double rmsePhysical(Param p) {
        return rmsePhysicalByParam[p.ordinal()];
    }

    /** Median absolute error over all parameters and rows (normalised). */
    public double median() {
        return median;
    }

    public double median(Param p) {
        return medianByParam[p.ordinal()];
    }

    public double medianPhysical(Param p) {
        return medianPhysicalByParam[p.ordinal()];
    }

    /** Normalised MAE on the rows where the stage is audible; NaN when none is, or audibility was not given. */
    public double maeAudible(Param p) {
        return maeAudibleByParam[p.ordinal()];
    }

    /** Rows where the stage is audible; -1 when audibility was not given. */
    public int audibleRows(Param p) {
        return audibleRowsByParam[p.ordinal()];
    }

    /**
     * 1 - MAE / the reference's MAE on the same rows (the training mean's): 0 is no better than it, 1 is exact. NaN
     * (undefined) where the reference is exact itself: a stage the rate bypasses has the neutral target in every row.
     */
    public double skill(Param p, ParameterMetrics reference) {
        return skill(mae(p).value(), reference.mae(p).value());
    }

    private static double skill(double mae, double referenceMae) {
        return referenceMae == 0 ? Double.NaN : 1 - mae / referenceMae;
    }

    /**
     * {@link #skill(Param, ParameterMetrics)} with its 95 % paired bootstrap interval over tracks: both MAEs from the same
     * drawn tracks, so how hard a track is cancels (the reference must cover the same examples, in the same order).
     */
    public Estimate skillInterval(Param p, ParameterMetrics reference) {
        if (!exampleIds.equals(reference.exampleIds)) {
            throw new IllegalArgumentException(model + " and " + reference.model + " are not scored on the same examples");
        }
        int j = p.ordinal();
        if (reference.mae(p).value() == 0) return new Estimate(Double.NaN, Double.NaN, Double.NaN);
        Estimate ratio = bootstrap.derive(SKILL_STREAM + j).ratio(errorsByParam[j], reference.errorsByParam[j], trackIds);
        return new Estimate(skill(p, reference), 1 - ratio.high(), 1 - ratio.low());
    }

    /** The bootstrap streams of the skill intervals, apart from the MAEs' (1.., 101..) and paired differences' (1000). */
    private static final long SKILL_STREAM = 2001;

    /** The same over all parameters. */
    public double skill(ParameterMetrics reference) {
        return skill(mae.value(), reference.mae().value());
    }

    static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
    }
}
