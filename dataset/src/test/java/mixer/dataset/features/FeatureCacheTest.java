package mixer.dataset.features;

import mixer.dsp.SyntheticMusic;
import mixer.dsp.io.AudioWriter;
import mixer.dsp.io.SampleFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class FeatureCacheTest {

    @TempDir
    Path dir;

    @Test
    void featuresAreComputedOnceAndReadBackIdentically() throws Exception {
        Path wav = dir.resolve("song.wav");
        AudioWriter.write(SyntheticMusic.generate(7.0, 44_100, 3), wav, SampleFormat.PCM_24);
        FeatureCache cache = new FeatureCache(dir.resolve("cache"));
        List<Features> first = cache.songWindows(wav, FeatureConfig.DEFAULT, 16);
        assertEquals(2, first.size(), "7 s holds two whole 3 s windows");
        List<Features> heard = SongWindows.features(mixer.dsp.io.AudioReader.read(wav).audio(), FeatureConfig.DEFAULT, 16);
        assertArrayEquals(heard.get(1).descriptors(), first.get(1).descriptors(), "the windows a song's model hears");
        assertEquals(1, countEntries());
        List<Features> again = cache.songWindows(wav, FeatureConfig.DEFAULT, 16);
        for (int w = 0; w < first.size(); w++) {
            assertArrayEquals(first.get(w).descriptors(), again.get(w).descriptors());
            for (int c = 0; c < 2; c++) {
                for (int b = 0; b < 64; b++) assertArrayEquals(first.get(w).logMel()[c][b], again.get(w).logMel()[c][b]);
            }
        }
        // Another config, window count or changed audio is another entry, never a stale one.
        cache.songWindows(wav, new FeatureConfig(LogMelConfig.DEFAULT, 64), 16);
        cache.songWindows(wav, FeatureConfig.DEFAULT, 1);
        AudioWriter.write(SyntheticMusic.generate(7.0, 44_100, 4), wav, SampleFormat.PCM_24);
        cache.songWindows(wav, FeatureConfig.DEFAULT, 16);
        assertEquals(4, countEntries());
    }

    @Test
    void aDamagedEntryIsRecomputed() throws Exception {
        Path wav = dir.resolve("song.wav");
        AudioWriter.write(SyntheticMusic.generate(4.0, 48_000, 3), wav, SampleFormat.PCM_16);
        FeatureCache cache = new FeatureCache(dir.resolve("cache"));
        List<Features> first = cache.songWindows(wav, FeatureConfig.DEFAULT, 16);
        try (var s = Files.walk(dir.resolve("cache"))) {
            Path entry = s.filter(p -> p.toString().endsWith(".bin")).findFirst().orElseThrow();
            Files.write(entry, new byte[] {1, 2, 3});
        }
        assertArrayEquals(first.get(0).descriptors(), cache.songWindows(wav, FeatureConfig.DEFAULT, 16).get(0).descriptors());
    }

    /** A dataset shared read-only is scored all the same: the cache is a saving, said once when it cannot be written. */
    @Test
    void aCacheThatCannotBeWrittenIsSaidOnceAndTheFeaturesAreStillRight() throws Exception {
        Path wav = dir.resolve("song.wav");
        AudioWriter.write(SyntheticMusic.generate(4.0, 48_000, 3), wav, SampleFormat.PCM_16);
        List<Features> expected = new FeatureCache(dir.resolve("cache")).songWindows(wav, FeatureConfig.DEFAULT, 16);
        Path blocked = Files.writeString(dir.resolve("blocked"), "a file where the cache's folder would be"); // root writes anywhere
        java.util.List<String> said = new java.util.ArrayList<>();
        FeatureCache cache = new FeatureCache(blocked.resolve("features"), said::add);
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(expected.get(0).descriptors(), cache.songWindows(wav, FeatureConfig.DEFAULT, 16).get(0).descriptors());
        }
        assertEquals(1, said.size(), said.toString());
        assertTrue(said.get(0).contains("cannot be written") && said.get(0).contains("features are computed each time"), said.get(0));
    }

    private long countEntries() throws Exception {
        try (var s = Files.walk(dir.resolve("cache"))) {
            return s.filter(p -> p.toString().endsWith(".bin")).count();
        }
    }
}
