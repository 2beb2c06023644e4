package mixer.training;

import mixer.dataset.Task;
import mixer.dataset.features.FeatureConfig;
import mixer.dataset.features.Features;

import mixer.training.models.ModelKind;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The saved ensemble as a model that mixes songs: the weights of an {@link EnsembleBundle} file with its
 * member {@link ModelBundle}s loaded. A song's settings are, per parameter, the weighted sum of what each
 * member predicts for it (the mean over the windows).
 */
public final class EnsembleModel implements SettingsPredictor {

    private final WeightedEnsemble ensemble;
    private final List<ModelBundle> members; // in ensemble.models() order
    private final FeatureConfig featureConfig;

    private EnsembleModel(WeightedEnsemble ensemble, List<ModelBundle> members, FeatureConfig featureConfig) {
        this.ensemble = ensemble;
        this.members = List.copyOf(members);
        this.featureConfig = featureConfig;
    }

    /**
     * The ensemble of {@code file} with its members, which must be the bundles its weights were fitted
     * with (same SHA-256) and hear the same feature windows; else an error naming the file.
     */
    public static EnsembleModel load(Path file) throws IOException {
        EnsembleBundle saved = EnsembleBundle.load(file);
        saved.verifyMembers(file);
        List<ModelBundle> members = new ArrayList<>();
        for (String m : saved.ensemble().models()) { // a member named as a model is that model's bundle (others: any name)
            Path bundle = saved.memberBundle(file, m);
            boolean modelsName = java.util.Arrays.stream(ModelKind.values()).anyMatch(k -> k.id().equals(m));
            members.add(modelsName ? ModelBundle.load(bundle, ModelKind.of(m)) : ModelBundle.load(bundle));
        }
        FeatureConfig config = members.get(0).featureConfig();
        for (ModelBundle b : members) {
            if (!b.featureConfig().equals(config)) throw new IOException(file + ": its members hear different feature windows");
            if (b.task() != members.get(0).task()) {
                throw new IOException(file + ": its members were trained for different tasks (" + members.get(0).task().id() + " and "
                        + b.task().id() + ")");
            }
        }
        return new EnsembleModel(saved.ensemble(), members, config);
    }

    @Override
    public String name() {
        return WeightedEnsemble.NAME;
    }

    @Override
    public Task task() {
        return members.get(0).task();
    }

    @Override
    public FeatureConfig featureConfig() {
        return featureConfig;
    }

    @Override
    public java.util.Map<String, Object> madeBy() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < members.size(); i++) m.put(ensemble.models().get(i), members.get(i).madeBy());
        return java.util.Map.of("members", m);
    }

    @Override
    public WithMembers predictWithMembers(List<Features> windows) {
        double[][] each = new double[members.size()][];
        for (int m = 0; m < each.length; m++) each[m] = members.get(m).predict(windows);
        java.util.Map<String, double[]> byName = new java.util.LinkedHashMap<>();
        for (int m = 0; m < each.length; m++) byName.put(ensemble.models().get(m), ModelBundle.clamped(each[m]));
        return new WithMembers(ensemble.combine(each), byName); // combined before clamping; clamped to [0, 1]
    }

    @Override
    public double[] predictNormalized(List<Features> windows) {
        return predictWithMembers(windows).own();
    }
}
