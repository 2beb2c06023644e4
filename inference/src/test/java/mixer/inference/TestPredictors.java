package mixer.inference;

import mixer.dataset.features.FeatureConfig;
import mixer.dataset.features.Features;
import mixer.dsp.params.Param;
import mixer.training.SettingsPredictor;

import java.util.List;

/** Deterministic predictors for tests: no network, known answers. */
final class TestPredictors {

    private TestPredictors() {
    }

    /**
     * Settings that depend on what the windows hold (so two songs get two mixes): parameter p is
     * 0.2 + 0.6 * frac(|mean over windows of descriptor p| / 7). Counts the windows it was given.
     */
    static class FromDescriptors implements SettingsPredictor {
        int lastWindows;

        @Override
        public String name() {
            return "test-descriptors";
        }

        @Override
        public FeatureConfig featureConfig() {
            return FeatureConfig.DEFAULT;
        }

        @Override
        public double[] predictNormalized(List<Features> windows) {
            lastWindows = windows.size();
            double[] out = new double[Param.COUNT];
            for (int p = 0; p < Param.COUNT; p++) {
                double mean = 0;
                for (Features f : windows) mean += f.descriptors()[p] / windows.size();
                double x = Math.abs(mean) / 7;
                out[p] = 0.2 + 0.6 * (x - Math.floor(x));
            }
            return out;
        }
    }

    /** Always these normalised values (may be invalid, to test the checks). */
    static SettingsPredictor fixed(String name, double... normalized) {
        return new SettingsPredictor() {
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
                return normalized.clone();
            }
        };
    }

    /** {@code model} as a match-other model: it mixes toward a reference (and predicts as {@code model} does). */
    static SettingsPredictor matchOther(String name, SettingsPredictor model) {
        return forTask(mixer.dataset.Task.MATCH_OTHER, name, model);
    }

    /** {@code model} as a match-same model: it hears a take beside its mix (and predicts as {@code model} does). */
    static SettingsPredictor matchSame(String name, SettingsPredictor model) {
        return forTask(mixer.dataset.Task.MATCH_SAME, name, model);
    }

    /** {@code model} as an estimate model: it hears a finished mix and reads the settings it was made with. */
    static SettingsPredictor estimate(String name, SettingsPredictor model) {
        return forTask(mixer.dataset.Task.ESTIMATE, name, model);
    }

    private static SettingsPredictor forTask(mixer.dataset.Task task, String name, SettingsPredictor model) {
        return new SettingsPredictor() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public mixer.dataset.Task task() {
                return task;
            }

            @Override
            public FeatureConfig featureConfig() {
                return model.featureConfig();
            }

            @Override
            public double[] predictNormalized(List<Features> windows) {
                return model.predictNormalized(windows);
            }
        };
    }
}
