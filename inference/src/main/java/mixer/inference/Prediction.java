package mixer.inference;

import mixer.dsp.params.MixSettings;

/**
 * What a model predicted for a song.
 *
 * @param model    the predictor's name
 * @param settings the 10 settings (physical values inside, normalised view by {@link MixSettings#normalized()})
 * @param windows  how many windows of the song it heard
 */
public record Prediction(String model, MixSettings settings, int windows) {
}
