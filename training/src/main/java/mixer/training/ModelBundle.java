package mixer.training;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import mixer.dataset.features.FeatureConfig;
import mixer.dataset.Task;
import mixer.dataset.features.Features;
import mixer.dataset.features.LogMelConfig;
import mixer.dsp.params.Param;
import mixer.training.models.InputShape;
import mixer.training.models.ModelKind;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A trained model as one file that inference loads alone: a DL4J model zip (the network) with mixer's
 * entries beside it: {@code mixer/bundle.json} (format, model kind, feature config, input shape),
 * {@code mixer/normalizer.json}, {@code mixer/params.json} (the schema of the 10 settings it predicts:
 * name, unit, range, scale, neutral value; {@link #load} refuses a bundle whose schema is not this mixer's),
 * {@code mixer/provenance.json} (seed, config, dataset hash, git commit, versions, device, wall time)
 * and {@code mixer/history.csv} (the training curve).
 *
 * <p>Predictions are normalised settings in [0, 1], in {@link Param} order; as a {@link SettingsPredictor}
 * it is named by its model kind ("ast") and predicts a song as the mean over its windows. Not thread-safe for
 * concurrent predictions beyond the built-in lock: one bundle serves one caller at a time. A bundle's
 * network runs its convolutions through {@link ConvolutionHelpers} (set up by the constructor).
 */
public final class ModelBundle implements SettingsPredictor {

    /** Bumped when the layout changes; older readers refuse newer files with a sentence. */
    public static final int FORMAT = 1;
    /** Windows per forward pass: bounds memory for long songs. */
    private static final int CHUNK = 64;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ModelKind kind;
    private final FeatureConfig featureConfig;
    private final FeatureNormalizer normalizer;
    private final ComputationGraph network;
    private final Map<String, Object> provenance;
    private final List<EpochRecord> history;

    public ModelBundle(ModelKind kind, FeatureConfig featureConfig, FeatureNormalizer normalizer, ComputationGraph network,
                       Map<String, Object> provenance, List<EpochRecord> history) {
        this.kind = kind;
        this.featureConfig = featureConfig;
        this.normalizer = normalizer;
        this.network = network;
        ConvolutionHelpers.install(network); // predictions run through libnd4j's conv2d op: same outputs, 3-4x faster
        this.provenance = Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
        this.history = List.copyOf(history);
    }

    public ModelKind kind() {
        return kind;
    }

    /** The model kind's id ("ast"): the name {@code --model} gives it. */
    @Override
    public String name() {
        return kind.id();
    }

    @Override
    public FeatureConfig featureConfig() {
        return featureConfig;
    }

    public InputShape inputShape() {
        return new InputShape(normalizer.channels(), featureConfig.logMel().melBands(), featureConfig.frames(), normalizer.descriptorCount());
    }

    /** The task the model was trained for (its dataset's, in the provenance; restore for bundles from before tasks were recorded). */
    @Override
    public Task task() {
        return provenance.get("dataset") instanceof Map<?, ?> d && d.get("task") != null ? Task.of(String.valueOf(d.get("task"))) : Task.RESTORE;
    }

    public FeatureNormalizer normalizer() {
        return normalizer;
    }

    /** The network itself (for inspection or fine-tuning; prediction goes through {@link #predictWindows}). */
    public ComputationGraph network() {
        return network;
    }

    /** Seed, config, dataset hash, git commit, versions, device, wall time, best epoch and its validation MAE. */
    public Map<String, Object> provenance() {
        return provenance;
    }

    public List<EpochRecord> history() {
        return history;
    }

    /**
     * Why a bundle's {@code provenance} is not of a training with {@code config}'s settings on {@code dataset}, or null
     * when it is: what `mixer reproduce` and a resumed finished run both ask.
     */
    public static String trainedOtherwise(Map<String, Object> provenance, TrainConfig config, DatasetId dataset) {
        String data = dataset.changedSince(DatasetId.recordedIn(provenance.get("dataset")));
        if (data != null) return "trained on another dataset (" + data + ")";
        if (!(provenance.get("config") instanceof Map<?, ?> m)) return "its settings are not recorded";
        for (Map.Entry<String, Object> e : config.settings().entrySet()) {
            if (!Objects.equals(String.valueOf(m.get(e.getKey())), String.valueOf(e.getValue()))) {
                return "trained with " + e.getKey() + " " + m.get(e.getKey()) + ", now " + e.getValue();
            }
        }
        return null;
    }

    @Override
    public Map<String, Object> madeBy() {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (String key : List.of("seed", "best_epoch", "best_val_mae")) if (provenance.containsKey(key)) m.put(key, provenance.get(key));
        if (provenance.get("dataset") instanceof Map<?, ?> d && d.get("manifest_sha256") != null) {
            m.put("dataset_manifest_sha256", d.get("manifest_sha256"));
        }
        // a trained bundle keeps the code's provenance in its own block; bundles written by hand (tests) at the top
        Map<?, ?> code = provenance.get("provenance") instanceof Map<?, ?> p ? p : provenance;
        for (String key : List.of("git_commit", "created_utc")) if (code.get(key) != null) m.put(key, code.get(key));
        return m;
    }

    /** Normalised settings of each window: [windows][10], each in [0, 1]. */
    public synchronized double[][] predictWindows(List<Features> windows) {
        if (windows.isEmpty()) throw new IllegalArgumentException("no windows to predict from");
        double[][] out = new double[windows.size()][];
        for (int from = 0; from < windows.size(); from += CHUNK) {
            List<Features> chunk = windows.subList(from, Math.min(windows.size(), from + CHUNK));
            for (Features f : chunk) checkShape(f);
            INDArray y = network.output(false, normalizer.inputs(chunk, network.getConfiguration().getNetworkInputs()))[0];
            for (int i = 0; i < chunk.size(); i++) out[from + i] = y.getRow(i).toDoubleVector();
        }
        return out;
    }

    /**
     * Normalised settings of a track: the mean over its windows' predictions. (A trimmed mean, a fifth
     * cut at each end, was measured on validation on 2026-12-02: no better, within 0.0006 per model, and
     * slightly worse on the worst row; see RESULTS.md.)
     */
    public double[] predict(List<Features> windows) {
        double[][] each = predictWindows(windows);
        double[] mean = new double[Param.COUNT];
        for (double[] p : each) for (int i = 0; i < mean.length; i++) mean[i] += p[i] / each.length;
        return mean;
    }

    /** {@link #predict}, clamped to [0, 1] (sigmoid outputs are, up to rounding). */
    @Override
    public double[] predictNormalized(List<Features> windows) {
        return clamped(predict(windows));
    }

    /** Settings clamped to [0, 1], in a copy. */
    static double[] clamped(double[] normalized) {
        double[] p = normalized.clone();
        for (int i = 0; i < p.length; i++) p[i] = Math.max(0, Math.min(1, p[i]));
        return p;
    }

    private void checkShape(Features f) {
        int bands = f.logMel()[0].length, frames = f.logMel()[0][0].length;
        if (f.logMel().length != normalizer.channels()) {
            throw new IllegalArgumentException("this " + kind.id() + " model (" + task().id() + ") hears " + normalizer.channels()
                    + " log-mel channels, got " + f.logMel().length + (task().hasReference()
                    ? ": it needs a reference beside its input" : ": it hears its input alone, without a reference"));
        }
        if (bands != featureConfig.logMel().melBands() || frames != featureConfig.frames()) {
            throw new IllegalArgumentException("this " + kind.id() + " model hears windows of " + featureConfig.logMel().melBands()
                    + " mel bands x " + featureConfig.frames() + " frames, got " + bands + " x " + frames
                    + "; compute features with the bundle's featureConfig()");
        }
    }

    // --- file format ---

    public void save(Path file) throws IOException {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("what", "mixer model bundle");
        meta.put("format", FORMAT);
        meta.put("model", kind.id());
        meta.put("inputs", network.getConfiguration().getNetworkInputs());
        meta.put("output", ModelKind.OUTPUT);
        meta.put("feature_config", featureConfigMap(featureConfig));
        InputShape s = inputShape();
        Map<String, Object> shape = new LinkedHashMap<>(); // in this order in every file (Map.of's order changes per JVM)
        if (s.channels() != 2) shape.put("channels", s.channels()); // a match pair's six; absent is mid and side, as stored bundles say
        shape.put("bands", s.bands());
        shape.put("frames", s.frames());
        shape.put("descriptors", s.descriptors());
        meta.put("input_shape", shape);
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("bundle.json", JSON.writeValueAsString(meta));
        entries.put("normalizer.json", normalizer.toJson());
        entries.put("params.json", JSON.writeValueAsString(schema()));
        entries.put("provenance.json", JSON.writeValueAsString(provenance));
        entries.put("history.csv", EpochRecord.toCsv(history));
        DlZip.write(file, network, false, entries);
    }

    /**
     * {@link #load(Path)} of a bundle that a folder names by its model ({@code models/baseline-cnn.zip}): a bundle of
     * another model under that name (copied, or trained with another {@code --bundle}) is refused, not scored or
     * weighted under the wrong name.
     */
    public static ModelBundle load(Path file, ModelKind expected) throws IOException {
        ModelBundle bundle = load(file);
        if (bundle.kind() != expected) {
            throw new IOException(file + ": its model is " + bundle.kind().id() + ", not " + expected.id() + ": name it "
                    + bundle.kind().id() + ".zip, or train " + expected.id() + " into it with `mixer train --model " + expected.id() + "`");
        }
        return bundle;
    }

    public static ModelBundle load(Path file) throws IOException {
        Map<String, String> entries = DlZip.entries(file);
        String bundleJson = entries.get("bundle.json");
        if (bundleJson == null) {
            throw new IOException(file + ": not a mixer model bundle (no mixer/bundle.json inside); make one with `mixer train`");
        }
        Map<String, Object> meta = JSON.readValue(bundleJson, new TypeReference<>() { });
        int format = ((Number) meta.getOrDefault("format", -1)).intValue();
        if (format != FORMAT) {
            throw new IOException(file + ": bundle format " + format + ", this mixer reads format " + FORMAT + "; retrain or update mixer");
        }
        ModelKind kind;
        try {
            kind = ModelKind.of((String) meta.get("model"));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        checkSchema(JSON.readValue(require(entries, "params.json", file), new TypeReference<>() { }), file, kind);
        @SuppressWarnings("unchecked")
        FeatureConfig fc = featureConfig((Map<String, Object>) meta.get("feature_config"));
        FeatureNormalizer normalizer = FeatureNormalizer.fromJson(require(entries, "normalizer.json", file));
        Map<String, Object> provenance = JSON.readValue(require(entries, "provenance.json", file), new TypeReference<>() { });
        List<EpochRecord> history = entries.containsKey("history.csv") ? EpochRecord.fromCsv(entries.get("history.csv")) : List.of();
        return new ModelBundle(kind, fc, normalizer, DlZip.network(file, false), provenance, history);
    }

    private static String require(Map<String, String> entries, String name, Path file) throws IOException {
        String s = entries.get(name);
        if (s == null) throw new IOException(file + ": the bundle lacks mixer/" + name + " (damaged or written by something else)");
        return s;
    }

    /**
     * Refuses a bundle that predicts other settings than this mixer's chain has: other names or order, or
     * the same names with other units, ranges or scales, under which its normalised outputs would turn
     * into wrong physical values. Neutral values and descriptions may differ: they do not change what an
     * output means.
     */
    private static void checkSchema(List<Map<String, Object>> stored, Path file, ModelKind kind) throws IOException {
        List<String> names = stored.stream().map(p -> String.valueOf(p.get("name"))).toList();
        List<String> ours = Param.all().stream().map(p -> p.id).toList();
        String retrain = "; retrain it with `mixer train --model " + kind.id() + "`";
        if (!names.equals(ours)) {
            throw new IOException(file + ": the model predicts the settings " + names + " but this mixer's chain has " + ours + retrain);
        }
        List<Map<String, Object>> expected = schema();
        List<String> differences = new ArrayList<>();
        for (int i = 0; i < expected.size(); i++) {
            for (String field : List.of("unit", "min", "max", "scale")) {
                Object theirs = stored.get(i).get(field), mine = expected.get(i).get(field);
                boolean same = theirs instanceof Number a && mine instanceof Number b ? a.doubleValue() == b.doubleValue()
                        : Objects.equals(theirs, mine);
                if (!same) differences.add(names.get(i) + " " + field + " " + shown(theirs) + " in the bundle, " + shown(mine) + " here");
            }
        }
        if (!differences.isEmpty()) {
            throw new IOException(file + ": the model was trained for settings other than this mixer's (" + String.join("; ", differences)
                    + "), so its outputs would turn into wrong physical values" + retrain);
        }
    }

    /** 0.6, -12, "dB": numbers without trailing zeros, text quoted (so that an empty unit shows). */
    private static String shown(Object value) {
        if (value instanceof Number n) return java.math.BigDecimal.valueOf(n.doubleValue()).stripTrailingZeros().toPlainString();
        return value == null ? "nothing" : "\"" + value + "\"";
    }

    static List<Map<String, Object>> schema() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Param p : Param.all()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("index", p.ordinal());
            m.put("name", p.id);
            m.put("unit", p.unit);
            m.put("min", p.min);
            m.put("max", p.max);
            m.put("scale", p.scale.name().toLowerCase(java.util.Locale.ROOT));
            m.put("neutral", p.neutral);
            m.put("description", p.description);
            out.add(m);
        }
        return out;
    }

    static Map<String, Object> featureConfigMap(FeatureConfig c) {
        LogMelConfig l = c.logMel();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fft_size", l.fftSize());
        m.put("hop_seconds", l.hopSeconds());
        m.put("mel_bands", l.melBands());
        m.put("min_hz", l.minHz());
        m.put("max_hz", l.maxHz());
        m.put("floor_db", l.floorDb());
        m.put("frames", c.frames());
        if (c.version() != 1) m.put("version", c.version()); // version 1 is written as before versions existed
        m.put("key", c.key());
        return m;
    }

    static FeatureConfig featureConfig(Map<String, Object> m) throws IOException {
        try {
            FeatureConfig c = new FeatureConfig(new LogMelConfig(num(m, "fft_size").intValue(), num(m, "hop_seconds").doubleValue(),
                    num(m, "mel_bands").intValue(), num(m, "min_hz").doubleValue(), num(m, "max_hz").doubleValue(),
                    num(m, "floor_db").doubleValue()), num(m, "frames").intValue(),
                    m.containsKey("version") ? num(m, "version").intValue() : 1); // bundles before versions hear version 1
            if (m.containsKey("key") && !c.key().equals(m.get("key"))) {
                throw new IOException("feature config key " + m.get("key") + " differs from this mixer's " + c.key()
                        + " (the descriptor set changed?); retrain the model");
            }
            return c;
        } catch (NullPointerException | ClassCastException | IllegalArgumentException e) {
            throw new IOException("bad feature config in bundle: " + m + " (" + e.getMessage() + ")", e);
        }
    }

    private static Number num(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (!(v instanceof Number n)) throw new IllegalArgumentException("missing number " + key);
        return n;
    }
}
