package mixer.training;

import mixer.dsp.provenance.Sha256;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import mixer.dsp.io.AtomicFiles;
import mixer.dsp.params.Param;
import mixer.dsp.provenance.Provenance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The saved ensemble: one JSON file ({@code ensemble.json}) naming its members' model bundles with
 * their SHA-256 (so a retrained member is noticed, not silently mixed with stale weights), the
 * weights per parameter, the validation MAE it was fitted to, and provenance.
 *
 * <pre>{
 *   "format": "mixer-ensemble", "format_version": 1,
 *   "objective": "...",
 *   "members": [{"name": "baseline_cnn", "bundle": "baseline_cnn.zip", "sha256": "..."}, ...],
 *   "weights": {"input_gain_db": {"baseline_cnn": 0.3, ...}, ...},
 *   "validation": {"rows": 96, "tracks": 12, "mae": {"ensemble": {"input_gain_db": 0.03, ...}, ...}},
 *   "provenance": {"git_commit": ..., ...}
 * }</pre>
 * Bundle paths are relative to the ensemble file's folder. The evaluation's {@code EnsembleFitter} makes
 * one from a fit; {@link EnsembleModel#load} loads it with its member networks to mix songs.
 *
 * @param objective     how the weights were fitted (a sentence, kept from the file it was loaded from)
 * @param validationMae per model name (and {@value WeightedEnsemble#NAME}) the validation MAE per
 *                      parameter in {@link Param} order; may be empty
 * @param provenance    where it came from ({@link Provenance} fields plus the caller's: seeds, dataset hash...)
 */
public record EnsembleBundle(String objective, WeightedEnsemble ensemble, List<Member> members, int validationRows,
                             int validationTracks, Map<String, double[]> validationMae,
                             Map<String, Object> provenance) {

    public static final String FORMAT = "mixer-ensemble";
    public static final int FORMAT_VERSION = 1;
    /** How today's weights are fitted; a loaded ensemble keeps the objective it was fitted by. */
    public static final String OBJECTIVE = "per parameter: weights >= 0 summing to 1, minimising validation MAE "
            + "(least absolute deviations on the simplex, solved exactly as a linear programme), then shrunk toward the "
            + "weights all parameters share (their mean) by the share that predicts left-out validation tracks best "
            + "(provenance: shrinkage_toward_shared_weights)";

    /** A member model: its name, its bundle file relative to the ensemble file, and that file's SHA-256. */
    public record Member(String name, String bundle, String sha256) {

        /** Hashes {@code bundleFile} and records its path relative to {@code ensembleFile}'s folder. */
        public static Member of(String name, Path bundleFile, Path ensembleFile) throws IOException {
            Path dir = ensembleFile.toAbsolutePath().getParent();
            Path rel = dir.relativize(bundleFile.toAbsolutePath());
            return new Member(name, rel.toString().replace('\\', '/'), Sha256.of(bundleFile));
        }
    }

    public EnsembleBundle {
        List<String> names = members.stream().map(Member::name).toList();
        if (!names.equals(ensemble.models())) {
            throw new IllegalArgumentException("members " + names + " do not match the ensemble's models " + ensemble.models());
        }
        members = List.copyOf(members);
        validationMae = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(validationMae));
        provenance = new LinkedHashMap<>(provenance);
    }

    public void save(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.put("format", FORMAT);
        root.put("format_version", FORMAT_VERSION);
        root.put("objective", objective);
        var ms = root.putArray("members");
        for (Member m : members) ms.addObject().put("name", m.name()).put("bundle", m.bundle()).put("sha256", m.sha256());
        ObjectNode w = root.putObject("weights");
        for (Param p : Param.all()) {
            ObjectNode row = w.putObject(p.id);
            for (String model : ensemble.models()) row.put(model, ensemble.weight(model, p));
        }
        ObjectNode v = root.putObject("validation");
        v.put("rows", validationRows);
        v.put("tracks", validationTracks);
        ObjectNode mae = v.putObject("mae");
        // ensemble first, then members in order, whatever the map's order
        List<String> order = new ArrayList<>();
        if (validationMae.containsKey(WeightedEnsemble.NAME)) order.add(WeightedEnsemble.NAME);
        for (String m : ensemble.models()) if (validationMae.containsKey(m)) order.add(m);
        for (String model : order) {
            ObjectNode row = mae.putObject(model);
            double[] values = validationMae.get(model);
            for (Param p : Param.all()) row.put(p.id, values[p.ordinal()]);
        }
        root.set("provenance", json.valueToTree(provenance));
        String text = json.writeValueAsString(root);
        AtomicFiles.writeString(file, text + "\n");
    }

    public static EnsembleBundle load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no ensemble file there; fit one on the validation split first");
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": " + mixer.dsp.params.ParamsFile.explain(e) + "; remove it and run `mixer evaluate` "
                    + "to fit the ensemble again", e);
        }
        if (root == null || !FORMAT.equals(root.path("format").asText())) {
            throw new IOException(file + ": not a mixer ensemble (\"format\" should be \"" + FORMAT + "\")");
        }
        if (root.path("format_version").asInt() != FORMAT_VERSION) {
            throw new IOException(file + ": ensemble format version " + root.path("format_version").asText()
                    + "; this mixer reads version " + FORMAT_VERSION);
        }
        try {
            List<Member> members = new ArrayList<>();
            for (JsonNode m : required(root, "members")) {
                Member member = new Member(text(m, "name"), text(m, "bundle"), text(m, "sha256"));
                if (!member.sha256().matches("[0-9a-f]{64}")) {
                    throw new IllegalArgumentException("member " + member.name() + "'s sha256 '" + member.sha256()
                            + "' is not a SHA-256 (64 hexadecimal digits)");
                }
                members.add(member);
            }
            if (members.size() < 2) { // the evaluation fits one of two or more only: one member is that model, weighed by 1
                throw new IOException(file + ": an ensemble needs at least two members, and this one has "
                        + (members.isEmpty() ? "none" : "one, " + members.get(0).name() + " (its bundle "
                        + file.toAbsolutePath().getParent().resolve(members.get(0).bundle()).normalize() + "); mix with that model "
                        + "itself (`--model " + members.get(0).name() + "` where its bundle is in the models folder)")
                        + ", or fit an ensemble of two or more trained models with `mixer evaluate`");
            }
            List<String> names = members.stream().map(Member::name).toList();
            double[][] weights = new double[names.size()][Param.COUNT];
            JsonNode w = required(root, "weights");
            List<String> fitted = new ArrayList<>();
            w.fieldNames().forEachRemaining(fitted::add);
            List<String> chain = Param.all().stream().map(p -> p.id).toList();
            if (!fitted.isEmpty() && !new java.util.HashSet<>(fitted).equals(new java.util.HashSet<>(chain))) { // weights for another chain's settings: a model's schema, as bundles say
                throw new IOException(file + ": the ensemble was fitted for the settings " + fitted + " but this mixer's chain has "
                        + chain + "; fit it again with `mixer evaluate` (its members too, where they were trained for that chain)");
            }
            for (Param p : Param.all()) {
                JsonNode row = required(w, p.id);
                for (int m = 0; m < names.size(); m++) weights[m][p.ordinal()] = number(row, names.get(m));
            }
            JsonNode v = root.path("validation");
            Map<String, double[]> mae = new LinkedHashMap<>();
            v.path("mae").fields().forEachRemaining(e -> {
                double[] values = new double[Param.COUNT];
                for (Param p : Param.all()) values[p.ordinal()] = number(e.getValue(), p.id);
                mae.put(e.getKey(), values);
            });
            @SuppressWarnings("unchecked")
            Map<String, Object> prov = new ObjectMapper().convertValue(root.path("provenance"), LinkedHashMap.class);
            return new EnsembleBundle(root.path("objective").asText(OBJECTIVE), new WeightedEnsemble(names, weights), members, v.path("rows").asInt(),
                    v.path("tracks").asInt(), mae, prov == null ? Map.of() : prov);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Fails, naming the file, when a member bundle (relative to {@code ensembleFile}'s folder) is
     * missing or is not the file the weights were fitted with.
     */
    public void verifyMembers(Path ensembleFile) throws IOException {
        Path dir = ensembleFile.toAbsolutePath().getParent();
        for (Member m : members) {
            Path bundle = dir.resolve(m.bundle()).normalize();
            if (!Files.isRegularFile(bundle)) {
                throw new IOException(ensembleFile + ": member " + m.name() + "'s bundle " + bundle + " is missing");
            }
            String actual = Sha256.of(bundle);
            if (!actual.equals(m.sha256())) {
                throw new IOException(ensembleFile + ": member " + m.name() + "'s bundle " + bundle
                        + " changed since the ensemble was fitted (SHA-256 " + actual.substring(0, 12) + "…, expected "
                        + m.sha256().substring(0, 12) + "…); fit the ensemble again" + REFIT_HOW);
            }
        }
    }

    public Path memberBundle(Path ensembleFile, String model) {
        for (Member m : members) {
            if (m.name().equals(model)) return ensembleFile.toAbsolutePath().getParent().resolve(m.bundle()).normalize();
        }
        throw new IllegalArgumentException("'" + model + "' is not a member of this ensemble " + ensemble.models());
    }

    /** How to fit it again, where the command that found it stale has no dataset to name (mix, compare). */
    public static final String REFIT_HOW = " (`mixer evaluate --data DATASET --models-dir FOLDER --refit-ensemble NEW.json`, then mix with "
            + "--model NEW.json; or remove the ensemble's file and `mixer evaluate` fits it there)";

    private static JsonNode required(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) throw new IllegalArgumentException("missing \"" + field + "\"");
        return v;
    }

    private static String text(JsonNode node, String field) {
        return required(node, field).asText();
    }

    private static double number(JsonNode node, String field) {
        JsonNode v = required(node, field);
        if (!v.isNumber()) throw new IllegalArgumentException("\"" + field + "\" should be a number, is " + v);
        return v.asDouble();
    }
}
