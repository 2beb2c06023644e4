package mixer.inference;

import mixer.dataset.features.FeatureConfig;
import mixer.dataset.features.Features;
import mixer.dsp.Audio;
import mixer.dsp.loudness.Loudness;
import mixer.dsp.loudness.LoudnessMeter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Several models on one song: each one's settings, mix, loudness and spectrum, next to the song's own
 * loudness and spectrum ({@code mixer compare}).
 *
 * @param inputLoudness the song as it is
 * @param inputSpectrum the song's average spectrum
 * @param entries       one per model, in the order given
 */
public record Comparison(Loudness inputLoudness, Spectrum inputSpectrum, List<Entry> entries) {

    /** One model's result; {@code mix.audio()} is the rendered mix. */
    public record Entry(Prediction prediction, MixResult mix, Loudness loudness, Spectrum spectrum) {
    }

    public static Comparison of(Audio song, List<SettingsPredictor> models, MixOptions options, int maxWindows) {
        List<Entry> entries = new ArrayList<>();
        Map<FeatureConfig, List<Features>> windows = new HashMap<>(); // models that hear alike share the features
        for (SettingsPredictor model : models) {
            Mixer mixer = new Mixer(model, maxWindows);
            Prediction p = mixer.predict(windows.computeIfAbsent(model.featureConfig(), c -> mixer.windows(song)));
            MixResult r = Mixer.apply(song, p.settings(), options);
            entries.add(new Entry(p, r, LoudnessMeter.measure(r.audio()), Spectrum.of(r.audio())));
        }
        return new Comparison(LoudnessMeter.measure(song), Spectrum.of(song), entries);
    }
}
