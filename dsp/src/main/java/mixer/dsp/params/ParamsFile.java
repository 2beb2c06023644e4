package mixer.dsp.params;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import mixer.dsp.io.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * PARAMS.json: the 10 parameters by name, in physical units, or normalised with
 * {@code "normalized": true}. Missing parameters take their neutral value; unknown names and
 * out-of-range values are errors that name the file.
 * <pre>{ "input_gain_db": 3.0, "comp_ratio": 4, "stereo_width": 1.2 }</pre>
 */
public final class ParamsFile {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    public static final String NORMALIZED_KEY = "normalized";

    private ParamsFile() {
    }

    public static MixSettings read(Path file) {
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no such parameters file; `mixer params --json` prints one to start from");
        }
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read the parameters: " + e.getMessage(), e);
        }
        try {
            return parse(root);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    public static MixSettings parse(String json) {
        try {
            return parse(JSON.readTree(json));
        } catch (IOException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
        }
    }

    static MixSettings parse(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("expected a JSON object of parameter names to numbers");
        }
        boolean normalized = root.path(NORMALIZED_KEY).asBoolean(false);
        double[] values = new double[Param.COUNT];
        for (Param p : Param.all()) values[p.ordinal()] = normalized ? p.neutralNormalized() : p.neutral;
        List<String> unknown = new ArrayList<>();
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (name.equals(NORMALIZED_KEY) || name.startsWith("_")) continue; // "_comment", provenance
            Param p;
            try {
                p = Param.byId(name);
            } catch (IllegalArgumentException e) {
                unknown.add(name);
                continue;
            }
            JsonNode v = root.get(name);
            if (!v.isNumber()) {
                throw new IllegalArgumentException(name + " must be a number, got " + v);
            }
            values[p.ordinal()] = v.asDouble();
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown parameter(s) " + unknown + "; the parameters are "
                    + Param.all().stream().map(p -> p.id).toList());
        }
        return normalized ? MixSettings.ofNormalized(values) : MixSettings.ofPhysical(values);
    }

    /** Physical units, one key per parameter, in chain order. */
    public static String toJson(MixSettings settings) {
        ObjectNode root = JSON.createObjectNode();
        for (Param p : Param.all()) root.put(p.id, settings.get(p));
        try {
            return JSON.writeValueAsString(root) + System.lineSeparator();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes atomically: the file is complete or absent. */
    public static void write(MixSettings settings, Path file) {
        try {
            AtomicFiles.writeString(file, toJson(settings));
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write the parameters: " + e.getMessage(), e);
        }
    }
}
