package mixer.dataset;

import mixer.dataset.features.FeatureConfig;
import mixer.dsp.Audio;
import mixer.dsp.SyntheticMusic;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class TrainingExamplesTest {

    private static TrainingExamples examples(long seed) {
        List<Audio> tracks = List.of(SyntheticMusic.generate(5, 44_100, 1), SyntheticMusic.generate(5, 44_100, 2),
                SyntheticMusic.generate(5, 44_100, 3));
        return TrainingExamples.of(tracks, Task.RESTORE, FeatureConfig.DEFAULT, seed);
    }

    @Test
    void anExampleIsAPureFunctionOfSeedEpochTrackAndK() {
        TrainingExamples a = examples(7), b = examples(7);
        TrainingExamples.Labelled first = a.draw(3, 1, 2);
        assertArrayEquals(first.targets(), b.draw(3, 1, 2).targets(), "the same (seed, epoch, track, k): the same settings");
        assertArrayEquals(first.features().descriptors(), b.draw(3, 1, 2).features().descriptors(), "and the same crop");
        assertArrayEquals(a.draw(3, 1).targets(), a.draw(3, 1, 0).targets(), "one example per track is k = 0");
        Set<String> settings = new HashSet<>();
        for (int k = 0; k < 4; k++) settings.add(Arrays.toString(a.draw(3, 1, k).targets()));
        settings.add(Arrays.toString(a.draw(4, 1, 2).targets()));
        settings.add(Arrays.toString(examples(8).draw(3, 1, 2).targets()));
        assertEquals(6, settings.size(), "another k, epoch or seed: other settings");
    }

    @Test
    void anEpochHoldsEveryTracksKExamplesOnceInASeededOrder() {
        TrainingExamples e = examples(7);
        int[] order = e.order(5, 4);
        assertEquals(12, order.length);
        assertArrayEquals(java.util.stream.IntStream.range(0, 12).toArray(), Arrays.stream(order).sorted().toArray(),
                "entry j is example j / 3 of track j % 3, each once");
        assertArrayEquals(order, examples(7).order(5, 4), "seeded, not the clock");
        assertFalse(Arrays.equals(order, e.order(6, 4)), "each epoch its own order");
        assertArrayEquals(new int[] {0, 1, 2}, Arrays.stream(e.order(5, 1)).sorted().toArray());
        assertThrows(IllegalArgumentException.class, () -> e.order(5, 0));
    }

    /** A track shorter than the pre-roll and a window is heard as `mixer mix` hears a short song: music to the window's end. */
    @Test
    void aShortTracksWindowEndsInItsMusicNotInSilence() {
        double seconds = FeatureConfig.DEFAULT.windowSamples(44_100) / 44_100.0 + 0.3; // room for 0.3 s of the 1 s pre-roll
        TrainingExamples e = TrainingExamples.of(List.of(SyntheticMusic.generate(seconds, 44_100, 4)), Task.RESTORE, FeatureConfig.DEFAULT, 7);
        for (int epoch = 0; epoch < 3; epoch++) {
            float[][] left = e.draw(epoch, 0).features().logMel()[0];
            int last = left[0].length - 1;
            double loudestBandDb = Double.NEGATIVE_INFINITY;
            for (float[] band : left) loudestBandDb = Math.max(loudestBandDb, band[last - 1]);
            // past the track's end every band stays at the floor (-100 dB); music is far above it
            assertTrue(loudestBandDb > FLOOR_DB + 40, "epoch " + epoch + ": the window's last frames " + loudestBandDb + " dB");
        }
    }

    private static final double FLOOR_DB = mixer.dataset.features.LogMelConfig.DEFAULT.floorDb();

    /** Issue 16: a cluster's worker reads each track when it draws from it and keeps few; its examples are the same. */
    @Test
    void examplesDrawnReadingTracksWhenNeededAreTheExamplesOfTheLoadedTracks(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        for (int i = 0; i < 6; i++) {
            mixer.dsp.io.AudioWriter.write(SyntheticMusic.generate(3, 44_100, 60 + i), dir.resolve("corpus").resolve("t" + i + ".wav"),
                    mixer.dsp.io.SampleFormat.PCM_24);
        }
        Manifest manifest = new DatasetBuilder(new DatasetBuilder.Options(dir.resolve("corpus"), dir.resolve("ds"), Task.MATCH_OTHER, 4,
                2.0, 1, 1, SplitFractions.parse("0.7,0.15,0.15")), line -> { }).build().manifest();
        TrainingExamples loaded = TrainingExamples.load(manifest, Task.MATCH_OTHER, FeatureConfig.DEFAULT, 9);
        TrainingExamples whenDrawn = TrainingExamples.readingTracksWhenDrawn(loaded.origin().orElseThrow(), 2);
        assertEquals(loaded.size(), whenDrawn.size());
        assertTrue(loaded.size() >= 3, "tracks: " + loaded.size());
        for (int[] d : new int[][] {{0, 0, 0}, {0, 2, 1}, {1, 1, 0}, {0, 0, 1}, {2, loaded.size() - 1, 3}, {0, 2, 1}}) {
            TrainingExamples.Labelled a = loaded.draw(d[0], d[1], d[2]), b = whenDrawn.draw(d[0], d[1], d[2]);
            assertArrayEquals(a.targets(), b.targets(), Arrays.toString(d));
            assertArrayEquals(a.features().descriptors(), b.features().descriptors(), Arrays.toString(d));
            for (int c = 0; c < a.features().logMel().length; c++) {
                for (int band = 0; band < a.features().logMel()[c].length; band++) {
                    assertArrayEquals(a.features().logMel()[c][band], b.features().logMel()[c][band], Arrays.toString(d));
                }
            }
        }
    }
}
