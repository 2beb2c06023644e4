package mixer.dataset;

import mixer.dsp.SyntheticMusic;
import mixer.dsp.io.AudioWriter;
import mixer.dsp.io.SampleFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** A rebuild that finds its renders gone makes them again: the row's error tells the user to rebuild. */
class DatasetRebuildTest {

    @TempDir
    Path dir;

    @Test
    void aRebuildMakesMissingRendersAgain() throws IOException {
        Path c = dir.resolve("corpus");
        for (int i = 0; i < 4; i++) AudioWriter.write(SyntheticMusic.generate(2.5, 44_100, i), c.resolve("t" + i + ".wav"), SampleFormat.PCM_24);
        DatasetBuilder.Options o = new DatasetBuilder.Options(c, dir.resolve("ds"), Task.RESTORE, 5, 2.0, 1, 1,
                SplitFractions.only(Split.TEST));
        Manifest m = new DatasetBuilder(o, line -> { }).build().manifest();
        Example row = m.split(Split.TEST).get(0);
        Files.delete(m.resolve(row.audio()));
        try {
            m.readAudio(row, "audio");
            fail();
        } catch (IOException e) {
            System.out.println("reading the row: " + e.getMessage());
        }
        List<String> log = new ArrayList<>();
        Manifest again = new DatasetBuilder(o, log::add).build().manifest();
        System.out.println("rebuild: " + log);
        assertTrue(Files.isRegularFile(again.resolve(row.audio())), "the rebuild left the render missing");
    }

    /** Outside a git checkout every code had the version "unknown": a build by older code was taken as up to date. */
    @Test
    void codeOfNoKnownVersionKeepsNoEarlierRenders() throws Exception {
        java.lang.reflect.Field commit = mixer.dsp.provenance.Provenance.class.getDeclaredField("cachedCommit");
        commit.setAccessible(true);
        Object known = commit.get(null);
        commit.set(null, "unknown");
        try {
            Path c = dir.resolve("corpus");
            for (int i = 0; i < 3; i++) AudioWriter.write(SyntheticMusic.generate(2.5, 44_100, i), c.resolve("t" + i + ".wav"), SampleFormat.PCM_24);
            DatasetBuilder.Options o = new DatasetBuilder.Options(c, dir.resolve("ds"), Task.RESTORE, 5, 2.0, 1, 1,
                    SplitFractions.only(Split.TEST));
            Manifest m = new DatasetBuilder(o, line -> { }).build().manifest();
            Path render = m.resolve(m.split(Split.TEST).get(0).audio());
            byte[] made = Files.readAllBytes(render);
            // what other code rendered there
            AudioWriter.write(SyntheticMusic.generate(2.5, 44_100, 99), render, SampleFormat.FLOAT_32);
            List<String> log = new ArrayList<>();
            new DatasetBuilder(o, log::add).build();
            assertArrayEquals(made, Files.readAllBytes(render), "a render of other code was kept: " + log);
            assertTrue(log.stream().anyMatch(l -> l.startsWith("the code's version is unknown")), log.toString());
        } finally {
            commit.set(null, known);
        }
    }
}
