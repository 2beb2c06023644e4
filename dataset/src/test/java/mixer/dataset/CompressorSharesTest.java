package mixer.dataset;

import mixer.dsp.Audio;
import mixer.dsp.SyntheticMusic;
import mixer.dsp.io.AudioWriter;
import mixer.dsp.io.SampleFormat;
import mixer.dsp.params.MixSettings;
import mixer.dsp.params.Param;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CompressorSharesTest {

    @TempDir
    Path dir;

    @Test
    void countsTheExamplesWhereTheCompressorIsPinnedOrIdle() throws Exception {
        MixSettings ratio10 = MixSettings.neutral().with(Param.COMP_RATIO, 10).with(Param.INPUT_GAIN_DB, 12);
        List<Example> rows = List.of(
                row("quiet", square(-60), ratio10),            // under the lowest threshold: idle
                row("hot", square(40), ratio10),               // far over any threshold: at the 24 dB cap
                row("song", SyntheticMusic.generate(3, 44100, 2), MixSettings.neutral().with(Param.COMP_RATIO, 4)),
                new Example("train", Split.TRAIN, "song.wav", "song.wav", null, 0)); // no targets: not counted
        Manifest m = new Manifest(dir.resolve("manifest.csv"), rows);
        assertEquals(new CompressorShares(3, 1, 1), CompressorShares.of(m, Task.RESTORE));
        // estimate: the settings render the source, here the quiet square for every row
        assertEquals(new CompressorShares(3, 0, 3), CompressorShares.of(m, Task.ESTIMATE));
    }

    private Example row(String id, Audio audio, MixSettings settings) throws Exception {
        AudioWriter.write(audio, dir.resolve(id + ".wav"), SampleFormat.FLOAT_32);
        return new Example(id, Split.TEST, id + ".wav", "quiet.wav", settings.normalized(), 0);
    }

    /** A 2 s, 100 Hz square wave at this level (float WAV keeps levels above full scale). */
    private static Audio square(double levelDb) {
        float a = (float) Math.pow(10, levelDb / 20);
        float[][] s = new float[2][2 * 44100];
        for (int i = 0; i < s[0].length; i++) s[0][i] = s[1][i] = (i / 220) % 2 == 0 ? a : -a;
        return new Audio(s, 44100);
    }
}
