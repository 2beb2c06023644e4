package mixer.inference;

import mixer.dataset.Task;
import mixer.dataset.features.FeatureConfig;
import mixer.dataset.features.Features;
import mixer.training.EnsembleModel;
import mixer.training.ModelBundle;
import mixer.training.ModelsFolder;
import mixer.training.SettingsPredictor;
import mixer.training.WeightedEnsemble;
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
 * {@code <dir>/ensemble.json}; the first look of {@code --quick} runs by the same names with
 * {@link ModelsFolder#QUICK_SUFFIX} ({@code --model ensemble-quick}); a model file by its path
 * ({@code --model models/ensemble-refit.json}). Predictors made in code (tests,
 * baselines) can be added with {@link #with}; they win over files of the same name.
 */
public final class Predictors {

    public static final String ENSEMBLE = WeightedEnsemble.NAME;

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
        return dir.resolve(base(name).equals(ENSEMBLE) ? name + ".json" : name + ".zip");
    }

    /** The match task whose models this folder holds, by its name ({@code models/match-same/}: {@link ModelsFolder#of}); else null. */
    private Task folderTask() {
        Path last = dir.getFileName();
        if (last == null) return null;
        for (Task t : Task.values()) if (t.hasReference() && t.id().equals(last.toString())) return t;
        return null;
    }

    /** The name less {@link ModelsFolder#QUICK_SUFFIX}: the model it is a quick first look of. */
    private static String base(String name) {
        return name.endsWith(ModelsFolder.QUICK_SUFFIX) ? name.substring(0, name.length() - ModelsFolder.QUICK_SUFFIX.length()) : name;
    }

    /**
     * The predictor of this name, or an error that says what is missing and how to make it. A name ending in .json or .zip
     * is a model file wherever it is: an ensemble refitted into a file of its own ({@code models/ensemble-refit.json}),
     * a bundle outside the models folder.
     */
    public SettingsPredictor get(String name) throws IOException {
        SettingsPredictor p = inMemory.get(name);
        if (p != null) return p;
        if (isFile(name)) {
            Path file = Path.of(name);
            if (!Files.isRegularFile(file)) {
                throw new IOException(name + ": no such model file (" + whatAModelIs() + ")");
            }
            return loader.load(name, file);
        }
        if (!knownNames().contains(base(name))) {
            if (Files.exists(Path.of(name))) { // a file of another kind (a song, a preset) given as the model
                throw new IllegalArgumentException(name + ": not a model file: " + whatAModelIs());
            }
            List<String> offered = new ArrayList<>(knownNames());
            offered.addAll(inMemory.keySet());
            throw new IllegalArgumentException("unknown model '" + name + "'; expected one of " + offered
                    + " (a --quick run's: NAME" + ModelsFolder.QUICK_SUFFIX + ")");
        }
        Path file = fileOf(name);
        if (!Files.isRegularFile(file)) {
            String quickRun = name.endsWith(ModelsFolder.QUICK_SUFFIX) ? " --quick" : "";
            // a match task's folder: `mixer train` without --data trains blind restore's dataset into models/, not here
            Task task = folderTask();
            String reproduce = "`mixer reproduce" + quickRun + (task == null ? "" : " --task " + task.id()) + "`";
            // mixer train puts a bundle in the task's folder; another folder (--models-dir) needs its --bundle
            boolean tasksFolder = dir.toAbsolutePath().normalize().equals(
                    ModelsFolder.of(task == null ? Task.RESTORE : task).toAbsolutePath().normalize());
            String bundle = tasksFolder ? "" : " --bundle " + fileOf(name);
            String how = base(name).equals(ENSEMBLE)
                    ? "train the models and fit the ensemble with " + reproduce
                    : task == null ? "run `mixer train --model " + base(name) + quickRun + bundle + "` or " + reproduce
                    : "run `mixer train --model " + base(name) + quickRun + " --data " + ModelsFolder.dataset(task).resolve("manifest.csv")
                            + bundle + "` (a "
                            + task.id() + " dataset: `mixer dataset build --task match --reference " + (task.sameCrop() ? "same" : "other")
                            + "` builds it there) or " + reproduce;
            String quick = name + ModelsFolder.QUICK_SUFFIX;
            if (Files.isRegularFile(fileOf(quick))) how += " (the first look of a --quick run is there: " + quick + ")";
            throw new IllegalStateException("no trained model '" + name + "' in " + shown(dir)
                    + (dir.isAbsolute() ? "" : " (" + shown(dir.toAbsolutePath().normalize()) + "; --models-dir names another folder)")
                    + ": " + how);
        }
        SettingsPredictor loaded = loader.load(name, file);
        return name.equals(loaded.name() + ModelsFolder.QUICK_SUFFIX) ? new Named(name, loaded) : loaded;
    }

    /**
     * A model known by the name it was asked for: a --quick run's "ast-quick" is an "ast" bundle, and what it mixes and
     * compares says which of the two made it.
     */
    private record Named(String name, SettingsPredictor model) implements SettingsPredictor {
        @Override
        public Task task() {
            return model.task();
        }

        @Override
        public FeatureConfig featureConfig() {
            return model.featureConfig();
        }

        @Override
        public double[] predictNormalized(List<Features> windows) {
            return model.predictNormalized(windows);
        }

        @Override
        public WithMembers predictWithMembers(List<Features> windows) {
            return model.predictWithMembers(windows);
        }

        @Override
        public java.util.Map<String, Object> madeBy() {
            return model.madeBy();
        }
    }

    /**
     * What a mix or preset says of the model that made it, into its {@code "_mixed_by"} (or {@code "_estimated_by"})
     * block: its name, and which training made it ({@link SettingsPredictor#madeBy}) where it was trained.
     */
    public static void describe(com.fasterxml.jackson.databind.node.ObjectNode by, SettingsPredictor model) {
        by.put("model", model.name());
        java.util.Map<String, Object> made = model.madeBy();
        if (!made.isEmpty()) by.set("model_made", new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(made));
    }

    /** What --model takes, for the messages that refuse something else. */
    private static String whatAModelIs() {
        return "a model is a name, " + knownNames() + ", or the file of a bundle, NAME.zip, or of an ensemble, NAME.json";
    }

    /** Whether {@code --model} names a model's file rather than a model in the folder. */
    public static boolean isFile(String name) {
        return name.endsWith(".json") || name.endsWith(".zip");
    }

    /**
     * The one place that reads a model file: the ensemble with its members, or a trained bundle (of the model the name
     * says, where it names one).
     */
    static SettingsPredictor loadFile(String name, Path file) throws IOException {
        if (isFile(name)) return name.endsWith(".json") ? EnsembleModel.load(file) : ModelBundle.load(file);
        return base(name).equals(ENSEMBLE) ? EnsembleModel.load(file) : ModelBundle.load(file, ModelKind.of(base(name)));
    }

    private static String shown(Path dir) {
        String s = dir.toString();
        return s.endsWith("/") ? s : s + "/";
    }
}
