package mixer.evaluation.ensemble;

import mixer.dsp.params.Param;
import mixer.dsp.provenance.Provenance;
import mixer.evaluation.Predictions;
import mixer.training.EnsembleBundle;
import mixer.training.WeightedEnsemble;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Fits {@link WeightedEnsemble} weights on validation predictions, one parameter at a time, by
 * minimising the mean absolute error over the simplex (weights non-negative, summing to one), shrunk
 * toward the weights all parameters share by the amount that predicts left-out validation tracks
 * best; and applies an ensemble to prediction sets. The ensemble itself (weights, file, running it on a song) is a model
 * and lives with the model bundles in {@code mixer.training}; fitting and scoring it work on the
 * evaluation's {@link Predictions}, so they live here.
 *
 * <p>Why MAE and not squared error: MAE is the metric the models are judged by (target 0.035), and it
 * is not pulled around by a member's few large misses on a small validation split (12 tracks).
 *
 * <p>How: least absolute deviations on the simplex is a linear programme, solved exactly by the
 * simplex method ({@link SimplexLp}); about 100 rows and 4 models take milliseconds. (A grid followed
 * by pairwise line searches was tried first: it stalls at kinks of the piecewise-linear objective,
 * 7e-5 above the optimum in the three-model test.)
 *
 * <p>Why shrink: 30 weights fitted on the rows of 12 tracks follow those tracks' noise (a weight of
 * 0.96 for one member on the delay send, which no member predicts). The weights used are
 * {@code (1 - s) w_j + s w_shared}, where {@code w_j} is parameter j's fit and {@code w_shared} the
 * mean of the ten fits (how much each member is worth overall); s is chosen on the validation split
 * itself, never the test split: each validation track in turn is left out, the weights are fitted on
 * the others, and the s in {0, 0.1, ..., 1} whose weights predict the left-out tracks with the lowest
 * MAE (over all parameters; the larger s on a tie) is kept.
 *
 * <p>Why toward the shared weights and not equal ones (measured on the validation split of
 * 2026-12-02, 12 tracks, 8 to 32 renders each): a weak member (the baseline CNN, 0.03 behind) pulls
 * equal weights down, so the left-out MAE rose with every step toward them (0.1844 to 0.1909 with 8
 * renders); toward the shared weights it stayed within 0.001.
 */
public final class EnsembleFitter {

    /**
     * The fitted ensemble with its validation MAE and its members'.
     *
     * @param memberMae   {@code [model][param]} validation MAE of each member
     * @param ensembleMae {@code [param]} validation MAE of the ensemble
     * @param shrinkage   the share s of the weights shared by all parameters in the ensemble's weights
     * @param heldOutMae  {@code [step]} MAE on left-out validation tracks of the weights shrunk by
     *                    {@code step / SHRINKAGE_STEPS} (empty with fewer than two tracks: then s is 0)
     */
    public record Fit(WeightedEnsemble ensemble, double[][] memberMae, double[] ensembleMae, int rows, int tracks,
                      double shrinkage, double[] heldOutMae) {

        /** The fit as a saved ensemble: validation scores from the fit, provenance now plus {@code extra}. */
        public EnsembleBundle bundle(List<EnsembleBundle.Member> members, Map<String, Object> extra) {
            Map<String, double[]> mae = new LinkedHashMap<>();
            mae.put(WeightedEnsemble.NAME, ensembleMae);
            for (int m = 0; m < memberMae.length; m++) mae.put(ensemble.models().get(m), memberMae[m]);
            Map<String, Object> prov = new LinkedHashMap<>(Provenance.now().asMap());
            prov.put("shrinkage_toward_shared_weights", shrinkage);
            Map<String, Double> heldOut = new LinkedHashMap<>();
            for (int step = 0; step < heldOutMae.length; step++) heldOut.put(String.valueOf(step / (double) SHRINKAGE_STEPS), heldOutMae[step]);
            prov.put("leave_one_track_out_mae", heldOut);
            prov.putAll(extra);
            return new EnsembleBundle(EnsembleBundle.OBJECTIVE, ensemble, members, rows, tracks, mae, prov);
        }
    }

