package mixer.inference;

import mixer.dataset.features.Features;
import mixer.dsp.Audio;
import mixer.dsp.Renderer;
import mixer.dsp.loudness.LoudnessMeter;
import mixer.dsp.params.MixSettings;
import mixer.dsp.params.Param;

import java.util.ArrayList;
import java.util.List;

/**
 * Mixing with a model: predict the 10 settings from the song's windows ({@link SongWindows}), adjust
 * them ({@link MixOptions}: amount, loudness target), render with the one {@link Renderer} (chain +
 * safety limiter; on two cores through {@link PipelinedRenderer}, same output). The same settings
 * through {@code mixer render} give the same audio.
 */
public final class Mixer {

    private final SettingsPredictor predictor;
    private final int maxWindows;

    public Mixer(SettingsPredictor predictor) {
        this(predictor, SongWindows.DEFAULT_MAX_WINDOWS);
    }

    public Mixer(SettingsPredictor predictor, int maxWindows) {
        if (maxWindows < 1) throw new IllegalArgumentException("maxWindows must be at least 1, got " + maxWindows);
        this.predictor = predictor;
        this.maxWindows = maxWindows;
    }

    public SettingsPredictor predictor() {
        return predictor;
    }

    /** The model's settings for the whole song. */
    public Prediction predict(Audio song) {
        return predict(windows(song));
    }

    /** The features of the windows of the song the model hears (the first half of {@link #predict(Audio)}). */
    public List<Features> windows(Audio song) {
        return SongWindows.features(song, predictor.featureConfig(), maxWindows);
    }

    /** The model's settings from a song's windows (the second half of {@link #predict(Audio)}). */
    public Prediction predict(List<Features> windows) {
        double[] normalized = checked(predictor.name(), predictor.predictNormalized(windows));
        return new Prediction(predictor.name(), MixSettings.ofNormalized(normalized), windows.size());
    }

    /** Predicts and renders. */
    public MixResult mix(Audio song, MixOptions options) {
        return apply(song, predict(song).settings(), options);
    }

    /**
     * Renders the song with predicted settings adjusted by the options. With a loudness target the
     * chain's output is measured at 0 dB output level (no limiter) and the output level set to
     * {@code target - measured}, clamped to the parameter's range (with a warning).
     */
    public static MixResult apply(Audio song, MixSettings predicted, MixOptions options) {
        List<String> warnings = new ArrayList<>();
        MixSettings applied = predicted.blendTowardNeutral(options.amount());
        if (options.targetLufs().isPresent()) {
            double target = options.targetLufs().getAsDouble();
            Audio atUnity = Renderer.render(song, applied.with(Param.OUTPUT_LEVEL_DB, 0), false);
            double measured = LoudnessMeter.measure(atUnity).integratedLufs();
            if (!Double.isFinite(measured)) {
                warnings.add("the mix is too quiet to measure (no 400 ms block above -70 LUFS): "
                        + "output level left at " + fmt(applied.get(Param.OUTPUT_LEVEL_DB)) + " dB, not set for "
                        + fmt(target) + " LUFS");
            } else {
                double needed = target - measured;
                double level = MixOptions.clampOutputLevelDb(needed);
                if (level != needed) {
                    warnings.add(String.format(java.util.Locale.ROOT,
                            "reaching %.1f LUFS needs %+.1f dB of output level, outside %s: clamped to %+.1f dB (about %.1f LUFS)",
                            target, needed, Param.OUTPUT_LEVEL_DB.range(), level, measured + level));
                }
                applied = applied.with(Param.OUTPUT_LEVEL_DB, level);
            }
        }
        Audio out = Renderer.render(song, applied, options.limiter());
        return new MixResult(predicted, applied, out, options.limiter(), warnings);
    }

    /** A model's output as valid normalised settings: 10 finite values, clamped into [0, 1]. */
    static double[] checked(String model, double[] normalized) {
        if (normalized == null || normalized.length != Param.COUNT) {
            throw new IllegalStateException("model '" + model + "' gave " + (normalized == null ? "nothing" : normalized.length + " values")
                    + "; expected " + Param.COUNT + " normalised settings");
        }
        double[] out = new double[Param.COUNT];
        for (Param p : Param.all()) {
            double v = normalized[p.ordinal()];
            if (!Double.isFinite(v)) {
                throw new IllegalStateException("model '" + model + "' predicted " + v + " for " + p.id
                        + "; the model file may be damaged: retrain it");
            }
            out[p.ordinal()] = Math.max(0, Math.min(1, v)); // an ensemble's weighted sum can step slightly outside
        }
        return out;
    }

    private static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%+.1f", v);
    }
}
