package mixer.inference;

import mixer.dsp.params.MixSettings;

import java.util.List;

/**
 * How a song is mixed: the model's settings and what is rendered.
 *
 * @param predicted the model's settings
 * @param applied   what is rendered: the prediction after {@code amount}, the loudness target and the
 *                  stages the song's rate cannot carry (neutral); {@code mixer render} with these
 *                  settings (and the same limiter choice) gives the mix again
 * @param limiter   whether the safety limiter runs
 * @param warnings  sentences for the user (a loudness target out of reach, a silent song, a predicted mix outside
 *                  the loudness of finished music)
 * @param notes     sentences about what was done to the prediction: refined with the exact chain, a stage the song's
 *                  rate bypasses
 */
public record MixResult(MixSettings predicted, MixSettings applied, boolean limiter, List<String> warnings, List<String> notes) {
    public MixResult {
        warnings = List.copyOf(warnings);
        notes = List.copyOf(notes);
    }
}
