package mixer.dataset;

import mixer.dataset.features.FeatureConfig;
import mixer.dsp.Audio;
import mixer.dsp.SyntheticMusic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** Examples kept on disk are the examples made: bit for bit, whether made, read back, or made again after damage. */
class ExampleStoreTest {

    @TempDir
    Path dir;

    private static TrainingExamples examples(Task task, long seed, long firstTrackSeed) {
        List<Audio> tracks = List.of(SyntheticMusic.generate(5, 44_100, firstTrackSeed), SyntheticMusic.generate(5, 44_100, firstTrackSeed + 1));
        return TrainingExamples.of(tracks, task, FeatureConfig.DEFAULT, seed);
    }

    private static void assertSame(TrainingExamples.Labelled expected, TrainingExamples.Labelled actual) {
        assertArrayEquals(expected.targets(), actual.targets());
        assertArrayEquals(expected.features().descriptors(), actual.features().descriptors());
        assertEquals(expected.features().logMel().length, actual.features().logMel().length);
        for (int c = 0; c < expected.features().logMel().length; c++) {
            for (int b = 0; b < expected.features().logMel()[c].length; b++) {
                assertArrayEquals(expected.features().logMel()[c][b], actual.features().logMel()[c][b], "channel " + c + ", band " + b);
            }
        }
    }

    @Test
    void anExampleReadBackIsTheExampleMadeBitForBit() throws IOException {
        TrainingExamples made = examples(Task.MATCH_OTHER, 5, 1); // a pair: six channels, three descriptor blocks
        ExampleStore store = ExampleStore.open(dir, FeatureConfig.DEFAULT, made.identity().toArray(String[]::new));
        TrainingExamples kept = made.keptIn(store);
        TrainingExamples.Labelled expected = made.draw(2, 1, 3);
        assertNull(store.get(2, 1, 3), "nothing kept before it is drawn");
        assertSame(expected, kept.draw(2, 1, 3)); // made and kept
        assertNotNull(store.get(2, 1, 3), "kept once drawn");
        assertSame(expected, kept.draw(2, 1, 3)); // read back
        assertSame(expected, examples(Task.MATCH_OTHER, 5, 1).keptIn(store).draw(2, 1, 3)); // by the next model of the run
        assertTrue(ExampleStore.size(dir) > 6 * 64 * 128 * 4, "a pair's log-mel is on disk: " + ExampleStore.size(dir) + " bytes");
    }

    @Test
    void aDamagedEntryIsMadeAgain() throws IOException {
        TrainingExamples made = examples(Task.RESTORE, 5, 1);
        ExampleStore store = ExampleStore.open(dir, FeatureConfig.DEFAULT, made.identity().toArray(String[]::new));
        TrainingExamples kept = made.keptIn(store);
        TrainingExamples.Labelled expected = kept.draw(0, 0, 0);
        Path entry;
        try (Stream<Path> files = Files.walk(store.dir())) {
            entry = files.filter(p -> p.toString().endsWith(".bin")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(entry);
        Files.write(entry, java.util.Arrays.copyOf(bytes, bytes.length / 2)); // cut short, as by a full disk
        assertNull(store.get(0, 0, 0), "a damaged entry is not read");
        assertFalse(Files.exists(entry), "and is removed");
        assertSame(expected, kept.draw(0, 0, 0));
        assertEquals(bytes.length, Files.size(entry), "made again and kept whole");
    }

    @Test
    void theNameFollowsEveryInputAndAnotherNameRemovesTheOldExamples() throws IOException {
        TrainingExamples base = examples(Task.RESTORE, 5, 1);
        List<String> identity = base.identity();
        assertEquals(identity, examples(Task.RESTORE, 5, 1).identity(), "the same rows, task, features and seed: the same name");
        assertNotEquals(identity, examples(Task.RESTORE, 6, 1).identity(), "another seed");
        assertNotEquals(identity, examples(Task.MATCH_SAME, 5, 1).identity(), "another task");
        assertNotEquals(identity, examples(Task.RESTORE, 5, 2).identity(), "other audio");
        assertNotEquals(identity, TrainingExamples.of(List.of(SyntheticMusic.generate(5, 44_100, 1), SyntheticMusic.generate(5, 44_100, 2)),
                Task.RESTORE, new FeatureConfig(FeatureConfig.DEFAULT.logMel(), FeatureConfig.DEFAULT.frames(), 1), 5).identity(), "other features");

        ExampleStore first = ExampleStore.open(dir, FeatureConfig.DEFAULT, identity.toArray(String[]::new));
        base.keptIn(first).draw(0, 0, 0);
        TrainingExamples next = examples(Task.RESTORE, 6, 1);
        ExampleStore second = ExampleStore.open(dir, FeatureConfig.DEFAULT, next.identity().toArray(String[]::new));
        assertNotEquals(first.dir(), second.dir());
        assertFalse(Files.exists(first.dir()), "one run's examples at a time");
        assertTrue(Files.isDirectory(second.dir()));
        next.keptIn(second).draw(0, 0, 0);
        long kept = ExampleStore.size(dir); // measured 65,816 bytes: a two-channel log-mel (65,536) and the rest
        assertTrue(kept > 2 * 64 * 128 * 4, kept + " bytes");
        assertEquals(kept, ExampleStore.clear(dir), "clearing gives the bytes the store took");
        assertFalse(Files.exists(dir));
        assertEquals(0, ExampleStore.clear(dir), "nothing to clear");
    }

    @Test
    void aStoreAnotherRunTrainsFromIsKept() throws IOException {
        // two trainings side by side on one dataset (other seeds): the second removed the first's examples under it,
        // and failed itself ("a folder that is not empty") when the first wrote one meanwhile
        Path theirs = Files.createDirectories(dir.resolve("0123456789abcdef").resolve("epoch0"));
        Files.write(theirs.resolve("example.bin"), new byte[]{1, 2, 3});
        Path inUse = theirs.getParent().resolve(ExampleStore.IN_USE);
        String[] ours = examples(Task.RESTORE, 6, 1).identity().toArray(String[]::new);
        // the other run's process holds its store: a lock on the store's in-use file
        try (FileChannel channel = FileChannel.open(inUse, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE); FileLock lock = channel.lock(0, Long.MAX_VALUE, true)) {
            ExampleStore store = ExampleStore.open(dir, FeatureConfig.DEFAULT, ours);
            assertTrue(Files.isDirectory(store.dir()));
            assertTrue(Files.exists(theirs.resolve("example.bin")), "the other run's examples are kept while it trains");
            ExampleStore.clear(dir); // reproduce's, once its models are saved
            assertFalse(Files.exists(store.dir()), "ours cleared");
            assertTrue(Files.exists(theirs.resolve("example.bin")), "theirs kept by a clear too");
        }
        ExampleStore.open(dir, FeatureConfig.DEFAULT, ours);
        assertFalse(Files.exists(theirs), "and removed once no run holds them");
    }
}
