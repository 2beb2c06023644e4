package mixer.training;

import mixer.dsp.params.Param;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A per-parameter weighted average of several models' normalised predictions: for parameter j the
 * ensemble predicts sum over models m of w[m][j] * prediction_m[j], with w[.][j] non-negative and
 * summing to one. A convex combination of values in [0, 1] stays in [0, 1], and a parameter can lean
 * on whichever model reads it best (a CNN may read EQ better, the transformer the reverb).
 * Fitted on validation predictions by the evaluation's {@code EnsembleFitter}; saved with its members
 * in {@link EnsembleBundle}; run on a song by {@link EnsembleModel}.
 */
public final class WeightedEnsemble {

    public static final String NAME = "ensemble";
    /** Slack on "sums to one", for weights that went through a text round trip. */
    private static final double SUM_TOLERANCE = 1e-6;

    private final List<String> models;
    private final double[][] weights; // [model][param]

    public WeightedEnsemble(List<String> models, double[][] weights) {
        if (models.isEmpty()) throw new IllegalArgumentException("an ensemble needs at least one model");
        Set<String> unique = new HashSet<>(models);
        if (unique.size() != models.size()) throw new IllegalArgumentException("ensemble members repeat a name: " + models);
        if (weights.length != models.size()) {
            throw new IllegalArgumentException(models.size() + " models but " + weights.length + " weight rows");
        }
        double[][] w = new double[weights.length][];
        for (int m = 0; m < weights.length; m++) {
            if (weights[m].length != Param.COUNT) {
                throw new IllegalArgumentException(models.get(m) + " has " + weights[m].length + " weights, expected " + Param.COUNT);
            }
            w[m] = weights[m].clone();
        }
        for (Param p : Param.all()) {
            double sum = 0;
            for (int m = 0; m < w.length; m++) {
                double v = w[m][p.ordinal()];
                if (!(v >= 0)) {
                    throw new IllegalArgumentException("weight of " + models.get(m) + " for " + p.id + " is " + v
                            + "; weights must be non-negative");
                }
                sum += v;
            }
            if (Math.abs(sum - 1) > SUM_TOLERANCE) {
                throw new IllegalArgumentException("the weights for " + p.id + " sum to " + sum + ", not 1");
            }
            for (double[] row : w) row[p.ordinal()] /= sum; // exact after a round trip
        }
        this.models = List.copyOf(models);
        this.weights = w;
    }

    /** Equal weights: the plain average of the models. */
    public static WeightedEnsemble uniform(List<String> models) {
        double[][] w = new double[models.size()][Param.COUNT];
        for (double[] row : w) java.util.Arrays.fill(row, 1.0 / models.size());
        return new WeightedEnsemble(models, w);
    }

    public List<String> models() {
        return models;
    }

    public double weight(String model, Param p) {
        int m = models.indexOf(model);
        if (m < 0) throw new IllegalArgumentException("'" + model + "' is not in the ensemble " + models);
        return weights[m][p.ordinal()];
    }

    /** Weights as {@code [model][param]}, models in {@link #models()} order. */
    public double[][] weights() {
        double[][] out = new double[weights.length][];
        for (int m = 0; m < weights.length; m++) out[m] = weights[m].clone();
        return out;
    }

    /** One example: {@code memberPredictions[m]} is model m's normalised prediction (in {@link #models()} order). */
    public double[] combine(double[][] memberPredictions) {
        if (memberPredictions.length != models.size()) {
            throw new IllegalArgumentException("expected predictions of " + models.size() + " models " + models
                    + ", got " + memberPredictions.length);
        }
        double[] out = new double[Param.COUNT];
        for (int m = 0; m < models.size(); m++) {
            if (memberPredictions[m].length != Param.COUNT) {
                throw new IllegalArgumentException(models.get(m) + ": expected " + Param.COUNT + " values, got "
                        + memberPredictions[m].length);
            }
            for (int j = 0; j < Param.COUNT; j++) out[j] += weights[m][j] * memberPredictions[m][j];
        }
        for (int j = 0; j < Param.COUNT; j++) out[j] = Math.min(1, Math.max(0, out[j])); // rounding only
        return out;
    }
}
