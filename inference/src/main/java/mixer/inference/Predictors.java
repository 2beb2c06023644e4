package mixer.inference;

import mixer.dataset.features.FeatureConfig;
import mixer.dataset.features.Features;
import mixer.evaluation.ensemble.EnsembleBundle;
import mixer.training.ModelBundle;
import mixer.training.models.ModelKind;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds a model by the name the user types ({@code --model ast}) in a models folder: a trained
 * network is {@code <dir>/<name>.zip} (a bundle: net + normaliser + provenance), the fitted ensemble
 * {@code <dir>/ensemble.json}. Predictors made in code (tests, baselines) can be added with
 * {@link #with}; they win over files of the same name.
 */
public final class Predictors {

    public static final Path DEFAULT_DIR = Path.of("models");
    public static final String ENSEMBLE = "ensemble";

    /** Turns a model file into a predictor. */
    @FunctionalInterface
    public interface Loader {
        SettingsPredictor load(String name, Path file) throws IOException;
    }

    private final Path dir;
    private final Loader loader;
    private final Map<String, SettingsPredictor> inMemory;

    /** Models in {@code dir}, loaded by {@link #loadFile}. */
    public Predictors(Path dir) {
        this(dir, Predictors::loadFile, Map.of());
    }

    public Predictors(Path dir, Loader loader) {
        this(dir, loader, Map.of());
    }

    private Predictors(Path dir, Loader loader, Map<String, SettingsPredictor> inMemory) {
        this.dir = dir;
        this.loader = loader;
        this.inMemory = Map.copyOf(inMemory);
    }

    /** A copy that also knows this predictor, by its {@link SettingsPredictor#name()}. */
    public Predictors with(SettingsPredictor predictor) {
        Map<String, SettingsPredictor> m = new LinkedHashMap<>(inMemory);
        m.put(predictor.name(), predictor);
        return new Predictors(dir, loader, m);
    }

    public Path dir() {
        return dir;
    }

    /** The model names the CLI offers: the ensemble and every {@link ModelKind}. */
    public static List<String> knownNames() {
        List<String> names = new ArrayList<>(List.of(ENSEMBLE));
        Arrays.stream(ModelKind.values()).map(ModelKind::id).forEach(names::add);
        return names;
    }

    /** Where the model of this name lives. */
    public Path fileOf(String name) {
        return dir.resolve(name.equals(ENSEMBLE) ? "ensemble.json" : name + ".zip");
    }

    /** The predictor of this name, or an error that says what is missing and how to make it. */
    public SettingsPredictor get(String name) throws IOException {
        SettingsPredictor p = inMemory.get(name);
        if (p != null) return p;
        if (!knownNames().contains(name)) {
            List<String> offered = new ArrayList<>(knownNames());
            offered.addAll(inMemory.keySet());
            throw new IllegalArgumentException("unknown model '" + name + "'; expected one of " + offered);
        }
        Path file = fileOf(name);
        if (!Files.isRegularFile(file)) {
            String how = name.equals(ENSEMBLE)
                    ? "train the models and fit the ensemble with `mixer reproduce`"
                    : "run `mixer train --model " + name + "` or `mixer reproduce`";
            throw new IllegalStateException("no trained model '" + name + "' in " + shown(dir) + ": " + how);
        }
        return loader.load(name, file);
    }

    /**
     * The one place that reads a model file. Trained bundles and the fitted ensemble are not
     * loadable in this build yet; their adapters (a bundle's {@code predict(List<Features>)} is the
     * mean over windows) go here.
     */
    static SettingsPredictor loadFile(String name, Path file) throws IOException {
        if (!name.equals(ENSEMBLE)) return bundle(name, ModelBundle.load(file));
        EnsembleBundle e = EnsembleBundle.load(file);
        e.verifyMembers(file); // refuses members retrained since the weights were fitted
        List<ModelBundle> members = new ArrayList<>();
        for (String m : e.ensemble().models()) members.add(ModelBundle.load(e.memberBundle(file, m)));
        FeatureConfig config = members.get(0).featureConfig();
        for (ModelBundle b : members) {
            if (!b.featureConfig().equals(config)) throw new IOException(file + ": its members hear different feature windows");
        }
        return new SettingsPredictor() {
            public String name() {
                return ENSEMBLE;
            }

            public FeatureConfig featureConfig() {
                return config;
            }

            public double[] predictNormalized(List<Features> windows) {
                double[][] each = new double[members.size()][];
                for (int i = 0; i < each.length; i++) each[i] = members.get(i).predict(windows);
                return clamp(e.ensemble().combine(each));
            }
        };
    }

    /** A trained bundle as a predictor: the mean of its outputs over the windows. */
    static SettingsPredictor bundle(String name, ModelBundle b) {
        return new SettingsPredictor() {
            public String name() {
                return name;
            }

            public FeatureConfig featureConfig() {
                return b.featureConfig();
            }

            public double[] predictNormalized(List<Features> windows) {
                return clamp(b.predict(windows));
            }
        };
    }

    private static double[] clamp(double[] p) {
        double[] out = p.clone();
        for (int i = 0; i < out.length; i++) out[i] = Math.max(0, Math.min(1, out[i]));
        return out;
    }

    private static String shown(Path dir) {
        String s = dir.toString();
        return s.endsWith("/") ? s : s + "/";
    }
}
