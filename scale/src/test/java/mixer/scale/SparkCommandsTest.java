package mixer.scale;

import mixer.cli.Main;
import mixer.dsp.SyntheticMusic;
import mixer.dsp.io.AudioWriter;
import mixer.dsp.io.SampleFormat;
import mixer.training.ModelBundle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 16: `mixer dataset build --spark` and `mixer train --spark` as a user runs them; the bundle mixes like any other. */
class SparkCommandsTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();

    private int run(String... args) {
        out.reset();
        err.reset();
        return Main.execute(new Main(), writer(out), writer(err), args);
    }

    @Test
    void buildTrainAndMixOnSparkInLocalMode() throws Exception {
        Path corpus = dir.resolve("corpus");
        for (int i = 0; i < 5; i++) {
            AudioWriter.write(SyntheticMusic.generate(4.5, 44_100, 40 + i), corpus.resolve("t" + i + ".wav"), SampleFormat.PCM_24);
        }
        Path ds = dir.resolve("ds");
        assertEquals(0, run("dataset", "build", "--from", corpus.toString(), "--out", ds.toString(), "--min-seconds", "2",
                "--validation-renders", "2", "--spark", "local[2]"), err.toString());
        assertTrue(err.toString().contains("Spark 3.1.2 at local[2]: 2 cores"), err.toString());
        assertTrue(err.toString().contains("rendering the validation and test examples: 5 tracks as a Spark job"), err.toString());
        assertTrue(Files.isRegularFile(ds.resolve("manifest.csv")));

        Path models = dir.resolve("models");
        assertEquals(0, run("train", "--model", "descriptor-mlp", "--data", ds.resolve("manifest.csv").toString(), "--epochs", "2",
                "--batch", "2", "--out", dir.resolve("run").toString(), "--bundle", models.resolve("descriptor-mlp.zip").toString(),
                "--spark", "local[2]"), err.toString());
        assertTrue(err.toString().contains("steps on spark local[2], parameter averaging every 5 minibatches"), err.toString());
        assertTrue(out.toString().contains("best val MAE"), out.toString());
        assertEquals("spark local[2], parameter averaging every 5 minibatches",
                ModelBundle.load(models.resolve("descriptor-mlp.zip")).provenance().get("steps"));

        Path mix = dir.resolve("mix.wav");
        assertEquals(0, run("mix", corpus.resolve("t0.wav").toString(), "--model", "descriptor-mlp", "--models-dir", models.toString(),
                "-o", mix.toString()), err.toString());
        assertTrue(Files.size(mix) > 100_000, "the mix of a model trained on Spark");

        // a master no build carries is bad usage, said before Spark starts (it printed a page of its trace first)
        assertEquals(2, run("dataset", "build", "--from", corpus.toString(), "--out", dir.resolve("ds2").toString(),
                "--spark", "nonsense://x"));
        assertTrue(err.toString().contains("--spark nonsense://x: a master is local[N] (N cores, 1 or more), local[*] or "
                + "spark://HOST:PORT"), err.toString());
        err.reset(); // local[0]: Spark's page of trace, exit 1 (a helper's walk)
        assertEquals(2, run("dataset", "build", "--from", corpus.toString(), "--out", dir.resolve("ds3").toString(),
                "--spark", "local[0]"));
        assertTrue(err.toString().contains("--spark local[0]: a master is local[N] (N cores, 1 or more)")
                && !err.toString().contains("SparkException"), err.toString());
    }

    private static PrintWriter writer(ByteArrayOutputStream bytes) {
        return new PrintWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8), true);
    }
}
