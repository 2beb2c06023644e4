package mixer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import mixer.dataset.features.Descriptors;
import mixer.dataset.features.FeatureConfig;
import mixer.dsp.Audio;
import mixer.dsp.SyntheticMusic;
import mixer.dsp.io.AudioReader;
import mixer.dsp.io.AudioWriter;
import mixer.dsp.io.SampleFormat;
import mixer.inference.Mixer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `mixer features`: the named descriptor vector of a file, as a model hears it. */
class FeaturesCommandTest {

    @TempDir
    Path dir;

    private final Cli cli = new Cli();

    /** A song of exactly one window: what the command prints is that window's descriptors. */
    private Path oneWindow() throws Exception {
        Path f = dir.resolve("song.wav");
        AudioWriter.write(SyntheticMusic.generate(FeatureConfig.DEFAULT.windowSamples(44_100) / 44_100.0, 44_100, 7), f, SampleFormat.FLOAT_32);
        return f;
    }

    @Test
    void jsonNamesEveryDescriptorOfTheLatestVersionWithTheValuesAModelHears() throws Exception {
        Path song = oneWindow();
        assertEquals(0, cli.run("features", song.toString(), "--json"), cli.err());
        JsonNode j = new ObjectMapper().readTree(cli.out());
        assertEquals(FeatureConfig.LATEST_VERSION, j.get("feature_version").asInt());
        assertEquals(1, j.get("windows").asInt());
        assertEquals(44_100, j.get("sample_rate_hz").asInt());
        List<String> names = new ArrayList<>();
        j.get("descriptors").fieldNames().forEachRemaining(names::add);
        assertEquals(Descriptors.names(FeatureConfig.LATEST_VERSION), names);
        Audio audio = AudioReader.read(song).audio();
        float[] expected = Descriptors.compute(audio, FeatureConfig.LATEST_VERSION);
        for (int i = 0; i < names.size(); i++) {
            assertEquals(expected[i], (float) j.get("descriptors").get(names.get(i)).asDouble(), names.get(i));
        }
    }

    @Test
    void textIsOneNamedValueALineAndAnOlderVersionCanBeAskedFor() throws Exception {
        Path song = oneWindow();
        assertEquals(0, cli.run("features", song.toString(), "--feature-version", "1"), cli.err());
        String out = cli.out();
        assertTrue(out.contains("feature version 1; the mean over 1 window of 3.00 s"), out);
        assertTrue(out.contains("echo_250ms") && out.contains("loudness_range_lu") && !out.contains("delay_mid_n"), out);
        assertEquals(2 + 1 + Descriptors.size(1), out.lines().count(), "a heading, the table's two header lines, a line per descriptor");
    }

    @Test
    void aMissingFileOrAnUnknownVersionIsASentence() throws Exception {
        assertEquals(1, cli.run("features", dir.resolve("none.wav").toString()));
        assertTrue(cli.err().contains("none.wav"), cli.err());
        cli.reset();
        assertEquals(2, cli.run("features", oneWindow().toString(), "--feature-version", "4"));
        assertTrue(cli.err().contains("feature version 4 is unknown"), cli.err());
    }

    /** A silent file or one shorter than a window is described as `mixer mix` describes such a song, on stderr. */
    @Test
    void aSilentOrShortFileGetsANote() throws Exception {
        Path silent = dir.resolve("silent.wav"), shortFile = dir.resolve("short.wav");
        AudioWriter.write(Audio.silence(4 * 44_100, 44_100), silent, SampleFormat.PCM_16);
        AudioWriter.write(SyntheticMusic.generate(1, 44_100, 3), shortFile, SampleFormat.FLOAT_32);
        assertEquals(0, cli.run("features", silent.toString()), cli.err());
        assertTrue(cli.err().contains("note: " + silent + ": " + Mixer.NO_LOUDNESS + ": these are the descriptors of near silence"),
                cli.err());
        cli.reset();
        assertEquals(0, cli.run("features", shortFile.toString(), "--json"), cli.err());
        assertTrue(cli.err().contains("note: " + shortFile + ": shorter than one 2.995 s window"), cli.err());
        new ObjectMapper().readTree(cli.out()); // stdout stays JSON
        cli.reset();
        assertEquals(0, cli.run("features", oneWindow().toString()), cli.err());
        assertEquals("", cli.err(), "a song of a whole window: no note");
    }

    @Test
    void benchFeaturesReportsTheCostOfEachVersion() {
        assertEquals(0, cli.run("bench", "features", "--repeats", "1"), cli.err());
        List<String> rows = cli.out().lines().filter(l -> l.matches("[12] +\\d+ .*")).toList();
        assertEquals(2, rows.size(), cli.out());
        assertTrue(rows.get(1).startsWith("2  ") && rows.get(1).contains(" " + Descriptors.size(2) + " "), cli.out());
        assertEquals(0, cli.run("features", "--help"));
    }
}