    /** The shrinkage grid: s in steps of 1 / SHRINKAGE_STEPS from 0 (the fitted weights) to 1 (equal weights). */
    public static final int SHRINKAGE_STEPS = 10;

    private EnsembleFitter() {
    }

    /** Fits on validation predictions of each member, all on the same examples. */
    public static Fit fit(List<Predictions> validation) {
        if (validation.isEmpty()) throw new IllegalArgumentException("no member predictions to fit an ensemble on");
        Predictions first = validation.get(0);
        List<String> names = new ArrayList<>();
        for (Predictions p : validation) {
            first.requireSameExamples(p);
            names.add(p.model());
        }
        int models = validation.size();
        int n = first.size();
        double[][][] x = new double[Param.COUNT][n][models]; // [param][row][model]
        double[][] y = new double[Param.COUNT][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < Param.COUNT; j++) {
                y[j][i] = first.truth()[i][j];
                for (int m = 0; m < models; m++) x[j][i][m] = validation.get(m).predicted()[i][j];
            }
        }
        double[] heldOutMae = heldOutMae(x, y, first.trackIds());
        int bestStep = 0;
        for (int step = 1; step < heldOutMae.length; step++) if (heldOutMae[step] <= heldOutMae[bestStep]) bestStep = step;
        double shrinkage = bestStep / (double) SHRINKAGE_STEPS;
        double[][] shrunk = shrink(fitEach(x, y, null), shrinkage); // [param][model]
        double[][] weights = new double[models][Param.COUNT];
        double[][] memberMae = new double[models][Param.COUNT];
        double[] ensembleMae = new double[Param.COUNT];
        for (int j = 0; j < Param.COUNT; j++) {
            double[] w = shrunk[j];
            for (int m = 0; m < models; m++) {
                weights[m][j] = w[m];
                double[] unit = new double[models];
                unit[m] = 1;
                memberMae[m][j] = mae(x[j], y[j], unit);
            }
            ensembleMae[j] = mae(x[j], y[j], w);
        }
        return new Fit(new WeightedEnsemble(names, weights), memberMae, ensembleMae, n, first.tracks().size(), shrinkage, heldOutMae);
    }

    /**
     * For each shrinkage step, the MAE over all parameters of rows predicted with weights fitted
     * without their track (x is {@code [param][row][model]}); empty with fewer than two tracks.
     */
    static double[] heldOutMae(double[][][] x, double[][] y, List<String> trackIds) {
        List<String> tracks = trackIds.stream().distinct().toList();
        if (tracks.size() < 2) return new double[0];
        int n = trackIds.size();
        double[] sum = new double[SHRINKAGE_STEPS + 1];
        for (String left : tracks) {
            List<Integer> in = new ArrayList<>(), out = new ArrayList<>();
            for (int i = 0; i < n; i++) (trackIds.get(i).equals(left) ? out : in).add(i);
            double[][] fitted = fitEach(x, y, in);
            for (int step = 0; step <= SHRINKAGE_STEPS; step++) {
                double[][] w = shrink(fitted, step / (double) SHRINKAGE_STEPS);
                for (int j = 0; j < y.length; j++) {
                    for (int i : out) sum[step] += Math.abs(dot(w[j], x[j][i]) - y[j][i]);
                }
            }
        }
        for (int step = 0; step <= SHRINKAGE_STEPS; step++) sum[step] /= (double) n * y.length;
        return sum;
    }

    /** Each parameter's weights ({@link #fitOne}) on the given rows (null: all): {@code [param][model]}. */
    private static double[][] fitEach(double[][][] x, double[][] y, List<Integer> rows) {
        double[][] w = new double[y.length][];
        for (int j = 0; j < y.length; j++) {
            if (rows == null) {
                w[j] = fitOne(x[j], y[j]);
                continue;
            }
            double[][] xIn = new double[rows.size()][];
            double[] yIn = new double[rows.size()];
            for (int r = 0; r < rows.size(); r++) {
                xIn[r] = x[j][rows.get(r)];
                yIn[r] = y[j][rows.get(r)];
            }
            w[j] = fitOne(xIn, yIn);
        }
        return w;
    }

    /**
     * {@code (1 - s) w_j + s w_shared} for each parameter j, {@code w_shared} the mean of the rows of
     * {@code w} ({@code [param][model]}): still on the simplex.
     */
    static double[][] shrink(double[][] w, double s) {
        int models = w[0].length;
        double[] shared = new double[models];
        for (double[] wj : w) for (int m = 0; m < models; m++) shared[m] += wj[m] / w.length;
        double[][] out = new double[w.length][models];
        for (int j = 0; j < w.length; j++) {
            for (int m = 0; m < models; m++) out[j][m] = (1 - s) * w[j][m] + s * shared[m];
        }
        return out;
    }

    private static double dot(double[] w, double[] x) {
        double v = 0;
        for (int m = 0; m < w.length; m++) v += w[m] * x[m];
        return v;
    }

    /** The ensemble's predictions from its members' predictions on the same examples (any order of the list). */
    public static Predictions apply(WeightedEnsemble ensemble, List<Predictions> memberPredictions) {
        Map<String, Predictions> byName = memberPredictions.stream()
                .collect(Collectors.toMap(Predictions::model, Function.identity(), (a, b) -> {
                    throw new IllegalArgumentException("two prediction sets are named " + a.model());
                }));
        List<Predictions> ordered = new ArrayList<>();
        for (String name : ensemble.models()) {
            Predictions p = byName.get(name);
            if (p == null) {
                throw new IllegalArgumentException("no predictions of ensemble member '" + name + "'; got " + byName.keySet());
            }
            ordered.add(p);
        }
        Predictions first = ordered.get(0);
        for (Predictions p : ordered) first.requireSameExamples(p);
        double[][][] member = new double[ordered.size()][][];
        for (int m = 0; m < member.length; m++) member[m] = ordered.get(m).predicted();
        double[][] out = new double[first.size()][];
        double[][] row = new double[member.length][];
        for (int i = 0; i < out.length; i++) {
            for (int m = 0; m < member.length; m++) row[m] = member[m][i];
            out[i] = ensemble.combine(row);
        }
        return first.withPredictions(WeightedEnsemble.NAME, out);
    }

    /**
     * Simplex weights minimising mean |x w - y|; x is {@code [rows][models]}. The linear programme:
     * variables w (models), e+ and e- (one each per row); row i says x_i w - e+_i + e-_i = y_i, one
     * more row says the weights sum to one; minimise the sum of e+ and e-. At the optimum one of e+_i,
     * e-_i is zero, so the objective is the sum of absolute errors. Start: all weight on model 0, each
     * row's error carried by e- (residual >= 0) or e+ (residual < 0).
     */
    static double[] fitOne(double[][] x, double[] y) {
        int n = y.length, models = x[0].length;
        if (models == 1) return new double[] {1};
        int columns = models + 2 * n;
        double[][] a = new double[n + 1][columns];
        double[] b = new double[n + 1];
        double[] c = new double[columns];
        int[] basis = new int[n + 1];
        for (int i = 0; i < n; i++) {
            System.arraycopy(x[i], 0, a[i], 0, models);
            a[i][models + i] = -1;      // e+_i: the ensemble is above the truth
            a[i][models + n + i] = 1;   // e-_i: below
            b[i] = y[i];
            c[models + i] = 1;
            c[models + n + i] = 1;
            basis[i] = y[i] - x[i][0] >= 0 ? models + n + i : models + i;
        }
        for (int m = 0; m < models; m++) a[n][m] = 1;
        b[n] = 1;
        basis[n] = 0;
        double[] z = SimplexLp.minimise(a, b, c, basis);
        double[] w = new double[models];
        double sum = 0;
        for (int m = 0; m < models; m++) {
            w[m] = Math.max(0, z[m]); // no -0.0 or -1e-17 from rounding
            sum += w[m];
        }
        for (int m = 0; m < models; m++) w[m] /= sum;
        return w;
    }

    static double mae(double[][] x, double[] y, double[] w) {
        double s = 0;
        for (int i = 0; i < y.length; i++) s += Math.abs(dot(w, x[i]) - y[i]);
        return s / y.length;
    }
}
