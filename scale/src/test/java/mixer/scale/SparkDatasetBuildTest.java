package mixer.scale;

import mixer.dataset.DatasetBuilder;
import mixer.dataset.Task;
import mixer.dsp.SyntheticMusic;
import mixer.dsp.io.AudioWriter;
import mixer.dsp.io.SampleFormat;
import mixer.training.Cluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 16 item 2: a dataset built as a Spark job in local[2] is the dataset built in one process, file for file: the
 * manifest, the rendered examples and the features of their windows.
 */
class SparkDatasetBuildTest {

    static Cluster spark;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws IOException {
        spark = Cluster.connect("local[2]", line -> { });
    }

    @AfterAll
    static void stop() {
        spark.close();
    }

    /** Eight short synthetic tracks at three rates and a file that is not audio (skipped either way). */
    static Path corpus(Path at) throws IOException {
        for (int i = 0; i < 8; i++) {
            int rateHz = i == 3 ? 22_050 : i % 2 == 0 ? 44_100 : 48_000;
            AudioWriter.write(SyntheticMusic.generate(3.0, rateHz, 40 + i), at.resolve("pkg" + (i % 2)).resolve("track" + i + ".wav"),
                    SampleFormat.PCM_24);
        }
        Files.writeString(at.resolve("pkg0").resolve("broken.wav"), "not audio");
        return at;
    }

    @ParameterizedTest
    @EnumSource(value = Task.class, names = {"RESTORE", "MATCH_OTHER"})
    void aSparkBuildWritesTheSameManifestRendersAndSkipsAsOneProcess(Task task) throws IOException {
        Path corpus = corpus(dir.resolve("corpus-" + task.id()));
        List<String> here = new ArrayList<>(), there = new ArrayList<>();
        DatasetBuilder.Result a = new DatasetBuilder(options(corpus, dir.resolve("one-" + task.id()), task), here::add).build();
        DatasetBuilder.Result b = new DatasetBuilder(options(corpus, dir.resolve("spark-" + task.id()), task), there::add,
                spark.trackJobs(there::add)).build();

        assertEquals(a.manifest().examples(), b.manifest().examples());
        assertEquals(Files.readString(a.manifest().file()), Files.readString(b.manifest().file()));
        assertEquals(a.skipped(), b.skipped());
        assertEquals(1, b.skipped().size(), b.skipped().toString());
        assertEquals(a.tracks(), b.tracks());
        Map<String, byte[]> oneFiles = made(dir.resolve("one-" + task.id())), sparkFiles = made(dir.resolve("spark-" + task.id()));
        assertEquals(oneFiles.keySet(), sparkFiles.keySet());
        long features = oneFiles.keySet().stream().filter(f -> f.startsWith("cache/features/")).count();
        long rows = a.manifest().examples().stream().filter(e -> e.hasTargets()).count();
        assertEquals(rows, features, "one feature file per validation and test row: " + oneFiles.keySet());
        assertTrue(rows >= 4, oneFiles.keySet().toString());
        for (String f : oneFiles.keySet()) assertArrayEquals(oneFiles.get(f), sparkFiles.get(f), f);
        assertTrue(there.stream().anyMatch(l -> l.contains("as a Spark job")), there.toString());
        // the notes a track gets (a rate whose Nyquist is below a shelf) reach the log of the build that ran them elsewhere
        assertTrue(there.stream().anyMatch(l -> l.contains("track3.wav is at 22050 Hz, where the chain bypasses")), there.toString());
    }

    @Test
    void aTrackThatFailsOnAWorkerFailsTheBuildWithItsFileNamed() throws IOException {
        Path corpus = corpus(dir.resolve("corpus-unreadable"));
        Path out = dir.resolve("unwritable");
        Files.createDirectories(out);
        Files.writeString(out.resolve("test"), "a file where the test renders' folder should be");
        Files.writeString(out.resolve("validation"), "and the validation renders'");
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> new DatasetBuilder(options(corpus, out, Task.RESTORE), line -> { }, spark.trackJobs(line -> { })).build());
        assertTrue(e.getMessage().contains(out.toString()), e.getMessage());
    }

    private static DatasetBuilder.Options options(Path corpus, Path out, Task task) {
        return new DatasetBuilder.Options(corpus, out, task, 5, 2.0, 1, 2, mixer.dataset.SplitFractions.parse("0.5,0.25,0.25"));
    }

    /** Every rendered file and feature file of a dataset folder by its path in the folder. */
    private static Map<String, byte[]> made(Path dataset) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dataset)) {
            for (Path f : walk.filter(p -> p.toString().endsWith(".wav") || p.toString().endsWith(".bin")).toList()) {
                files.put(dataset.relativize(f).toString(), Files.readAllBytes(f));
            }
        }
        return files;
    }
}
