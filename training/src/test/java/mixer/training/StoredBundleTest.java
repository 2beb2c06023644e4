package mixer.training;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import mixer.dataset.features.Features;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Model files written by earlier mixers (commits 42e36b3 and 1dde4f7, see {@code bundles/README.md}) still load,
 * predict what they predicted when they were written (bit for bit; 1dde4f7's networks within 1e-6 on another processor
 * than the one that wrote them), and are written again byte for byte;
 * a bundle whose settings schema is not this mixer's is refused.
 */
class StoredBundleTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The stored models of today's format, and the commit that wrote them. */
    private static final String TODAY = "2026-12-05/", COMMIT = "1dde4f7523d97b8d678dcf997c92091c85e54b6c";

    @TempDir
    Path dir;

    /** A file of {@code src/test/resources/bundles}. */
    static Path stored(String name) {
        try {
            return Path.of(StoredBundleTest.class.getResource("/bundles/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The stored input: one window a line, its descriptors; the log-mel (which the MLPs ignore) zeros. */
    static List<Features> fixedInput() throws IOException {
        List<Features> out = new ArrayList<>();
        for (String line : Files.readAllLines(stored("fixed-input.txt"))) {
            String[] v = line.trim().split(" ");
            float[] descriptors = new float[v.length];
            for (int i = 0; i < v.length; i++) descriptors[i] = Float.parseFloat(v[i]);
            out.add(new Features(new float[2][32][32], descriptors));
        }
        return out;
    }

    /** What 42e36b3 predicted for {@link #fixedInput()}: "mlp-a window0", "mlp-a song", "ensemble song"... */
    static Map<String, double[]> recorded() throws IOException {
        return recorded("recorded-predictions.txt");
    }

    /** Recorded predictions, a line each: two words naming it ("ast-match-same window0"), then the values. */
    static Map<String, double[]> recorded(String file) throws IOException {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(stored(file))) {
            String[] v = line.split(" ");
            out.put(v[0] + " " + v[1], Arrays.stream(v, 2, v.length).mapToDouble(Double::parseDouble).toArray());
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp-a", "mlp-b"})
    void aStoredBundlePredictsWhatItPredictedWhenWritten(String name) throws IOException {
        ModelBundle bundle = ModelBundle.load(stored(name + ".zip"));
        Map<String, double[]> recorded = recorded();
        List<Features> input = fixedInput();
        double[][] windows = bundle.predictWindows(input);
        assertEquals(4, windows.length);
        for (int w = 0; w < windows.length; w++) assertArrayEquals(recorded.get(name + " window" + w), windows[w], "window " + w);
        assertArrayEquals(recorded.get(name + " song"), bundle.predict(input), "the song: the mean over its windows");
        assertArrayEquals(recorded.get(name + " song"), bundle.predictNormalized(input), "as mixer mix predicts it");
        assertEquals("descriptor-mlp", bundle.name());
    }

    @Test
    void theStoredEnsemblePredictsWhatItPredictedWhenWritten() throws IOException {
        EnsembleModel ensemble = EnsembleModel.load(stored("ensemble.json"));
        assertEquals("ensemble", ensemble.name());
        assertEquals(ModelBundle.load(stored("mlp-a.zip")).featureConfig(), ensemble.featureConfig());
        assertArrayEquals(recorded().get("ensemble song"), ensemble.predictNormalized(fixedInput()));
        // what a mix names of the models that made it
        Map<?, ?> a = (Map<?, ?>) ((Map<?, ?>) ensemble.madeBy().get("members")).get("mlp-a");
        assertEquals(9L, ((Number) a.get("seed")).longValue());
        assertEquals("42e36b36248343d48aa5cad8bc48ae693a351f38", a.get("git_commit"));
        assertEquals("2026-12-02T06:59:46.361450260Z", a.get("created_utc"));
    }

    @Test
    void storedFilesAreWrittenAgainAsTheyWere() throws IOException {
        Path ensemble = dir.resolve("ensemble.json");
        EnsembleBundle.load(stored("ensemble.json")).save(ensemble);
        assertEquals(Files.readString(stored("ensemble.json")), Files.readString(ensemble));

        Path bundle = dir.resolve("mlp-a.zip");
        ModelBundle.load(stored("mlp-a.zip")).save(bundle);
        Map<String, String> before = DlZip.entries(stored("mlp-a.zip")), after = DlZip.entries(bundle);
        assertTrue(after.get("bundle.json").contains("\"input_shape\" : {\n    \"bands\" : 32,\n    \"frames\" : 32,\n    \"descriptors\" : 21"),
                "now in one order: " + after.get("bundle.json"));
        assertEquals(before.keySet(), after.keySet());
        for (String entry : before.keySet()) {
            if (entry.equals("bundle.json")) { // 42e36b3 wrote its input_shape in an order that changed per JVM
                assertEquals(JSON.readTree(before.get(entry)), JSON.readTree(after.get(entry)), entry);
            } else if (entry.equals("params.json")) { // saving writes this mixer's descriptions (comp_ratio's changed in 5b2fffb)
                assertEquals(withoutDescriptions(before.get(entry)), withoutDescriptions(after.get(entry)), entry);
            } else {
                assertEquals(before.get(entry), after.get(entry), entry);
            }
        }
    }

    /** Today's format (commit 1dde4f7, {@code bundles/README.md}): a match pair's six channels, the AST's and the CNNs' own layers. */
    @ParameterizedTest
    @CsvSource({"ast-match-same, ast, match-same, match-same-input.bin, 6",
            "baseline-cnn-match-same, baseline-cnn, match-same, match-same-input.bin, 6",
            "enhanced-cnn-restore, enhanced-cnn, restore, restore-input.bin, 2"})
    void aStoredModelOfTodaysFormatPredictsWhatItPredictedWhenWritten(String name, String kind, String task, String input,
                                                                      int channels) throws IOException {
        ModelBundle bundle = ModelBundle.load(stored(TODAY + name + ".zip"));
        assertEquals(kind, bundle.kind().id());
        assertEquals(task, bundle.task().id());
        assertEquals(3, bundle.featureConfig().version());
        assertEquals(channels, bundle.inputShape().channels());
        Map<String, double[]> recorded = recorded(TODAY + "recorded-predictions.txt");
        List<Features> windows = features(TODAY + input);
        double[][] each = bundle.predictWindows(windows);
        assertEquals(3, each.length);
        double tolerance = sumsOf(bundle);
        for (int w = 0; w < each.length; w++) assertArrayEquals(recorded.get(name + " window" + w), each[w], tolerance, "window " + w);
        assertArrayEquals(recorded.get(name + " song"), bundle.predictNormalized(windows), tolerance, "as mixer mix predicts it");
        assertEquals(COMMIT, bundle.madeBy().get("git_commit"));
    }

    @Test
    void theStoredMatchEnsemblePredictsWhatItPredictedWhenWrittenAndIsWrittenAgainAsItWas() throws IOException {
        EnsembleModel ensemble = EnsembleModel.load(stored(TODAY + "ensemble-match-same.json"));
        assertEquals("match-same", ensemble.task().id());
        assertArrayEquals(recorded(TODAY + "recorded-predictions.txt").get("ensemble-match-same song"),
                ensemble.predictNormalized(features(TODAY + "match-same-input.bin")),
                sumsOf(ModelBundle.load(stored(TODAY + "ast-match-same.zip"))));
        Map<?, ?> ast = (Map<?, ?>) ((Map<?, ?>) ensemble.madeBy().get("members")).get("ast");
        assertEquals(COMMIT, ast.get("git_commit"));
        // its members' own predictions, which match same's second stage starts from as well (mixer estimate)
        SettingsPredictor.WithMembers each = ensemble.predictWithMembers(features(TODAY + "match-same-input.bin"));
        assertArrayEquals(ensemble.predictNormalized(features(TODAY + "match-same-input.bin")), each.own(), 0, "its own first");
        Map<String, double[]> members = each.members();
        assertEquals(List.of("ast", "baseline-cnn"), List.copyOf(members.keySet()), "in the ensemble's order");
        for (String m : members.keySet()) {
            assertArrayEquals(recorded(TODAY + "recorded-predictions.txt").get(m + "-match-same song"), members.get(m),
                    sumsOf(ModelBundle.load(stored(TODAY + m + "-match-same.zip"))), m);
        }
        Path again = dir.resolve("ensemble-match-same.json");
        EnsembleBundle.load(stored(TODAY + "ensemble-match-same.json")).save(again);
        assertEquals(Files.readString(stored(TODAY + "ensemble-match-same.json")), Files.readString(again), "written again as it was");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ast-match-same", "baseline-cnn-match-same", "enhanced-cnn-restore"})
    void storedModelsOfTodaysFormatAreWrittenAgainAsTheyWere(String name) throws IOException {
        Path again = dir.resolve(name + ".zip");
        ModelBundle.load(stored(TODAY + name + ".zip")).save(again);
        Map<String, String> before = DlZip.entries(stored(TODAY + name + ".zip")), after = DlZip.entries(again);
        assertEquals(before, after, "every mixer entry");
        try (FileSystem a = FileSystems.newFileSystem(stored(TODAY + name + ".zip")); FileSystem b = FileSystems.newFileSystem(again)) {
            for (String entry : List.of("configuration.json", "coefficients.bin")) {
                assertArrayEquals(Files.readAllBytes(a.getPath(entry)), Files.readAllBytes(b.getPath(entry)), entry);
            }
        }
    }

    @Test
    void aStoredModelHeardWithoutItsReferenceOrWithOneSaysSo() throws IOException {
        ModelBundle match = ModelBundle.load(stored(TODAY + "ast-match-same.zip"));
        String without = assertThrows(IllegalArgumentException.class, () -> match.predictNormalized(features(TODAY + "restore-input.bin")))
                .getMessage();
        assertTrue(without.contains("(match-same) hears 6 log-mel channels, got 2: it needs a reference beside its input"), without);
        ModelBundle blind = ModelBundle.load(stored(TODAY + "enhanced-cnn-restore.zip"));
        String with = assertThrows(IllegalArgumentException.class, () -> blind.predictNormalized(features(TODAY + "match-same-input.bin")))
                .getMessage();
        assertTrue(with.contains("(restore) hears 2 log-mel channels, got 6: it hears its input alone, without a reference"), with);
    }

    /**
     * How far a stored network's outputs may move here: not at all on the processor that wrote it (measured: bit for bit),
     * 1e-6 on another, where oneDNN's convolution and matrix kernels may sum in another order (the bundle records its
     * processor for that reason).
     */
    private static double sumsOf(ModelBundle bundle) {
        return CpuLibrary.processor().equals(bundle.provenance().get("processor")) ? 0 : 1e-6;
    }

    /** Windows as StoredModelsWriter wrote them: a header (count, channels, bands, frames, descriptors), then each window. */
    static List<Features> features(String name) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(stored(name))))) {
            int count = in.readInt(), channels = in.readInt(), bands = in.readInt(), frames = in.readInt(), descriptors = in.readInt();
            List<Features> out = new ArrayList<>();
            for (int i = 0; i < count; i++) out.add(Features.read(in, channels, bands, frames, descriptors));
            if (in.read() != -1) throw new IOException(name + ": more than " + count + " windows");
            return out;
        }
    }

    /** A schema's JSON without its descriptions, which loading ignores ({@code ModelBundle.checkSchema}). */
    private static JsonNode withoutDescriptions(String schemaJson) throws IOException {
        JsonNode schema = JSON.readTree(schemaJson);
        for (JsonNode p : schema) ((ObjectNode) p).remove("description");
        return schema;
    }

    /** A bundle whose settings differ from this mixer's in one way: field of parameter index, its value there. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "reverb_send max 0.8 in the bundle, 0.6 here | max | 6 | 0.8",
            "input_gain_db min -24 in the bundle, -12 here | min | 0 | -24",
            "comp_ratio scale \"linear\" in the bundle, \"log\" here | scale | 1 | linear",
            "stereo_width unit \"%\" in the bundle, \"\" here | unit | 8 | %"})
    void aBundleForOtherSettingsIsRefused(String expected, String field, int index, String value) throws IOException {
        Path file = withSchema(schema -> {
            Object old = schema.get(index).get(field);
            schema.get(index).put(field, old instanceof Number ? (Object) Double.parseDouble(value) : value);
        });
        String msg = assertThrows(IOException.class, () -> ModelBundle.load(file)).getMessage();
        assertTrue(msg.startsWith(file.toString()) && msg.contains(expected) && msg.contains("wrong physical values")
                && msg.contains("retrain it with `mixer train --model descriptor-mlp`"), msg);
    }

    @Test
    void aBundleForSettingsInAnotherOrderIsRefused() throws IOException {
        Path file = withSchema(schema -> Collections.swap(schema, 2, 3));
        String msg = assertThrows(IOException.class, () -> ModelBundle.load(file)).getMessage();
        assertTrue(msg.startsWith(file.toString()) && msg.contains("[input_gain_db, comp_ratio, mid_eq_db, high_eq_db,")
                && msg.contains("retrain it"), msg);
    }

    @Test
    void neutralValuesAndDescriptionsMayDiffer() throws IOException {
        Path file = withSchema(schema -> {
            schema.get(8).put("neutral", 0.5);
            schema.get(0).put("description", "gain");
        });
        assertArrayEquals(recorded().get("mlp-a song"), ModelBundle.load(file).predictNormalized(fixedInput()));
    }

    /** A copy of mlp-a.zip with its mixer/params.json changed by {@code change}. */
    private Path withSchema(java.util.function.Consumer<List<Map<String, Object>>> change) throws IOException {
        Path copy = Files.copy(stored("mlp-a.zip"), dir.resolve("changed.zip"));
        try (FileSystem zip = FileSystems.newFileSystem(copy)) {
            Path params = zip.getPath("mixer/params.json");
            List<Map<String, Object>> schema = JSON.readValue(Files.readString(params), new TypeReference<>() { });
            change.accept(schema);
            Files.writeString(params, JSON.writeValueAsString(schema));
        }
        return copy;
    }
}
