package mixer.evaluation;

import mixer.dsp.params.MixSettings;
import mixer.dsp.params.Param;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What one model predicted for a list of examples, next to the truth: both normalised to [0, 1] in
 * {@link Param} order, one row per example. {@code trackIds} name the finished track each example
 * came from (several validation examples share a track); bootstrap intervals resample tracks.
 *
 * <p>Predictions must lie in [0, 1]: a model's raw output can overshoot, and the renderer only takes
 * settings inside the ranges, so clamp first with {@link #clamp(double[][])} (and say so).
 */
public record Predictions(String model, List<String> exampleIds, List<String> trackIds,
                          double[][] predicted, double[][] truth) {

    public Predictions {
        if (model == null || model.isBlank()) throw new IllegalArgumentException("predictions need a model name");
        int n = exampleIds.size();
        if (n == 0) throw new IllegalArgumentException(model + ": no examples");
        if (trackIds.size() != n || predicted.length != n || truth.length != n) {
            throw new IllegalArgumentException(model + ": " + n + " example ids but " + trackIds.size() + " track ids, "
                    + predicted.length + " prediction rows and " + truth.length + " truth rows");
        }
        Set<String> seen = new HashSet<>();
        for (String id : exampleIds) {
            if (!seen.add(id)) throw new IllegalArgumentException(model + ": example id '" + id + "' appears twice");
        }
        predicted = copyChecked(model, "predicted", exampleIds, predicted);
        truth = copyChecked(model, "true", exampleIds, truth);
        exampleIds = List.copyOf(exampleIds);
        trackIds = List.copyOf(trackIds);
    }

    /** Track id of a dataset example id: the part before '#' ("album/song#3" is track "album/song"). */
    public static String trackOf(String exampleId) {
        return mixer.dataset.Example.trackOf(exampleId);
    }

    /** Predictions whose track ids come from the example ids ({@link #trackOf}). */
    public static Predictions of(String model, List<String> exampleIds, double[][] predicted, double[][] truth) {
        return new Predictions(model, exampleIds, exampleIds.stream().map(Predictions::trackOf).toList(), predicted, truth);
    }

    /** A copy with every value clamped to [0, 1] (NaN stays NaN and is rejected later). */
    public static double[][] clamp(double[][] values) {
        double[][] out = new double[values.length][];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i].clone();
            for (int j = 0; j < out[i].length; j++) out[i][j] = Math.min(1, Math.max(0, out[i][j]));
        }
        return out;
    }

    public int size() {
        return exampleIds.size();
    }

    /** Distinct track ids in first-seen order. */
    public List<String> tracks() {
        return new ArrayList<>(new LinkedHashSet<>(trackIds));
    }

    public double predicted(int row, Param p) {
        return predicted[row][p.ordinal()];
    }

    public double truth(int row, Param p) {
        return truth[row][p.ordinal()];
    }

    public MixSettings predictedSettings(int row) {
        return MixSettings.ofNormalized(predicted[row]);
    }

    /** The same examples and truth with other predictions (e.g. a baseline or the ensemble). */
    public Predictions withPredictions(String otherModel, double[][] otherPredicted) {
        return new Predictions(otherModel, exampleIds, trackIds, otherPredicted, truth);
    }

    /** Fails unless {@code other} covers the same examples, in the same order, with the same truth. */
    public void requireSameExamples(Predictions other) {
        if (!exampleIds.equals(other.exampleIds) || !trackIds.equals(other.trackIds)) {
            throw new IllegalArgumentException(other.model + " was scored on other examples than " + model
                    + " (" + other.size() + " vs " + size() + " rows, or another order); compare models on the same examples");
        }
        for (int i = 0; i < size(); i++) {
            for (int j = 0; j < Param.COUNT; j++) {
                if (truth[i][j] != other.truth[i][j]) {
                    throw new IllegalArgumentException(other.model + " and " + model + " disagree on the true "
                            + Param.values()[j].id + " of " + exampleIds.get(i));
                }
            }
        }
    }

    @Override
    public double[][] predicted() {
        return deepCopy(predicted);
    }

    @Override
    public double[][] truth() {
        return deepCopy(truth);
    }

    private static double[][] copyChecked(String model, String what, List<String> ids, double[][] rows) {
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] == null || rows[i].length != Param.COUNT) {
                throw new IllegalArgumentException(model + ": " + ids.get(i) + " has " + (rows[i] == null ? 0 : rows[i].length)
                        + " " + what + " values, expected " + Param.COUNT + " (one per parameter, in `mixer params` order)");
            }
            for (Param p : Param.all()) {
                double v = rows[i][p.ordinal()];
                if (!(v >= 0 && v <= 1)) {
                    throw new IllegalArgumentException(model + ": " + ids.get(i) + " " + what + " " + p.id + " = " + v
                            + " is outside [0, 1]; values are normalised"
                            + (what.equals("predicted") ? " (clamp model outputs with Predictions.clamp)" : ""));
                }
            }
            out[i] = rows[i].clone();
        }
        return out;
    }

    private static double[][] deepCopy(double[][] a) {
        double[][] out = new double[a.length][];
        for (int i = 0; i < a.length; i++) out[i] = a[i].clone();
        return out;
    }
}
