package mixer.inference;

import mixer.dataset.features.FeatureConfig;
import mixer.dataset.features.Features;
import mixer.dsp.Audio;
import mixer.dsp.loudness.Loudness;
import mixer.dsp.loudness.LoudnessMeter;
import mixer.training.SettingsPredictor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Several models on one song: each one's settings, mix, loudness and spectrum, next to the song's own
 * loudness and spectrum ({@code mixer compare}).
 *
 * @param inputLoudness          the song as it is
 * @param inputSpectrum          the song's average spectrum
 * @param inputReferenceDistance how near the song sounds to the reference ({@link Reference#distanceTo}; NaN when blind)
 * @param entries                one per model, in the order given
 */
public record Comparison(Loudness inputLoudness, Spectrum inputSpectrum, double inputReferenceDistance, List<Entry> entries) {

    /**
     * One model's result: its settings, the rendered mix, the mix's loudness and spectrum, and how near the mix sounds
     * to the reference ({@link Reference#distanceTo}, as {@code mixer mix --reference} says it; NaN when blind).
     */
    public record Entry(Prediction prediction, MixResult mix, Audio audio, Loudness loudness, Spectrum spectrum,
                        double referenceDistance) {
    }

    /**
     * The song in memory (a comparison holds every model's mix); {@code sourceChannels} as the file had them; match
     * models mix toward {@code reference} (null: blind models).
     */
    public static Comparison of(Audio song, int sourceChannels, List<SettingsPredictor> models, MixOptions options, int maxWindows,
                                Audio reference) {
        return of(song, sourceChannels, models, options, maxWindows, reference, (model, i) -> { });
    }

    /** As {@link #of(Audio, int, List, MixOptions, int, Audio)}, telling {@code starting} of each model (its index from 0) as it begins. */
    public static Comparison of(Audio song, int sourceChannels, List<SettingsPredictor> models, MixOptions options, int maxWindows,
                                Audio reference, java.util.function.ObjIntConsumer<String> starting) {
        List<Entry> entries = new ArrayList<>();
        Map<FeatureConfig, List<Features>> windows = new HashMap<>(); // models that hear alike share the features
        Song referenceSong = reference == null ? null : Song.of(reference);
        try {
            Mixer previous = null;
            Reference heard = null; // the reference as every model hears it, read once
            for (SettingsPredictor model : models) {
                starting.accept(model.name(), entries.size());
                Mixer mixer = previous == null ? new Mixer(model, maxWindows, referenceSong) : previous.with(model);
                previous = mixer;
                Prediction p = mixer.predict(windows.computeIfAbsent(model.featureConfig(), c -> mixer.windows(song)));
                heard = mixer.reference(song.sampleRateHz());
                MixResult r = Mixer.settings(Song.of(song), p.settings(), options, heard);
                Audio mix = Mixer.render(song, r);
                entries.add(new Entry(p, r, mix, LoudnessMeter.measure(mix), Spectrum.of(mix),
                        heard == null ? Double.NaN : heard.distanceTo(Song.of(mix))));
            }
            return new Comparison(LoudnessMeter.measure(song, sourceChannels), Spectrum.of(song),
                    heard == null ? Double.NaN : heard.distanceTo(Song.of(song)), entries);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // every song here is in memory: cannot happen
        }
    }
}
