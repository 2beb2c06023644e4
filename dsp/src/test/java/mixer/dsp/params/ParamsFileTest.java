package mixer.dsp.params;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class ParamsFileTest {

    @Test
    void physicalUnitsWithMissingNamesAtNeutral() {
        MixSettings s = ParamsFile.parse("{\"input_gain_db\": 3.5, \"comp_ratio\": 4}");
        assertEquals(3.5, s.get(Param.INPUT_GAIN_DB));
        assertEquals(4.0, s.get(Param.COMP_RATIO));
        assertEquals(1.0, s.get(Param.STEREO_WIDTH));
        assertEquals(0.0, s.get(Param.REVERB_SEND));
    }

    @Test
    void normalisedValues() {
        MixSettings s = ParamsFile.parse("{\"normalized\": true, \"stereo_width\": 1.0, \"comp_ratio\": 1.0}");
        assertEquals(2.0, s.get(Param.STEREO_WIDTH), 1e-12);
        assertEquals(10.0, s.get(Param.COMP_RATIO), 1e-9);
        assertEquals(0.0, s.get(Param.INPUT_GAIN_DB), 1e-12);
    }

    @Test
    void writeThenReadGivesTheSameSettings(@TempDir Path dir) {
        MixSettings s = MixSettings.ofNormalized(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.33);
        Path f = dir.resolve("preset.json");
        ParamsFile.write(s, f);
        assertEquals(s, ParamsFile.read(f));
        assertEquals(1, dir.toFile().list().length, "no temporary file left behind");
    }

    @Test
    void errorsNameTheFileAndTheProblem(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.json");
        Files.writeString(f, "{\"reverb_send\": 0.9}");
        var e = assertThrows(IllegalArgumentException.class, () -> ParamsFile.read(f));
        assertTrue(e.getMessage().contains("bad.json") && e.getMessage().contains("reverb_send"), e.getMessage());

        Files.writeString(f, "{\"reverb\": 0.2}");
        e = assertThrows(IllegalArgumentException.class, () -> ParamsFile.read(f));
        assertTrue(e.getMessage().contains("unknown parameter") && e.getMessage().contains("reverb_send"), e.getMessage());

        Files.writeString(f, "{\"reverb_send\": \"loud\"}");
        e = assertThrows(IllegalArgumentException.class, () -> ParamsFile.read(f));
        assertTrue(e.getMessage().contains("must be a number"), e.getMessage());

        Files.writeString(f, "not json");
        assertThrows(IllegalArgumentException.class, () -> ParamsFile.read(f));
        assertThrows(IllegalArgumentException.class, () -> ParamsFile.read(dir.resolve("missing.json")));
    }
}
