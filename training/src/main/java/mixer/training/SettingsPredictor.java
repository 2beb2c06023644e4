package mixer.training;

import mixer.dataset.Task;
import mixer.dataset.features.FeatureConfig;
import mixer.dataset.features.Features;

import java.util.List;

/**
 * The seam between models and mixing: a song's feature windows in, the 10 normalised settings out.
 * A trained {@link ModelBundle}, the saved {@link EnsembleModel} and the predictors made in code (the
 * constant baseline, tests) all look like this to the mixer.
 */
public interface SettingsPredictor {

    /** The model's name as the user gives it to {@code --model}: "ast", "ensemble", … */
    String name();

    /**
     * The task the model was trained for: a match task's model hears windows of an input and a reference
     * ({@link mixer.dataset.features.Features#pair}), the others the input alone.
     */
    default Task task() {
        return Task.RESTORE;
    }

    /** How the model wants its windows computed (log-mel grid and window length). */
    FeatureConfig featureConfig();

    /**
     * The settings for a whole song from some of its windows: {@link mixer.dsp.params.Param#COUNT}
     * normalised values in [0, 1] in {@link mixer.dsp.params.Param} order (for a trained network, the
     * mean of its outputs over the windows).
     */
    double[] predictNormalized(List<Features> windows);

    /**
     * {@link #predictNormalized} and, for a model that combines others (the ensemble), what each of them predicts for the
     * windows, by name in the ensemble's order, normalised and clamped alike: one pass over the networks. Match same's
     * second stage starts from each as well as from the model's own settings ({@code SecondStage.estimate} of several
     * starts).
     */
    default WithMembers predictWithMembers(List<Features> windows) {
        return new WithMembers(predictNormalized(windows), java.util.Map.of());
    }

    /** A model's settings for some windows and its members' ({@link #predictWithMembers}; none for a single model). */
    record WithMembers(double[] own, java.util.Map<String, double[]> members) {
    }

    /**
     * Which trained model this is, for what it mixes to name (a preset's {@code "_mixed_by"}): for a bundle its seed, best
     * epoch, dataset and the code and time it was trained with; for the ensemble its members'. Empty for a model made in
     * code.
     */
    default java.util.Map<String, Object> madeBy() {
        return java.util.Map.of();
    }
}
