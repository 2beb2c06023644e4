package mixer.cli;

import mixer.dataset.corpus.CorpusBuilder;
import mixer.dataset.corpus.Soundtrack;
import mixer.dsp.SyntheticMusic;
import mixer.dsp.io.AudioWriter;
import mixer.dsp.io.SampleFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * `mixer reproduce` runs each step only when its result is out of date, judged from provenance: a second
 * run trains nothing, another seed retrains every model (issue 13: it kept the old models).
 */
class ReproduceTest {

    @TempDir
    Path work;

    @Test
    void aSecondRunIsUpToDateAndAnotherSeedRetrains() throws Exception {
        Path corpus = Files.createDirectories(work.resolve("data/corpus"));
        for (int i = 0; i < 6; i++) {
            AudioWriter.write(SyntheticMusic.generate(11, 44_100, 80 + i), corpus.resolve("pkg/t" + i + ".wav"), SampleFormat.PCM_16);
        }
        // a corpus made with the default settings: the corpus step must not fetch (no network in tests)
        StringBuilder packages = new StringBuilder();
        for (Soundtrack s : Soundtrack.DEFAULT) packages.append(packages.isEmpty() ? "" : ", ").append('"').append(s.packageName()).append("\": \"1\"");
        CorpusBuilder.Options d = CorpusBuilder.Options.defaults(corpus);
        Files.writeString(corpus.resolve("corpus.json"), "{\"seed\": " + d.seed() + ", \"limit\": " + d.limit() + ", \"packages\": {" + packages + "}}");
        Files.writeString(corpus.resolve(CorpusBuilder.CREDITS), "track\n");

        Cli cli = new Cli();
        String[] quick = {"reproduce", "--quick", "--epochs", "1", "--dir", work.toString()};
        assertEquals(0, cli.run(quick), cli.err());
        String first = cli.err();
        assertTrue(first.contains("== corpus: up to date"), first);
        for (String model : new String[] {"baseline-cnn", "enhanced-cnn", "ast", "descriptor-mlp"}) {
            assertTrue(first.contains("== train " + model + ": no model at"), first);
            assertTrue(Files.exists(work.resolve("models/" + model + "-quick.zip")), model);
        }
        assertTrue(cli.out().contains("the 0.035 target is compared on the reference task (the next issue), not on blind restore"), cli.out());
        assertTrue(Files.exists(work.resolve("runs/report-quick/report.html")));
        assertFalse(cli.out().contains("ensemble + refine"), "a first look skips refinement: " + cli.out());
        assertTrue(cli.out().matches("(?s).*step times: corpus [0-9.]+ min; dataset [0-9.]+ min; train baseline-cnn [0-9.]+ min;.* evaluate [0-9.]+ min; total [0-9.]+ min.*"), cli.out());

        cli.reset();
        assertEquals(0, cli.run(quick), cli.err());
        assertTrue(cli.err().contains("dataset " + work.resolve("data/dataset") + " is up to date"), cli.err());
        assertFalse(cli.err().contains("epoch 1/1"), "nothing trained again: " + cli.err());
        assertTrue(cli.err().contains("== train ast: up to date"), cli.err());
        assertTrue(cli.err().contains("scoring with the saved ensemble"), cli.err());

        cli.reset();
        String[] otherSeed = {"reproduce", "--quick", "--epochs", "1", "--seed", "2", "--dir", work.toString()};
        assertEquals(0, cli.run(otherSeed), cli.err());
        assertTrue(cli.err().contains("== train baseline-cnn: trained with seed 1, now 2"), cli.err());
        assertTrue(cli.err().contains("== ensemble: removed"), "the old ensemble's weights belong to the old models: " + cli.err());
    }
}
