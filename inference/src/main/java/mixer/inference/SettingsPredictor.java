package mixer.inference;

import mixer.dataset.features.FeatureConfig;
import mixer.dataset.features.Features;

import java.util.List;

/**
 * The seam between models and mixing: a song's feature windows in, the 10 normalised settings out.
 * A trained bundle, the ensemble and the test predictors all look like this to {@link Mixer}.
 */
public interface SettingsPredictor {

    /** The model's name as the user gives it to {@code --model}: "ast", "ensemble", … */
    String name();

    /** How the model wants its windows computed (log-mel grid and window length). */
    FeatureConfig featureConfig();

    /**
     * The settings for a whole song from some of its windows: {@link mixer.dsp.params.Param#COUNT}
     * normalised values in [0, 1] in {@link mixer.dsp.params.Param} order (for a trained network, the
     * mean of its outputs over the windows).
     */
    double[] predictNormalized(List<Features> windows);
}
