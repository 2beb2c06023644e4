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

    @Test
    void mistakesAreSaidPlainlyNotAcceptedSilently(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("p.json");
        String[][] cases = {
            {"{\"comp_ratio\": 2, \"comp_ratio\": 8}", "comp_ratio is given twice"},
            {"{\"normalized\": \"yes\", \"comp_ratio\": 0.5}", "normalized must be true or false"},
            {"{\"comp_ratio\": NaN}", "NaN is not a number"},
            {"{\"comp_ratio\": 4,\n \"air_db\": }", "(line 2, column"},
            {"{\"input_gain_db\": 12.0000001}", "input_gain_db = 12.0000001 is outside its range -12 … 12 dB"},
            {"{\"air_db\": 1", "expected close marker for Object (the object is not closed) (line 1, column 13)"},
            {"{\"air_db\": 1} {\"air_db\": 2}", "more follows the closing }"},
            {"{\"air_db\": 1}\ntrailing words", "not valid JSON: Unrecognized token 'trailing'"},
        };
        for (String[] c : cases) {
            Files.writeString(f, c[0]);
            String message = assertThrows(IllegalArgumentException.class, () -> ParamsFile.read(f)).getMessage();
            assertTrue(message.startsWith(f + ": ") && message.contains(c[1]), c[0] + " -> " + message);
            if (c[1].contains("given twice")) assertFalse(message.contains("not valid JSON"), "a name given twice is valid JSON: " + message);
            if (c[1].contains("line 1, column 13")) assertTrue(message.contains("not valid JSON"), message);
            for (String internal : new String[] {"Source:", "REDACTED", "JsonReadFeature", "Feature", "com.fasterxml"}) {
                assertFalse(message.contains(internal), "no parser internals: " + message);
            }
        }
        String folder = assertThrows(IllegalArgumentException.class, () -> ParamsFile.read(dir)).getMessage();
        assertTrue(folder.contains("is a folder, not a parameters file"), folder);
    }

    /** A preset with a block of how it was made (as `mix` and `estimate` write them): read as the settings alone. */
    @Test
    void aPresetsBlockOfHowItWasMadeIsIgnoredWhenRead(@TempDir Path dir) throws Exception {
        MixSettings s = MixSettings.neutral().with(Param.HIGH_EQ_DB, -2.5);
        Path file = dir.resolve("p.json");
        ParamsFile.write(s, file, "_made_by", by -> by.put("model", "ensemble"));
        assertEquals(s, ParamsFile.read(file));
        var by = new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile()).path("_made_by");
        assertEquals("ensemble", by.path("model").asText());
        assertTrue(by.path("provenance").has("git_commit"), by.toString());
        assertThrows(IllegalArgumentException.class, () -> ParamsFile.write(s, file, "made_by", by2 -> { }),
                "a block without '_' would be read as a parameter");
    }

    /** A WAV mixer wrote carries its settings as its comment and reads as a preset; another WAV is a clear error. */
    @Test
    void aWavWithSettingsInItReadsAsAPreset(@TempDir Path dir) throws Exception {
        MixSettings s = MixSettings.neutral().with(Param.REVERB_SEND, 0.25).with(Param.INPUT_GAIN_DB, 3.5);
        String comment = ParamsFile.described(s, "_mixed_by", by -> by.put("model", "ast"));
        assertEquals(comment, ParamsFile.described(s, "_mixed_by", by -> by.put("model", "ast")), "no time in it: the same text");
        mixer.dsp.Audio audio = mixer.dsp.Audio.silence(100, 44_100);
        Path mix = dir.resolve("mix.wav"), plain = dir.resolve("plain.WAV");
        try (mixer.dsp.io.AudioWriter.Output out = mixer.dsp.io.AudioWriter.open(mix, mixer.dsp.io.SampleFormat.PCM_16, 44_100, 100, comment)) {
            out.write(audio.stereo(), 0, 100);
            out.commit();
        }
        assertEquals(s, ParamsFile.read(mix));
        mixer.dsp.io.AudioWriter.write(audio, plain, mixer.dsp.io.SampleFormat.PCM_16);
        String msg = assertThrows(IllegalArgumentException.class, () -> ParamsFile.read(plain)).getMessage();
        assertTrue(msg.startsWith(plain + ": no settings in it: mixer's own mixes and renders carry theirs"), msg);
        Path excerpt = dir.resolve("excerpt.wav"); // a comment of another kind (a corpus excerpt's recipe, another program's note)
        mixer.dsp.io.AudioWriter.write(audio, excerpt, mixer.dsp.io.SampleFormat.PCM_16, "mixer corpus excerpt: pkg 1.0 music/a.ogg");
        msg = assertThrows(IllegalArgumentException.class, () -> ParamsFile.read(excerpt)).getMessage();
        assertTrue(msg.startsWith(excerpt + ": no settings in it:"), msg);
        Path mp3 = dir.resolve("song.mp3"); // an MP3 begins with its ID3 tag: binary, not JSON
        Files.write(mp3, new byte[] {'I', 'D', '3', 4, 0, 0, 0, 0, 0, 3, (byte) 0xff, (byte) 0xfb});
        msg = assertThrows(IllegalArgumentException.class, () -> ParamsFile.read(mp3)).getMessage();
        assertTrue(msg.startsWith(mp3 + ": audio of a kind that carries no settings") && !msg.contains("ID3"), msg);
    }
}
