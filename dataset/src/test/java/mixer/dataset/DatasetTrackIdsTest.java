package mixer.dataset;

import mixer.dsp.SyntheticMusic;
import mixer.dsp.io.AudioWriter;
import mixer.dsp.io.SampleFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Track ids that would make two tracks share a row id or a render are refused before any work, naming both files. */
class DatasetTrackIdsTest {

    @TempDir
    Path dir;

    @Test
    void aTrackWhoseNameEndsInHashAndANumberBuilds() throws Exception {
        Path c = dir.resolve("corpus");
        AudioWriter.write(SyntheticMusic.generate(2.5, 44_100, 1), c.resolve("x.wav"), SampleFormat.PCM_24);
        AudioWriter.write(SyntheticMusic.generate(2.5, 44_100, 2), c.resolve("x#1.wav"), SampleFormat.PCM_24);
        SplitFractions f = SplitFractions.parse("0.5,0,0.5");
        long seed = 1;
        while (new SplitAssigner(seed, f).assign(List.of("x", "x#1")).get("x") != Split.VALIDATION) seed++;
        DatasetBuilder.Options o = new DatasetBuilder.Options(c, dir.resolve("ds"), Task.RESTORE, seed, 2.0, 1, 2, f);
        // refused before any work, with both files named and what to do
        java.io.IOException e = assertThrows(java.io.IOException.class, () -> new DatasetBuilder(o, line -> { }).build());
        assertTrue(e.getMessage().contains("x#1.wav") && e.getMessage().contains("rename"), e.getMessage());
        assertFalse(java.nio.file.Files.exists(dir.resolve("ds").resolve("validation")), "nothing rendered");
    }

    /** "a/b" (a file in a folder) and "a_b" (a file beside it) would both render to "a_b-k.wav". */
    @Test
    void tracksWhoseRendersWouldShareANameAreRefused() throws Exception {
        Path c = dir.resolve("corpus2");
        AudioWriter.write(SyntheticMusic.generate(2.5, 44_100, 1), c.resolve("a").resolve("b.wav"), SampleFormat.PCM_24);
        AudioWriter.write(SyntheticMusic.generate(2.5, 44_100, 2), c.resolve("a_b.wav"), SampleFormat.PCM_24);
        DatasetBuilder.Options o = new DatasetBuilder.Options(c, dir.resolve("ds2"), Task.RESTORE, 5, 2.0, 1, 2,
                SplitFractions.only(Split.TEST));
        java.io.IOException e = assertThrows(java.io.IOException.class, () -> new DatasetBuilder(o, line -> { }).build());
        assertTrue(e.getMessage().contains("a_b.wav") && e.getMessage().contains("b.wav") && e.getMessage().contains("rename"),
                e.getMessage());
        assertFalse(java.nio.file.Files.exists(dir.resolve("ds2").resolve("test")), "nothing rendered");
    }
}
