package mixer.inference;

import mixer.dataset.features.FeatureConfig;
import mixer.dataset.features.Features;
import mixer.dsp.params.MixSettings;
import mixer.dsp.params.Param;
import mixer.training.SettingsPredictor;

import java.util.List;

/**
 * Predicts the same settings for every song, whatever it hears: the "training mean" baseline of the
 * evaluation protocol, and a fixed, known predictor for tests and benchmarks.
 */
public final class ConstantPredictor implements SettingsPredictor {

    private final String name;
    private final double[] normalized;

    public ConstantPredictor(String name, MixSettings settings) {
        this.name = name;
        this.normalized = settings.normalized();
    }

    /** The neutral chain: settings that leave the audio unchanged. */
    public static ConstantPredictor neutral() {
        return new ConstantPredictor("neutral", MixSettings.neutral());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public FeatureConfig featureConfig() {
        return FeatureConfig.DEFAULT;
    }

    @Override
    public double[] predictNormalized(List<Features> windows) {
        if (windows.isEmpty()) throw new IllegalArgumentException("no windows to predict from");
        double[] out = normalized.clone();
        assert out.length == Param.COUNT;
        return out;
    }
}
