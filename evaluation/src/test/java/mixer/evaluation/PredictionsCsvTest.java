package mixer.evaluation;

import mixer.dsp.params.Param;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PredictionsCsvTest {

    @Test
    void roundTripIsExact(@TempDir Path dir) throws IOException {
        SplittableRandom rng = new SplittableRandom(4);
        List<String> ids = List.of("a/song#0", "a/song#1", "b, with comma#0");
        double[][] truth = new double[3][Param.COUNT], p1 = new double[3][Param.COUNT], p2 = new double[3][Param.COUNT];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < Param.COUNT; j++) {
                truth[i][j] = rng.nextDouble();
                p1[i][j] = rng.nextDouble();
                p2[i][j] = rng.nextDouble();
            }
        }
        Path f = dir.resolve("predictions.csv");
        PredictionsCsv.write(f, List.of(Predictions.of("cnn", ids, p1, truth), Predictions.of("ast", ids, p2, truth)));
        List<Predictions> back = PredictionsCsv.read(f);
        assertEquals(List.of("cnn", "ast"), back.stream().map(Predictions::model).toList());
        assertEquals(List.of("a/song", "a/song", "b, with comma"), back.get(0).trackIds());
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(p1[i], back.get(0).predicted()[i]);
            assertArrayEquals(truth[i], back.get(1).truth()[i]);
        }
    }

    @Test
    void aBadCellNamesFileAndLine(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("p.csv");
        PredictionsCsv.write(f, List.of(Predictions.of("m", List.of("x#0"), new double[1][Param.COUNT], new double[1][Param.COUNT])));
        Files.writeString(f, Files.readString(f).replaceFirst("\nm,x#0,x,0\\.0", "\nm,x#0,x,zero"));
        IOException e = assertThrows(IOException.class, () -> PredictionsCsv.read(f));
        assertTrue(e.getMessage().contains("line 2: true_input_gain_db = 'zero'"), e.getMessage());
    }
}
