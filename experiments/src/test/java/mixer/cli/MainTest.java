package mixer.cli;

import mixer.dsp.Audio;
import mixer.dsp.SyntheticMusic;
import mixer.dsp.io.AudioReader;
import mixer.dsp.io.AudioWriter;
import mixer.dsp.io.SampleFormat;
import mixer.dsp.loudness.LoudnessMeter;
import mixer.dsp.params.MixSettings;
import mixer.dsp.params.Param;
import mixer.inference.ConstantPredictor;
import mixer.inference.Predictors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** The CLI as a user runs it: exit codes, what it prints, and the files it writes. */
class MainTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream savedOut;
    private PrintStream savedErr;

    @BeforeEach
    void capture() {
        savedOut = System.out;
        savedErr = System.err;
        System.setOut(new PrintStream(out, true));
        System.setErr(new PrintStream(err, true));
    }

    @AfterEach
    void restore() {
        System.setOut(savedOut);
        System.setErr(savedErr);
        Models.lookup = Predictors::new;
    }

    /** Settings every stage acts on, as a stand-in for a trained model. */
    static final MixSettings MODEL_SETTINGS = MixSettings.neutral().with(Param.INPUT_GAIN_DB, 3).with(Param.COMP_RATIO, 3)
            .with(Param.HIGH_EQ_DB, 2.5).with(Param.LOW_EQ_DB, -2).with(Param.REVERB_SEND, 0.2)
            .with(Param.STEREO_WIDTH, 1.3).with(Param.OUTPUT_LEVEL_DB, -1);

    /** Models named "baseline-cnn" and "bright" that predict fixed settings; the others stay untrained. */
    private void fakeModels() {
        Models.lookup = d -> new Predictors(d)
                .with(new ConstantPredictor("baseline-cnn", MODEL_SETTINGS))
                .with(new ConstantPredictor("bright", MixSettings.neutral().with(Param.HIGH_EQ_DB, 9).with(Param.AIR_DB, 6)));
    }

    private Path song() throws Exception {
        Path f = dir.resolve("song.wav");
        AudioWriter.write(SyntheticMusic.generate(2.0, 44_100, 7), f, SampleFormat.FLOAT_32);
        return f;
    }

    private Path params(String json) throws Exception {
        Path f = dir.resolve("params.json");
        Files.writeString(f, json);
        return f;
    }

    @Test
    void paramsPrintsTheSchema() {
        assertEquals(0, Main.run("params"));
        String text = out.toString();
        for (String name : new String[] {"input_gain_db", "comp_ratio", "air_db", "stereo_width", "output_level_db"}) {
            assertTrue(text.contains(name), name);
        }
        out.reset();
        assertEquals(0, Main.run("params", "--json"));
        assertTrue(out.toString().contains("\"stereo_width\" : 1.0"), out.toString());
    }

    @Test
    void helpEverywhere() {
        for (String[] args : new String[][] {{"--help"}, {"render", "--help"}, {"invert", "--help"},
                {"loudness", "--help"}, {"params", "--help"}, {"bench", "render", "--help"},
                {"train", "--help"}, {"bench", "train", "--help"}, {"mix", "--help"},
                {"compare", "--help"}, {"bench", "mix", "--help"}, {"evaluate", "--help"}, {"reproduce", "--help"}}) {
            assertEquals(0, Main.run(args), String.join(" ", args));
        }
        assertTrue(out.toString().contains("PARAMS.json"));
    }

    @Test
    void invertUndoesRender() throws Exception {
        Path song = song();
        Path p = params("{\"input_gain_db\": 4, \"comp_ratio\": 3, \"high_eq_db\": -5, \"mid_eq_db\": 3, "
                + "\"low_eq_db\": 6, \"air_db\": 2, \"reverb_send\": 0.3, \"delay_send\": 0.2, "
                + "\"stereo_width\": 1.4, \"output_level_db\": -3}");
        Path mixed = dir.resolve("mixed.wav");
        Path back = dir.resolve("back.wav");
        assertEquals(0, Main.run("render", song.toString(), "-p", p.toString(), "-o", mixed.toString(),
                "--no-limiter", "--format", "float32"), err.toString());
        assertEquals(0, Main.run("invert", mixed.toString(), "-p", p.toString(), "-o", back.toString()), err.toString());
        Audio original = AudioReader.read(song).audio();
        Audio restored = AudioReader.read(back).audio();
        Audio rendered = AudioReader.read(mixed).audio();
        assertTrue(errorDb(original, rendered) > -20, "the render changed the audio");
        assertTrue(errorDb(original, restored) < -60, "invert(render(x)) within -60 dB: " + errorDb(original, restored));
    }

    @Test
    void renderKeepsTheTruePeakUnderTheCeiling() throws Exception {
        Path song = song();
        Path p = params("{\"input_gain_db\": 12, \"output_level_db\": 12}");
        Path mixed = dir.resolve("hot.wav");
        assertEquals(0, Main.run("render", song.toString(), "-p", p.toString(), "-o", mixed.toString()), err.toString());
        assertTrue(LoudnessMeter.measure(AudioReader.read(mixed).audio()).truePeakDbtp() <= -1.0 + 1e-6);
        assertTrue(out.toString().contains("LUFS"));
    }

    @Test
    void loudnessTableAndABadFileNamedInTheError() throws Exception {
        Path song = song();
        Path bad = dir.resolve("notes.wav");
        Files.writeString(bad, "these are not samples");
        assertEquals(1, Main.run("loudness", song.toString(), bad.toString()));
        assertTrue(out.toString().contains("song.wav") && out.toString().contains("integrated_lufs"), out.toString());
        assertTrue(err.toString().contains("notes.wav"), err.toString());
    }

    @Test
    void badParametersFailWithTheReason() throws Exception {
        Path song = song();
        Path p = params("{\"comp_ratio\": 40}");
        assertEquals(1, Main.run("render", song.toString(), "-p", p.toString(), "-o", dir.resolve("x.wav").toString()));
        assertTrue(err.toString().contains("comp_ratio") && err.toString().contains("params.json"), err.toString());
        assertFalse(Files.exists(dir.resolve("x.wav")));
        assertEquals(2, Main.run("render", song.toString()), "missing required options is a usage error");
    }

    @Test
    void datasetBuildThenShow() throws Exception {
        Path corpus = dir.resolve("corpus");
        for (int i = 0; i < 5; i++) {
            AudioWriter.write(SyntheticMusic.generate(3.0, 44_100, i), corpus.resolve("t" + i + ".wav"), SampleFormat.PCM_24);
        }
        Path ds = dir.resolve("ds");
        assertEquals(0, Main.run("dataset", "build", "--from", corpus.toString(), "--out", ds.toString(),
                "--min-seconds", "2", "--validation-renders", "3"), err.toString());
        assertTrue(Files.exists(ds.resolve("manifest.csv")) && Files.exists(ds.resolve("provenance.json")));
        assertTrue(err.toString().contains("proportional splits"), err.toString());
        out.reset();
        assertEquals(0, Main.run("dataset", "show", "--manifest", ds.resolve("manifest.csv").toString()));
        assertTrue(out.toString().contains("stereo_width") && out.toString().contains("validation"));
        assertEquals(1, Main.run("dataset", "show", "--manifest", dir.resolve("none.csv").toString()));
        assertTrue(err.toString().contains("mixer dataset build"), err.toString());
    }

    /** Issue 12 item 15: a folder of outside tracks as an evaluation-only dataset, or split by fractions of one's own. */
    @Test
    void datasetBuildPutsEveryTrackInOneSplitOrSplitsByFractions() throws Exception {
        Path corpus = dir.resolve("corpus");
        for (int i = 0; i < 5; i++) {
            AudioWriter.write(SyntheticMusic.generate(2.5, 44_100, 20 + i), corpus.resolve("t" + i + ".wav"), SampleFormat.PCM_16);
        }
        Path only = dir.resolve("only-test");
        assertEquals(0, Main.run("dataset", "build", "--from", corpus.toString(), "--out", only.toString(), "--min-seconds", "2",
                "--split", "test"), err.toString());
        assertTrue(out.toString().contains("0 train / 5 test / 0 validation tracks, 5 examples"), out.toString());
        assertTrue(err.toString().contains("all 5 usable tracks in the test split"), err.toString());
        mixer.dataset.Manifest m = mixer.dataset.Manifest.read(only.resolve("manifest.csv"));
        assertEquals(5, m.split(mixer.dataset.Split.TEST).size());
        assertTrue(Files.readString(only.resolve("provenance.json")).contains("\"split_fractions\""));

        out.reset();
        assertEquals(0, Main.run("dataset", "build", "--from", corpus.toString(), "--out", dir.resolve("own").toString(),
                "--min-seconds", "2", "--splits", "0.6,0.2,0.2", "--validation-renders", "1"), err.toString());
        assertTrue(out.toString().contains("3 train / 1 test / 1 validation tracks"), out.toString());
        assertTrue(err.toString().contains("splits train 0.6 / test 0.2 / validation 0.2 of 5 usable tracks"), err.toString());

        String[][] bad = {{"--split", "holdout"}, {"--splits", "0.6,0.6,0.05"}, {"--splits", "0.6,0.35"},
                {"--split", "test", "--splits", "0,1,0"}, {"--validation-renders", "0"}, {"--task", "remix"}};
        for (String[] options : bad) {
            err.reset();
            String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("dataset", "build", "--from", corpus.toString(),
                    "--out", dir.resolve("bad").toString()), java.util.Arrays.stream(options)).toArray(String[]::new);
            assertEquals(2, Main.run(args), String.join(" ", options) + " is a usage error");
            assertTrue(err.toString().contains(options[0]), "names the option: " + err);
        }
        assertFalse(Files.exists(dir.resolve("bad")), "nothing built on bad usage");
    }

    @Test
    void trainWritesABundleAndResumesAFinishedRun() throws Exception {
        Path corpus = dir.resolve("corpus");
        for (int i = 0; i < 5; i++) {
            AudioWriter.write(SyntheticMusic.generate(4.5, 44_100, 40 + i), corpus.resolve("t" + i + ".wav"), SampleFormat.PCM_24);
        }
        Path ds = dir.resolve("ds");
        assertEquals(0, Main.run("dataset", "build", "--from", corpus.toString(), "--out", ds.toString(),
                "--min-seconds", "2", "--validation-renders", "2"), err.toString());
        String manifest = ds.resolve("manifest.csv").toString();
        Path run = dir.resolve("run"), bundle = dir.resolve("models").resolve("mlp.zip");
        String[] train = {"train", "--model", "descriptor-mlp", "--data", manifest, "--epochs", "2", "--batch", "2",
                "--out", run.toString(), "--bundle", bundle.toString()};
        out.reset();
        assertEquals(0, Main.run(train), err.toString());
        assertTrue(out.toString().contains("best val MAE") && out.toString().contains(bundle.toString()), out.toString());
        assertTrue(out.toString().contains("output_level_db") && out.toString().contains(" dB"), "per-setting MAE in units: " + out);
        assertTrue(err.toString().contains("epoch 2/2") && err.toString().contains("val MAE"), err.toString());
        assertTrue(Files.isRegularFile(bundle));
        assertEquals(3, Files.readAllLines(run.resolve("history.csv")).size());

        String[] resume = java.util.Arrays.copyOf(train, train.length + 1);
        resume[train.length] = "--resume";
        err.reset();
        assertEquals(0, Main.run(resume), err.toString());
        assertTrue(err.toString().contains("resuming") && err.toString().contains("after epoch 2"), err.toString());

        err.reset();
        assertEquals(1, Main.run("train", "--model", "descriptor-mlp", "--data", manifest, "--device", "cuda",
                "--out", run.toString(), "--bundle", bundle.toString()));
        assertTrue(err.toString().contains("mixer train: --device cuda: no CUDA backend") && err.toString().contains("-Pcuda"), err.toString());
        assertEquals(2, Main.run("train", "--model", "resnet"), "an unknown model is a usage error");
        err.reset();
        assertEquals(1, Main.run("train", "--model", "descriptor-mlp", "--data", dir.resolve("none.csv").toString()));
        assertTrue(err.toString().contains("none.csv") && err.toString().contains("mixer dataset build"), err.toString());
    }

    /** Issue 12 item 11: a validation row whose audio is not audio stops training with the manifest, line and example. */
    @Test
    void trainNamesTheManifestLineOfAnUnreadableValidationRow() throws Exception {
        Path corpus = dir.resolve("corpus");
        for (int i = 0; i < 4; i++) {
            AudioWriter.write(SyntheticMusic.generate(3.0, 44_100, 60 + i), corpus.resolve("t" + i + ".wav"), SampleFormat.PCM_24);
        }
        Path ds = dir.resolve("ds");
        assertEquals(0, Main.run("dataset", "build", "--from", corpus.toString(), "--out", ds.toString(),
                "--min-seconds", "2", "--validation-renders", "1"), err.toString());
        mixer.dataset.Manifest m = mixer.dataset.Manifest.read(ds.resolve("manifest.csv"));
        mixer.dataset.Example row = m.split(mixer.dataset.Split.VALIDATION).get(0);
        Files.writeString(m.resolve(row.audio()), "not audio");
        err.reset();
        assertEquals(1, Main.run("train", "--model", "descriptor-mlp", "--data", m.file().toString(), "--epochs", "1",
                "--out", dir.resolve("run").toString(), "--bundle", dir.resolve("m.zip").toString()));
        assertTrue(err.toString().contains(m.file() + " line " + m.line(row) + " (example '" + row.id() + "'): audio file "
                + m.resolve(row.audio())), err.toString());
    }

    @Test
    void benchTrainReportsExamplesPerSecond() {
        out.reset();
        assertEquals(0, Main.run("bench", "train", "--model", "descriptor-mlp", "--batch", "4", "--iterations", "1"), err.toString());
        assertTrue(out.toString().contains("train_ex_per_s") && out.toString().contains("descriptor-mlp"), out.toString());
    }

    @Test
    void mixWritesTheMixAndAPresetThatRenderTurnsIntoTheSameFile() throws Exception {
        fakeModels();
        Path song = dir.resolve("song24.wav");
        AudioWriter.write(SyntheticMusic.generate(3.5, 48_000, 9), song, SampleFormat.PCM_24);
        Path mixed = dir.resolve("mixed.wav");
        Path preset = dir.resolve("preset.json");
        assertEquals(0, Main.run("mix", song.toString(), "--model", "baseline-cnn", "-o", mixed.toString(),
                "--params-out", preset.toString()), err.toString());
        String text = out.toString();
        assertTrue(text.contains("comp_ratio") && text.contains("3.00:1") && text.contains("+2.5 dB") && text.contains("LUFS"), text);
        var read = AudioReader.read(mixed);
        assertEquals(48_000, read.sampleRateHz(), "the song's rate");
        assertEquals(24, read.bitsPerSample(), "the song's depth");
        assertTrue(LoudnessMeter.measure(read.audio()).truePeakDbtp() <= -1.0 + 1e-3);

        Path again = dir.resolve("again.wav");
        assertEquals(0, Main.run("render", song.toString(), "-p", preset.toString(), "-o", again.toString()), err.toString());
        assertArrayEquals(Files.readAllBytes(mixed), Files.readAllBytes(again), "render with the preset gives the same file");
    }

    @Test
    void mixAmountZeroIsTheNeutralChainAndATargetSetsTheLevel() throws Exception {
        fakeModels();
        Path song = song();
        Path neutral = dir.resolve("neutral.wav");
        assertEquals(0, Main.run("mix", song.toString(), "--model", "baseline-cnn", "--amount", "0", "--no-limiter",
                "-o", neutral.toString()), err.toString());
        assertTrue(out.toString().contains("applied"), "predicted and applied differ: both shown");
        assertTrue(errorDb(AudioReader.read(song).audio(), AudioReader.read(neutral).audio()) < -100, "neutral leaves the song as it is");

        Path loud = dir.resolve("loud.wav");
        assertEquals(0, Main.run("mix", song.toString(), "--model", "baseline-cnn", "--target-lufs", "-20", "--no-limiter",
                "-o", loud.toString()), err.toString());
        assertEquals(-20, LoudnessMeter.measure(AudioReader.read(loud).audio()).integratedLufs(), 0.1);
    }

    @Test
    void mixABatchSkipsACorruptFileAndFinishesTheRest() throws Exception {
        fakeModels();
        Path songs = Files.createDirectories(dir.resolve("songs/live"));
        AudioWriter.write(SyntheticMusic.generate(2, 44_100, 1), dir.resolve("songs/a.wav"), SampleFormat.PCM_16);
        Files.writeString(dir.resolve("songs/b.flac"), "not a flac file");
        AudioWriter.write(SyntheticMusic.generate(2, 44_100, 2), songs.resolve("c.wav"), SampleFormat.PCM_16);
        Path outDir = dir.resolve("out");
        assertEquals(1, Main.run("mix", dir.resolve("songs").toString(), "--model", "baseline-cnn", "--out-dir", outDir.toString(),
                "--save-params"));
        assertTrue(Files.exists(outDir.resolve("a.wav")) && Files.exists(outDir.resolve("live/c.wav")));
        assertTrue(Files.exists(outDir.resolve("a.json")) && Files.exists(outDir.resolve("live/c.json")));
        assertFalse(Files.exists(outDir.resolve("b.wav")));
        assertTrue(err.toString().contains("b.flac") && err.toString().contains("skipped"), err.toString());
        assertTrue(err.toString().contains("3/3"), "progress: " + err);
        assertTrue(out.toString().contains("mixed 2 of 3 songs"), out.toString());
    }

    @Test
    void mixWithoutATrainedModelSaysHowToGetOne() throws Exception {
        Path song = song();
        assertEquals(1, Main.run("mix", song.toString(), "--model", "ast", "--models-dir", dir.resolve("models").toString(),
                "-o", dir.resolve("x.wav").toString()));
        assertTrue(err.toString().contains("no trained model 'ast' in") && err.toString().contains("mixer train --model ast"),
                err.toString());
        assertFalse(Files.exists(dir.resolve("x.wav")));
        assertEquals(2, Main.run("mix", song.toString(), "-o", "a.wav", "--out-dir", "b"), "-o and --out-dir");
        assertEquals(2, Main.run("mix", song.toString(), "--amount", "1.5"), "amount outside 0 … 1");
    }

    @Test
    void compareTabulatesEachModelAndDrawsTheChart() throws Exception {
        fakeModels();
        Path song = song();
        Path png = dir.resolve("cmp.png");
        assertEquals(0, Main.run("compare", song.toString(), "--models", "baseline-cnn,bright,ast", "--chart", png.toString(),
                "--models-dir", dir.resolve("models").toString(), "--out-dir", dir.resolve("mixes").toString()), err.toString());
        String text = out.toString();
        assertTrue(text.contains("baseline-cnn") && text.contains("bright") && text.contains("integrated_lufs")
                && text.contains("true_peak_dbtp") && text.contains("+9.0 dB"), text);
        assertTrue(err.toString().contains("no trained model 'ast'") && err.toString().contains("left out"), err.toString());
        assertTrue(Files.size(png) > 10_000, "a PNG chart");
        assertTrue(Files.exists(dir.resolve("mixes/song.bright.wav")));
        assertEquals(1, Main.run("compare", song.toString(), "--models", "ast", "--models-dir", dir.resolve("models").toString()));
    }

    @Test
    void benchMixRunsAndSaysItsPredictorIsUntrained() {
        // a smoke test on 4 s of audio: the benchmark's figures come from `mixer bench mix`, never from a test
        assertEquals(0, Main.run("bench", "mix", "--seconds", "4", "--repeats", "1", "--warmups", "0", "--windows", "2"), err.toString());
        String text = out.toString();
        assertTrue(text.contains("UNTRAINED CNN") && text.contains("end to end") && text.contains("peak heap"), text);
        assertTrue(text.contains("features of 1 window"), "a 4 s song has one whole window: " + text);
    }

    @Test
    void sameDiffsChatterIsDroppedFromStdoutAndEverythingElseKept() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream filtered = new Main.WithoutSameDiffChatter(new PrintStream(bytes, true));
        filtered.println("epoch 1/8");
        filtered.println("Added differentiated op layer_norm");
        filtered.printf("MAE %.4f%n", 0.25);
        filtered.println("Added more");
        assertEquals(String.join(System.lineSeparator(), "epoch 1/8", "MAE 0.2500", "Added more", ""), bytes.toString());
    }

    /** Energy of the difference relative to the energy of the reference, in dB. */
    static double errorDb(Audio ref, Audio other) {
        double e = 0, r = 0;
        for (int c = 0; c < 2; c++) {
            for (int n = 0; n < ref.frames(); n++) {
                double d = ref.stereo()[c][n] - other.stereo()[c][n];
                e += d * d;
                r += ref.stereo()[c][n] * (double) ref.stereo()[c][n];
            }
        }
        return 10 * Math.log10(e / r);
    }

    @Test
    void evaluateWithoutTrainedModelsSaysHowToTrainThem() throws Exception {
        Path corpus = dir.resolve("corpus");
        Files.createDirectories(corpus);
        for (int i = 0; i < 3; i++) {
            AudioWriter.write(SyntheticMusic.generate(3.0, 44_100, 30 + i), corpus.resolve("t" + i + ".wav"), SampleFormat.FLOAT_32);
        }
        assertEquals(0, Main.run("dataset", "build", "--from", corpus.toString(), "--out", dir.resolve("ds").toString(),
                "--min-seconds", "2", "--validation-renders", "1"));
        assertEquals(1, Main.run("evaluate", "--data", dir.resolve("ds/manifest.csv").toString(), "--models-dir", dir.resolve("none").toString()));
        assertTrue(err.toString().contains("no trained models"), err.toString());
        assertTrue(err.toString().contains("mixer reproduce"), err.toString());
    }

    @Test
    void reproduceAndCorpusHaveHelp() {
        assertEquals(0, Main.run("reproduce", "--help"));
        assertEquals(0, Main.run("corpus", "fetch", "--help"));
        assertTrue(out.toString().contains("--quick"));
        assertTrue(out.toString().contains("--limit"));
    }
}
