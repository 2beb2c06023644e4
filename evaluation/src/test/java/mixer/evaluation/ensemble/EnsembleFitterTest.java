package mixer.evaluation.ensemble;

import mixer.dsp.params.Param;
import mixer.evaluation.Predictions;
import mixer.training.WeightedEnsemble;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnsembleFitterTest {

    /** 12 tracks × 8 renders, like the validation split. */
    private static List<String> ids() {
        List<String> ids = new ArrayList<>();
        for (int t = 0; t < 12; t++) for (int k = 0; k < 8; k++) ids.add("track" + t + "#" + k);
        return ids;
    }

    private static double[][] uniform(SplittableRandom rng, int n) {
        double[][] v = new double[n][Param.COUNT];
        for (double[] row : v) for (int j = 0; j < Param.COUNT; j++) row[j] = rng.nextDouble();
        return v;
    }

    @Test
    void recoversAKnownMixOfTwoPredictors() {
        List<String> ids = ids();
        SplittableRandom rng = new SplittableRandom(1);
        double[][] a = uniform(rng, ids.size());
        double[][] b = uniform(rng, ids.size());
        // the truth is exactly w_j a + (1 - w_j) b, with a different w for each parameter, ends included
        double[] w = {0.0, 0.1, 0.25, 0.3, 0.5, 0.62, 0.75, 0.9, 0.97, 1.0};
        double[][] truth = new double[ids.size()][Param.COUNT];
        for (int i = 0; i < ids.size(); i++) {
            for (int j = 0; j < Param.COUNT; j++) truth[i][j] = w[j] * a[i][j] + (1 - w[j]) * b[i][j];
        }
        EnsembleFitter.Fit fit = EnsembleFitter.fit(List.of(Predictions.of("a", ids, a, truth), Predictions.of("b", ids, b, truth)));
        for (Param p : Param.all()) {
            assertEquals(w[p.ordinal()], fit.ensemble().weight("a", p), 1e-9, p.id);
            assertEquals(1 - w[p.ordinal()], fit.ensemble().weight("b", p), 1e-9, p.id);
            assertEquals(0.0, fit.ensembleMae()[p.ordinal()], 1e-9, p.id);
        }
        assertEquals(96, fit.rows());
        assertEquals(12, fit.tracks());
        assertEquals(0.0, fit.shrinkage(), "the exact mix predicts left-out tracks perfectly: nothing to shrink");
    }

    @Test
    void equallyGoodMembersGetWeightsShrunkTowardTheSharedOnesChosenOnLeftOutTracks() {
        // three members with the same independent noise: weights that differ between parameters only follow the noise of
        // the rows they were fitted on
        List<String> ids = ids();
        int n = ids.size();
        SplittableRandom rng = new SplittableRandom(4);
        double[][] truth = uniform(rng, n);
        List<Predictions> members = new ArrayList<>();
        for (String name : List.of("a", "b", "c")) members.add(Predictions.of(name, ids, noisy(truth, 0.1, rng), truth));
        EnsembleFitter.Fit fit = EnsembleFitter.fit(members);
        assertEquals(EnsembleFitter.SHRINKAGE_STEPS + 1, fit.heldOutMae().length);
        double best = java.util.Arrays.stream(fit.heldOutMae()).min().orElseThrow();
        assertEquals(best, fit.heldOutMae()[(int) Math.round(fit.shrinkage() * EnsembleFitter.SHRINKAGE_STEPS)]);
        assertTrue(fit.shrinkage() >= 0.5, "shrunk toward the shared weights: " + fit.shrinkage());
        assertTrue(fit.heldOutMae()[EnsembleFitter.SHRINKAGE_STEPS] < fit.heldOutMae()[0], "the shared weights beat the raw fit on left-out tracks");
        for (String m : List.of("a", "b", "c")) {
            double[] w = new double[Param.COUNT];
            for (Param p : Param.all()) w[p.ordinal()] = fit.ensemble().weight(m, p);
            double spread = java.util.Arrays.stream(w).max().orElseThrow() - java.util.Arrays.stream(w).min().orElseThrow();
            assertTrue(spread < 0.3, m + ": nearly the same weight for every parameter: " + java.util.Arrays.toString(w));
        }
        // and on fresh rows of the same members, the shrunk weights beat the weights fitted without shrinking
        double[][] fresh = uniform(rng, n);
        double[][][] freshMembers = {noisy(fresh, 0.1, rng), noisy(fresh, 0.1, rng), noisy(fresh, 0.1, rng)};
        double shrunk = 0, raw = 0;
        for (Param p : Param.all()) {
            int j = p.ordinal();
            double[][] x = new double[n][3], xFresh = new double[n][3];
            double[] y = new double[n], yFresh = new double[n];
            for (int i = 0; i < n; i++) {
                y[i] = truth[i][j];
                yFresh[i] = fresh[i][j];
                for (int m = 0; m < 3; m++) {
                    x[i][m] = members.get(m).predicted()[i][j];
                    xFresh[i][m] = freshMembers[m][i][j];
                }
            }
            double[] w = new double[3];
            for (int m = 0; m < 3; m++) w[m] = fit.ensemble().weight(List.of("a", "b", "c").get(m), p);
            shrunk += EnsembleFitter.mae(xFresh, yFresh, w);
            raw += EnsembleFitter.mae(xFresh, yFresh, EnsembleFitter.fitOne(x, y));
        }
        assertTrue(shrunk < raw, "fresh rows: shrunk " + shrunk / 10 + ", raw fit " + raw / 10);
    }

    private static double[][] noisy(double[][] truth, double sd, SplittableRandom rng) {
        double[][] out = new double[truth.length][Param.COUNT];
        for (int i = 0; i < truth.length; i++) for (int j = 0; j < Param.COUNT; j++) out[i][j] = clamp(truth[i][j] + sd * rng.nextGaussian());
        return out;
    }

    @Test
    void aUselessThirdModelGetsNoWeightAndTheBetterModelMore() {
        List<String> ids = ids();
        SplittableRandom rng = new SplittableRandom(2);
        int n = ids.size();
        double[][] truth = uniform(rng, n);
        double[][] good = new double[n][Param.COUNT], fair = new double[n][Param.COUNT], constant = new double[n][Param.COUNT];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < Param.COUNT; j++) {
                good[i][j] = clamp(truth[i][j] + 0.02 * rng.nextGaussian());
                fair[i][j] = clamp(truth[i][j] + 0.08 * rng.nextGaussian());
                constant[i][j] = 0.5;
            }
        }
        List<Predictions> members = List.of(Predictions.of("good", ids, good, truth), Predictions.of("fair", ids, fair, truth),
                Predictions.of("constant", ids, constant, truth));
        EnsembleFitter.Fit fit = EnsembleFitter.fit(members);
        for (Param p : Param.all()) {
            double wg = fit.ensemble().weight("good", p), wf = fit.ensemble().weight("fair", p), wc = fit.ensemble().weight("constant", p);
            assertEquals(1.0, wg + wf + wc, 1e-12);
            assertTrue(wg > 0.7 && wc < 0.05, p.id + ": good " + wg + ", fair " + wf + ", constant " + wc);
            // the fit before shrinking is never worse than the best member on the data it was fitted to
            double[][] x = new double[n][3];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                y[i] = truth[i][p.ordinal()];
                for (int m = 0; m < 3; m++) x[i][m] = members.get(m).predicted(i, p);
            }
            assertTrue(EnsembleFitter.mae(x, y, EnsembleFitter.fitOne(x, y)) <= fit.memberMae()[0][p.ordinal()] + 1e-12, p.id);
        }
        // applying the ensemble reproduces the fitted validation MAE
        Predictions combined = EnsembleFitter.apply(fit.ensemble(), List.of(members.get(2), members.get(0), members.get(1)));
        assertEquals(WeightedEnsemble.NAME, combined.model());
        double mae = 0;
        for (int i = 0; i < n; i++) {
            for (Param p : Param.all()) mae += Math.abs(combined.predicted(i, p) - combined.truth(i, p)) / (n * Param.COUNT);
        }
        assertEquals(java.util.Arrays.stream(fit.ensembleMae()).average().orElseThrow(), mae, 1e-12);
    }

    @Test
    void theLinearProgrammeBeatsABruteForceGridForThreeModels() {
        // a small problem where a fine brute-force grid over the simplex is the reference
        SplittableRandom rng = new SplittableRandom(3);
        int n = 30;
        double[][] x = new double[n][3];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextDouble();
            for (int m = 0; m < 3; m++) x[i][m] = clamp(y[i] + (m + 1) * 0.05 * rng.nextGaussian() + 0.03 * (m - 1));
        }
        double[] w = EnsembleFitter.fitOne(x, y);
        double fitted = EnsembleFitter.mae(x, y, w);
        double brute = Double.POSITIVE_INFINITY;
        int d = 400;
        for (int i = 0; i <= d; i++) {
            for (int j = 0; i + j <= d; j++) {
                brute = Math.min(brute, EnsembleFitter.mae(x, y, new double[] {i / (double) d, j / (double) d, (d - i - j) / (double) d}));
            }
        }
        assertTrue(fitted <= brute + 1e-12, "fitted " + fitted + " vs brute force " + brute);
        assertTrue(fitted > brute - 1e-4, "and the grid at step 1/400 comes close: " + fitted + " vs " + brute);
    }

    private static double clamp(double v) {
        return Math.min(1, Math.max(0, v));
    }
}
