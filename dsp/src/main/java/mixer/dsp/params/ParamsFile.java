package mixer.dsp.params;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import mixer.dsp.io.AtomicFiles;
import mixer.dsp.io.WavComment;
import mixer.dsp.provenance.Provenance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/**
 * PARAMS.json: the 10 parameters by name, in physical units, or normalised with
 * {@code "normalized": true}. Missing parameters take their neutral value; unknown names and
 * out-of-range values are errors that name the file.
 * <pre>{ "input_gain_db": 3.0, "comp_ratio": 4, "stereo_width": 1.2 }</pre>
 */
public final class ParamsFile {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION) // a name given twice is a mistake, not "last wins"
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS); // so is a second preset pasted below
    public static final String NORMALIZED_KEY = "normalized";

    private ParamsFile() {
    }

    /** The settings of a PARAMS.json, or of a WAV mixer wrote (a mix or a render carries its settings, {@link #described}). */
    public static MixSettings read(Path file) {
        if (java.nio.file.Files.isDirectory(file)) {
            throw new IllegalArgumentException(file + ": is a folder, not a parameters file; `mixer params --json` prints one to start from");
        }
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no such parameters file; `mixer params --json` prints one to start from");
        }
        if (!isWav(file) && mixer.dsp.io.AudioReader.hasAudioExtension(file)) {
            // read as JSON, an MP3's first bytes came back as "not valid JSON: Unrecognized token 'ID3...'" with control bytes
            throw new IllegalArgumentException(file + ": audio of a kind that carries no settings: mixer writes its settings "
                    + "only into the WAVs it makes (a mix, render or invert); give a PARAMS.json or such a WAV");
        }
        JsonNode root;
        try {
            root = isWav(file) ? settingsComment(file) : JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": " + explain(e), e);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read the parameters (" + e.getMessage() + ")", e);
        }
        try {
            return parse(root);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The preset a WAV mixer mixed or rendered carries (its settings and how it was made, as JSON); empty for any other
     * file (no comment, or another text).
     */
    public static java.util.Optional<JsonNode> preset(Path wav) throws IOException {
        String comment = WavComment.read(wav).orElse("");
        if (!comment.startsWith("{")) return java.util.Optional.empty();
        try {
            JsonNode root = JSON.readTree(comment);
            return root.isObject() ? java.util.Optional.of(root) : java.util.Optional.empty();
        } catch (JsonProcessingException e) {
            return java.util.Optional.empty(); // someone else's text
        }
    }

    /** The comment of a WAV mixer mixed or rendered, as JSON; any other WAV (no comment, or another text) has no settings. */
    private static JsonNode settingsComment(Path wav) throws IOException {
        return preset(wav).orElseThrow(() -> new IllegalArgumentException(wav + ": no settings in it: mixer's own mixes and renders "
                + "carry theirs, and this is another WAV (a corpus excerpt, another program's) or not audio at all; give a PARAMS.json"));
    }

    private static boolean isWav(Path file) {
        return file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".wav");
    }

    public static MixSettings parse(String json) {
        try {
            return parse(JSON.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(explain(e), e);
        }
    }

    /**
     * Jackson's complaint in the user's words, with the line and column: without its class names, the
     * source description, or advice to change a parser feature; "not valid JSON" unless it is (a name given twice).
     */
    public static String explain(JsonProcessingException e) {
        String why = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        java.util.regex.Matcher m;
        if ((m = java.util.regex.Pattern.compile("Duplicate field '([^']*)'").matcher(why)).find()) {
            why = m.group(1) + " is given twice; give each name once"; // valid JSON, but not a preset
        } else if (why.startsWith("Trailing token")) {
            why = "more follows the closing }: a file holds one JSON object";
        } else if ((m = java.util.regex.Pattern.compile("Non-standard token '([^']*)'").matcher(why)).find()) {
            why = "not valid JSON: " + m.group(1) + " is not a number; its numbers are finite";
        } else {
            why = "not valid JSON: " + why.replaceAll("\\s*\\(start marker at \\[Source:[^\\]]*\\]\\)", " (the object is not closed)")
                    .replaceAll("\\[Source:[^\\]]*\\]", "")
                    .replaceAll(":? *(?:enable|set) `?[A-Za-z.]*Feature[A-Za-z_.]*`?[^\\n]*", "").trim();
        }
        JsonLocation at = e.getLocation();
        return at == null || at.getLineNr() < 1 ? why : why + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }

    static MixSettings parse(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("expected a JSON object of parameter names to numbers");
        }
        JsonNode flag = root.path(NORMALIZED_KEY);
        if (!flag.isMissingNode() && !flag.isBoolean()) {
            throw new IllegalArgumentException(NORMALIZED_KEY + " must be true or false (without quotes), got " + flag);
        }
        boolean normalized = flag.asBoolean(false);
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
        try {
            return JSON.writeValueAsString(toNode(settings)) + System.lineSeparator();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The settings as a JSON object, as {@link #toJson} writes them (for a block of settings inside another file). */
    public static ObjectNode toNode(MixSettings settings) {
        ObjectNode root = JSON.createObjectNode();
        for (Param p : Param.all()) root.put(p.id, settings.get(p));
        return root;
    }

    /**
     * Writes a preset atomically with a block under {@code key} (a name starting with "_", which reading ignores) that
     * says how the settings were made: {@code describe} fills it, and its provenance is added last.
     */
    public static void write(MixSettings settings, Path file, String key, Consumer<ObjectNode> describe) throws IOException {
        AtomicFiles.writeString(file, withProvenance(settings, key, describe));
    }

    /** What {@link #write(MixSettings, Path, String, Consumer)} writes: {@link #described}, with provenance. */
    public static String withProvenance(MixSettings settings, String key, Consumer<ObjectNode> describe) {
        return described(settings, key, describe.andThen(by -> by.set("provenance", JSON.valueToTree(Provenance.now().asMap()))))
                + System.lineSeparator();
    }

    /**
     * A preset as text: the settings and the block under {@code key} that {@code describe} fills, without provenance,
     * so that the same settings so described give the same text (a WAV mixer writes carries it as its comment, and
     * its software and commit beside it: {@code AudioWriter}; {@link #read} reads such a WAV as a preset).
     */
    public static String described(MixSettings settings, String key, Consumer<ObjectNode> describe) {
        if (!key.startsWith("_")) throw new IllegalArgumentException("a block of a preset is named with '_', got '" + key + "'");
        ObjectNode root = toNode(settings);
        describe.accept(root.putObject(key));
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // a tree of numbers and text: cannot happen
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
