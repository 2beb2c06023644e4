package mixer.inference;

import mixer.dsp.Audio;
import mixer.dsp.params.MixSettings;

import java.util.List;

/**
 * A finished mix.
 *
 * @param predicted the model's settings
 * @param applied   what was rendered: the prediction after {@code amount} and the loudness target;
 *                  {@code mixer render} with these settings (and the same limiter choice) gives
 *                  {@link #audio} again
 * @param audio     the mixed audio, at the song's rate
 * @param limiter   whether the safety limiter ran
 * @param warnings  sentences for the user (a loudness target out of reach, a silent song)
 */
public record MixResult(MixSettings predicted, MixSettings applied, Audio audio, boolean limiter, List<String> warnings) {
    public MixResult {
        warnings = List.copyOf(warnings);
    }
}
