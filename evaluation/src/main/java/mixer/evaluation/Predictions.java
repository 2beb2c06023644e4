package mixer.evaluation;

import mixer.dsp.params.Param;

import java.util.List;

/**
 * One model's normalised predictions on a split's examples, row by row with the true targets; rows of
 * one track share its {@code trackIds} entry (the bootstrap resamples tracks, not rows).
 */
public record Predictions(String model, List<String> exampleIds, List<String> trackIds, double[][] predicted, double[][] truth) {

    public Predictions {
        exampleIds = List.copyOf(exampleIds);
        trackIds = List.copyOf(trackIds);
        int n = exampleIds.size();
        if (trackIds.size() != n || predicted.length != n || truth.length != n) {
            throw new IllegalArgumentException(model + ": " + n + " example ids, " + trackIds.size() + " track ids, "
                    + predicted.length + " predictions and " + truth.length + " targets must agree");
        }
        for (int i = 0; i < n; i++) {
            if (predicted[i].length != Param.COUNT || truth[i].length != Param.COUNT) {
                throw new IllegalArgumentException(model + ", row " + exampleIds.get(i) + ": expected " + Param.COUNT + " settings");
            }
        }
    }

    public int size() {
        return exampleIds.size();
    }

    /** The same rows predicted by another model (or the ensemble). */
    public Predictions withPredictions(String otherModel, double[][] otherPredicted) {
        return new Predictions(otherModel, exampleIds, trackIds, otherPredicted, truth);
    }

    /** Always predicting {@code constant} (e.g. the training mean): the baseline every model must beat. */
    public Predictions constant(String name, double[] constant) {
        double[][] p = new double[size()][];
        for (int i = 0; i < p.length; i++) p[i] = constant.clone();
        return withPredictions(name, p);
    }
}
