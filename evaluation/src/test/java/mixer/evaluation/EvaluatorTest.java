package mixer.evaluation;

import mixer.dataset.DatasetBuilder;
import mixer.dataset.Example;
import mixer.dataset.Manifest;
import mixer.dataset.Split;
import mixer.dataset.Task;
import mixer.dsp.SyntheticMusic;
import mixer.dsp.io.AudioWriter;
import mixer.dsp.io.SampleFormat;
import mixer.evaluation.metrics.AudioEvaluation;
import mixer.evaluation.metrics.Bootstrap;
import mixer.evaluation.metrics.MeanPredictor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audio half of {@link Evaluator} on tiny datasets built by {@link DatasetBuilder} (no models: the
 * predictions are the manifest's own targets, an oracle). The oracle's mix must land on its reference
 * for both tasks: restore renders the input with the settings and compares with the finished source;
 * estimate renders the source with the settings and compares with the input (the finished mix heard).
 */
class EvaluatorTest {

    @TempDir
    Path dir;

    private Manifest dataset(Task task) throws IOException {
        Path corpus = dir.resolve("corpus");
        if (!Files.isDirectory(corpus)) {
            for (int i = 0; i < 6; i++) {
                AudioWriter.write(SyntheticMusic.generate(2.5, 44_100, 40 + i), corpus.resolve("track" + i + ".wav"),
                        SampleFormat.PCM_24);
            }
        }
        Path out = dir.resolve(task.id());
        new DatasetBuilder(new DatasetBuilder.Options(corpus, out, task, 5, 2.0, 1, 2), line -> { }).build();
        return Manifest.read(out.resolve("manifest.csv"));
    }

    /** The test rows' own targets as predictions. */
    private static Predictions oracle(Manifest m) {
        List<String> ids = new ArrayList<>(), tracks = new ArrayList<>();
        List<double[]> truth = new ArrayList<>();
        for (Example e : m.split(Split.TEST)) {
            ids.add(e.id());
            tracks.add(e.source());
            truth.add(e.targets());
        }
        double[][] t = truth.toArray(double[][]::new);
        return new Predictions("oracle", ids, tracks, t, t);
    }

    @Test
    void theOracleRestoresTheOriginalInBothTasks() throws IOException {
        for (Task task : Task.values()) {
            Manifest m = dataset(task);
            Evaluator evaluator = new Evaluator(m, line -> { });
            assertEquals(task, evaluator.task(), "read from the dataset's provenance.json");
            Predictions oracle = oracle(m);
            assertTrue(oracle.size() >= 2, "test rows: " + oracle.size());
            Predictions mean = MeanPredictor.ofSampler().predict(oracle);
            AudioEvaluation audio = evaluator.audio(List.of(oracle, mean), Bootstrap.withSeed(3), 1);
            AudioEvaluation.Summary best = audio.summary("oracle");
            assertTrue(best.stftDistance().high() < 0.01, task + ": the true settings give the reference back: " + best);
            assertTrue(best.loudnessErrorLu().high() < 0.01, task + ": " + best);
            assertEquals(1.0, best.shareCloser().value(), task.id());
            AudioEvaluation.Summary nothing = audio.summary(AudioEvaluation.DO_NOTHING);
            assertTrue(nothing.stftDistance().value() > 0.3, task + ": doing nothing is far off: " + nothing);
        }
    }

    /** Issue 12 item 11: a test row pointing at a file that is not audio is reported with the manifest and its line. */
    @Test
    void aTestRowThatIsNotAudioIsNamedWithTheManifestAndLine() throws IOException {
        Manifest m = dataset(Task.RESTORE);
        Example row = m.split(Split.TEST).get(0);
        Path audio = m.resolve(row.audio());
        Files.writeString(audio, "not audio any more");
        Predictions oracle = oracle(m);
        IOException e = assertThrows(IOException.class,
                () -> new Evaluator(m, line -> { }).audio(List.of(oracle), Bootstrap.withSeed(3), 1));
        String text = e.getMessage();
        assertTrue(text.contains(m.file() + " line " + m.line(row) + " (example '" + row.id() + "')"), text);
        assertTrue(text.contains("audio file " + audio), text);
    }
}
