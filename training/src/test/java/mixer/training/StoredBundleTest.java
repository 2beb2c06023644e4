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
 * Model files written by an earlier mixer (commit 42e36b3, see {@code bundles/README.md}) still load,
 * predict what they predicted when they were written, bit for bit, and are written again byte for byte;
 * a bundle whose settings schema is not this mixer's is refused.
 */
class StoredBundleTest {

    private static final ObjectMapper JSON = new ObjectMapper();

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
        Map<String, double[]> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(stored("recorded-predictions.txt"))) {
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
