package mixer.training;

import mixer.dataset.features.Features;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Model files written by an earlier mixer (commit 42e36b3, see {@code bundles/README.md}) still load, and
 * predict what they predicted when they were written, bit for bit.
 */
class StoredBundleTest {

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
    }
}
