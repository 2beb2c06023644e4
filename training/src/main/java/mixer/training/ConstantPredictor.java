package mixer.training;

import mixer.dataset.TrainingExamples;
import mixer.dataset.features.FeatureConfig;
import mixer.dataset.features.Features;
import mixer.dsp.params.MixSettings;
import mixer.dsp.params.Param;

import java.util.List;

/**
 * Predicts the same settings for every song, whatever it hears: a fixed, known predictor, and the mean of a run's
 * training targets. Only tests use it (the benchmarks use an untrained CNN; the report's training-mean baseline is
 * evaluation's {@code MeanPredictor}).
 */
public final class ConstantPredictor implements SettingsPredictor {

    private final String name;
    private final double[] normalized;
    private final FeatureConfig featureConfig;

    public ConstantPredictor(String name, MixSettings settings) {
        this(name, settings.normalized(), FeatureConfig.DEFAULT);
    }

    private ConstantPredictor(String name, double[] normalized, FeatureConfig featureConfig) {
        this.name = name;
        this.normalized = normalized;
        this.featureConfig = featureConfig;
    }

    /** The neutral chain: settings that leave the audio unchanged. */
    public static ConstantPredictor neutral() {
        return new ConstantPredictor("neutral", MixSettings.neutral());
    }

    /** The mean normalised target of the first {@code examplesPerTrack} examples of each track in epoch 0 of {@code train}. */
    public static ConstantPredictor trainingMean(TrainingExamples train, int examplesPerTrack) {
        double[] mean = new double[Param.COUNT];
        int n = 0;
        for (int t = 0; t < train.size(); t++) {
            for (int k = 0; k < examplesPerTrack; k++, n++) {
                double[] y = train.draw(0, t, k).targets();
                for (int p = 0; p < mean.length; p++) mean[p] += y[p];
            }
        }
        for (int p = 0; p < mean.length; p++) mean[p] /= n;
        return new ConstantPredictor("training mean", mean, train.config());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public FeatureConfig featureConfig() {
        return featureConfig;
    }

    @Override
    public double[] predictNormalized(List<Features> windows) {
        if (windows.isEmpty()) throw new IllegalArgumentException("no windows to predict from");
        double[] out = normalized.clone();
        assert out.length == Param.COUNT;
        return out;
    }
}
