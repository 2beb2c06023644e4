package mixer.cli;

import mixer.dataset.FinishedLevel;
import mixer.dataset.features.Refiner;
import mixer.dsp.Audio;
import mixer.dsp.Renderer;
import mixer.dsp.SyntheticMusic;
import mixer.dsp.io.AudioReader;
import mixer.dsp.io.AudioWriter;
import mixer.dsp.io.SampleFormat;
import mixer.dsp.loudness.LoudnessMeter;
import mixer.dsp.loudness.TruePeakMeter;
import mixer.dsp.params.MixSettings;
import mixer.dsp.params.Param;
import mixer.dsp.params.ParamsFile;
import mixer.inference.Predictors;
import mixer.training.ConstantPredictor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** The CLI as a user runs it: exit codes, what it prints, and the files it writes. */
class MainTest {

    @TempDir
    Path dir;

    /** The command line, with what it prints kept: {@code out}, {@code err}. */
    private final Cli cli = new Cli();
    private final ByteArrayOutputStream out = cli.out;
    private final ByteArrayOutputStream err = cli.err;

    private int run(String... args) {
        return cli.run(args);
    }

    /** Settings every stage acts on, as a stand-in for a trained model. */
    static final MixSettings MODEL_SETTINGS = MixSettings.neutral().with(Param.INPUT_GAIN_DB, 3).with(Param.COMP_RATIO, 3)
            .with(Param.HIGH_EQ_DB, 2.5).with(Param.LOW_EQ_DB, -2).with(Param.REVERB_SEND, 0.2)
            .with(Param.STEREO_WIDTH, 1.3).with(Param.OUTPUT_LEVEL_DB, -1);

    /** Models named "baseline-cnn" and "bright" that predict fixed settings; the others stay untrained. */
    private void fakeModels() {
        cli.models = d -> new Predictors(d)
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

    /** Out of memory: the limits and how to raise them; "mix fewer songs" only where songs are mixed. */
    @Test
    void outOfMemoryAdvisesWhatFitsTheCommand() throws Exception {
        Path song = song();
        cli.models = d -> {
            throw new OutOfMemoryError("Java heap space");
        };
        assertEquals(1, cli.run("mix", song.toString(), "-o", dir.resolve("m.wav").toString()));
        assertTrue(cli.err().contains("out of memory (Java heap space)") && cli.err().contains("or mix fewer songs at once"), cli.err());
        cli.reset();
        assertEquals(1, cli.run("compare", song.toString(), "--chart", dir.resolve("c.png").toString()));
        assertTrue(cli.err().contains("out of memory (Java heap space)") && !cli.err().contains("mix fewer songs"), cli.err());
    }

    @Test
    void paramsPrintsTheSchema() {
        assertEquals(0, run("params"));
        String text = out.toString();
        for (String name : new String[] {"input_gain_db", "comp_ratio", "air_db", "stereo_width", "output_level_db"}) {
            assertTrue(text.contains(name), name);
        }
        out.reset();
        assertEquals(0, run("params", "--json"));
        assertTrue(out.toString().contains("\"stereo_width\" : 1.0"), out.toString());
    }

    @Test
    void helpEverywhere() {
        for (String[] args : new String[][] {{"--help"}, {"render", "--help"}, {"invert", "--help"},
                {"loudness", "--help"}, {"params", "--help"}, {"bench", "render", "--help"},
                {"train", "--help"}, {"bench", "train", "--help"}, {"mix", "--help"},
                {"compare", "--help"}, {"bench", "mix", "--help"}, {"evaluate", "--help"}, {"reproduce", "--help"}}) {
            assertEquals(0, run(args), String.join(" ", args));
        }
        assertTrue(out.toString().contains("PARAMS.json"));
        // the model names come from their one list (they were written by hand into each command's help)
        for (String[] args : new String[][] {{"mix", "--help"}, {"estimate", "--help"}, {"train", "--help"}, {"evaluate", "--help"}}) {
            out.reset();
            assertEquals(0, run(args));
            String help = out.toString().replaceAll("\\s+", " ");
            for (mixer.training.models.ModelKind k : mixer.training.models.ModelKind.values()) {
                assertTrue(help.contains(k.id()), String.join(" ", args) + " names " + k.id() + ": " + help);
            }
        }
        err.reset();
        assertEquals(2, run(), "no command is a usage error");
        assertTrue(err.toString().contains("give a command: params, render") && err.toString().contains("Usage: mixer"), err.toString());
    }

    @Test
    void invertUndoesRenderWithTheSettingsTheMixCarries() throws Exception {
        Path song = song();
        Path p = params("{\"input_gain_db\": 4, \"comp_ratio\": 3, \"high_eq_db\": -5, \"mid_eq_db\": 3, "
                + "\"low_eq_db\": 6, \"air_db\": 2, \"reverb_send\": 0.3, \"delay_send\": 0.2, "
                + "\"stereo_width\": 1.4, \"output_level_db\": -3}");
        Path mixed = dir.resolve("mixed.wav");
        Path back = dir.resolve("back.wav");
        assertEquals(0, run("render", song.toString(), "-p", p.toString(), "-o", mixed.toString(),
                "--no-limiter", "--format", "float32"), err.toString());
        // the mix carries its settings: it is its own preset
        assertEquals(0, run("invert", mixed.toString(), "-p", mixed.toString(), "-o", back.toString()), err.toString());
        assertEquals(ParamsFile.read(p), ParamsFile.read(mixed));
        assertEquals(ParamsFile.read(p), ParamsFile.read(back), "and so does what invert writes");
        out.reset();
        assertEquals(0, run("params", mixed.toString()), err.toString());
        assertTrue(out.toString().contains("comp_ratio       3.00:1") && out.toString().contains("how " + mixed + " was made"), out.toString());
        out.reset();
        assertEquals(0, run("params", mixed.toString(), "--json"), err.toString());
        assertEquals(ParamsFile.read(p), ParamsFile.parse(out.toString()));
        assertTrue(out.toString().contains("\"_rendered_by\"") && out.toString().contains("\"command\" : \"mixer render --no-limiter\""),
                out.toString());
        Audio original = AudioReader.read(song).audio();
        Audio restored = AudioReader.read(back).audio();
        Audio rendered = AudioReader.read(mixed).audio();
        assertTrue(errorDb(original, rendered) > -20, "the render changed the audio");
        assertTrue(errorDb(original, restored) < -60, "invert(render(x)) within -60 dB: " + errorDb(original, restored));
        assertFalse(err.toString().contains("safety limiter"), "made with --no-limiter: exact, nothing to say: " + err);
        // through the limiter the round trip is near only, which invert did not say (a README walk: 0.014 off, not 1e-7)
        Path limited = dir.resolve("new/folder/limited.wav"); // -o makes missing folders, as its help says
        assertEquals(0, run("render", song.toString(), "-p", p.toString(), "-o", limited.toString()), err.toString());
        err.reset();
        assertEquals(0, run("invert", limited.toString(), "-p", limited.toString(), "-o", dir.resolve("limited-back.wav").toString()), err.toString());
        assertTrue(err.toString().contains("note: " + limited + ": mixer made it through the safety limiter, which no inverse undoes"), err.toString());

        // a 16-bit file clips what the chain made louder than full scale: said, and that the levels printed are before it
        Path loud = dir.resolve("loud.json");
        Files.writeString(loud, "{\"output_level_db\": 12}");
        err.reset();
        assertEquals(0, run("render", song.toString(), "-p", loud.toString(), "--no-limiter", "--format", "pcm16", "-o",
                dir.resolve("clipped.wav").toString()), err.toString());
        assertTrue(err.toString().contains("and was clipped in") && err.toString().contains("the levels said below are the audio's "
                + "before clipping"), err.toString());

        // undoing a heavy chain on a very hot float file gave a file every mixer command then refused as damaged
        float[][] hot = SyntheticMusic.generate(1.0, 44_100, 3).stereo();
        for (float[] ch : hot) for (int i = 0; i < ch.length; i++) ch[i] *= 2e5f;
        Path hotFile = dir.resolve("hot.wav");
        AudioWriter.write(new mixer.dsp.Audio(hot, 44_100), hotFile, SampleFormat.FLOAT_32);
        Path heavy = dir.resolve("heavy.json");
        Files.writeString(heavy, "{\"input_gain_db\": -12, \"comp_ratio\": 10, \"output_level_db\": -12}");
        err.reset();
        assertEquals(1, run("invert", hotFile.toString(), "-p", heavy.toString(), "-o", dir.resolve("hot-back.wav").toString()));
        assertTrue(err.toString().contains(hotFile + ": undoing these settings peaks at") && err.toString().contains("was not written"), err.toString());
        assertFalse(Files.exists(dir.resolve("hot-back.wav")));
    }

    @Test
    void renderKeepsTheTruePeakUnderTheCeilingAndSaysSilenceInWords() throws Exception {
        Path song = song();
        Path p = params("{\"input_gain_db\": 12, \"output_level_db\": 12}");
        Path mixed = dir.resolve("hot.wav");
        assertEquals(0, run("render", song.toString(), "-p", p.toString(), "-o", mixed.toString()), err.toString());
        assertTrue(LoudnessMeter.measure(AudioReader.read(mixed).audio()).truePeakDbtp() <= -1.0 + 1e-6);
        assertTrue(out.toString().matches("(?s).*hot\\.wav: -?[0-9.]+ LUFS / -1\\.[0-9] dBTP\\R"), out.toString());
        out.reset();
        Path silent = dir.resolve("silent.wav");
        AudioWriter.write(Audio.silence(44_100, 44_100), silent, SampleFormat.PCM_16);
        assertEquals(0, run("render", silent.toString(), "-p", p.toString(), "-o", dir.resolve("silent-mix.wav").toString()), err.toString());
        assertTrue(out.toString().endsWith("silent-mix.wav: silent" + System.lineSeparator()), "no -Infinity LUFS: " + out);
        out.reset();
        assertEquals(0, run("invert", silent.toString(), "-p", p.toString(), "-o", dir.resolve("silent-raw.wav").toString()), err.toString());
        assertTrue(out.toString().endsWith("silent-raw.wav: silent" + System.lineSeparator()), "no -Infinity dBFS: " + out);
    }

    @Test
    void loudnessTableAndABadFileNamedInTheError() throws Exception {
        Path song = song();
        Path bad = dir.resolve("notes.wav");
        Files.writeString(bad, "these are not samples");
        assertEquals(1, run("loudness", song.toString(), bad.toString()));
        assertTrue(out.toString().contains("song.wav") && out.toString().contains("integrated_lufs"), out.toString());
        assertTrue(err.toString().contains("notes.wav"), err.toString());
        out.reset();
        assertEquals(1, run("loudness", bad.toString()));
        assertEquals("", out.toString(), "no table header over nothing");
    }

    @Test
    void badParametersFailWithTheReason() throws Exception {
        Path song = song();
        Path p = params("{\"comp_ratio\": 40}");
        assertEquals(1, run("render", song.toString(), "-p", p.toString(), "-o", dir.resolve("x.wav").toString()));
        assertTrue(err.toString().contains("comp_ratio") && err.toString().contains("params.json"), err.toString());
        assertFalse(Files.exists(dir.resolve("x.wav")));
        assertEquals(2, run("render", song.toString()), "missing required options is a usage error");
    }

    /**
     * `mixer dataset build --task match --reference same` without --out built into data/dataset, replacing blind restore's
     * dataset (seen by hand: "removed the renders of an earlier build in data/dataset"), under the models trained on it;
     * another task's dataset goes to data/dataset-<task>, where `mixer reproduce` keeps it.
     */
    @Test
    void aMatchDatasetDoesNotReplaceBlindRestoresByDefault() {
        DatasetCommand.Build build = new DatasetCommand.Build();
        new picocli.CommandLine(build).parseArgs("--task", "match", "--reference", "same");
        assertEquals(Path.of("data/dataset"), build.out(mixer.dataset.Task.RESTORE));
        assertEquals(Path.of("data/dataset-match-same"), build.out(mixer.dataset.Task.MATCH_SAME));
        assertEquals(Path.of("data/dataset-match-other"), build.out(mixer.dataset.Task.MATCH_OTHER));
        DatasetCommand.Build given = new DatasetCommand.Build();
        new picocli.CommandLine(given).parseArgs("--task", "match", "--out", "data/dataset");
        assertEquals(Path.of("data/dataset"), given.out(mixer.dataset.Task.MATCH_SAME), "--out wins");
        assertEquals(Path.of("data/dataset-match-other"), ReproduceCommand.Layout.of(Path.of(""), mixer.dataset.Task.MATCH_OTHER, false).dataset(),
                "reproduce's layout is the same");
    }

    @Test
    void datasetBuildThenShow() throws Exception {
        Path corpus = dir.resolve("corpus");
        for (int i = 0; i < 5; i++) {
            AudioWriter.write(SyntheticMusic.generate(3.0, 44_100, i), corpus.resolve("t" + i + ".wav"), SampleFormat.PCM_24);
        }
        Path ds = dir.resolve("ds");
        assertEquals(0, run("dataset", "build", "--from", corpus.toString(), "--out", ds.toString(),
                "--min-seconds", "2", "--validation-renders", "3"), err.toString());
        assertTrue(Files.exists(ds.resolve("manifest.csv")) && Files.exists(ds.resolve("provenance.json")));
        assertTrue(err.toString().contains("proportional splits"), err.toString());
        out.reset();
        err.reset();
        assertEquals(0, run("dataset", "show", "--manifest", ds.resolve("manifest.csv").toString()));
        assertTrue(out.toString().contains("stereo_width") && out.toString().contains("validation"));
        assertTrue(err.toString().matches("measuring the compressor in the \\d+ examples with targets \\(reading each one's audio\\)\\R"),
                "the long part says what it does: " + err);
        assertTrue(out.toString().matches("(?s).*compressor in the \\d+ examples with targets \\(restore\\): pinned at its 24 dB cap "
                + "in \\d+\\.\\d %, idle in \\d+\\.\\d %.*"), out.toString());
        assertEquals(2, run("dataset", "show", "--manifest", ds.resolve("manifest.csv").toString(), "--task", "mastering"));
        assertTrue(err.toString().contains("--task mastering"), err.toString());
        // the task is the one the dataset was built for (its provenance.json): another is refused, the same accepted
        assertEquals(2, run("dataset", "show", "--manifest", ds.resolve("manifest.csv").toString(), "--task", "estimate"));
        assertTrue(err.toString().contains("was built for restore"), err.toString());
        assertEquals(0, run("dataset", "show", "--manifest", ds.resolve("manifest.csv").toString(), "--task", "restore"));
        // an example's audio that cannot be read fails the command before any table: no half report on stdout
        Path broken;
        try (var renders = Files.list(ds.resolve("test"))) {
            broken = renders.filter(f -> f.toString().endsWith(".wav")).findFirst().orElseThrow();
        }
        byte[] kept = Files.readAllBytes(broken);
        Files.writeString(broken, "not audio");
        out.reset();
        err.reset();
        assertEquals(1, run("dataset", "show", "--manifest", ds.resolve("manifest.csv").toString()));
        assertEquals("", out.toString(), "nothing printed before the failing read");
        assertTrue(err.toString().contains(broken.getFileName().toString()), err.toString());
        Files.write(broken, kept);
        assertEquals(1, run("dataset", "show", "--manifest", dir.resolve("none.csv").toString()));
        assertTrue(err.toString().contains("mixer dataset build"), err.toString());
        err.reset();
        Path nowhere = dir.resolve("ds-of-nothing");
        assertEquals(1, run("dataset", "build", "--from", dir.resolve("no-corpus").toString(), "--out", nowhere.toString()));
        assertTrue(err.toString().contains("no-corpus: no such folder") && err.toString().contains("mixer corpus fetch"), err.toString());
        assertFalse(Files.exists(nowhere), "no output folder, no lock left behind");
    }

    /**
     * Issue 12 item 15: a folder of outside tracks as an evaluation-only dataset, or split by fractions of one's own;
     * more test renders only add rows.
     */
    @Test
    void datasetBuildPutsEveryTrackInOneSplitOrSplitsByFractions() throws Exception {
        Path corpus = dir.resolve("corpus");
        for (int i = 0; i < 5; i++) {
            AudioWriter.write(SyntheticMusic.generate(2.5, 44_100, 20 + i), corpus.resolve("t" + i + ".wav"), SampleFormat.PCM_16);
        }
        Path only = dir.resolve("only-test");
        assertEquals(0, run("dataset", "build", "--from", corpus.toString(), "--out", only.toString(), "--min-seconds", "2",
                "--split", "test"), err.toString());
        assertTrue(out.toString().contains("0 train / 5 test / 0 validation tracks, 5 examples"), out.toString());
        assertTrue(err.toString().contains("all 5 usable tracks in the test split"), err.toString());
        mixer.dataset.Manifest m = mixer.dataset.Manifest.read(only.resolve("manifest.csv"));
        assertEquals(5, m.split(mixer.dataset.Split.TEST).size());
        assertTrue(Files.readString(only.resolve("provenance.json")).contains("\"split_fractions\""));

        out.reset();
        assertEquals(0, run("dataset", "build", "--from", corpus.toString(), "--out", dir.resolve("own").toString(),
                "--min-seconds", "2", "--splits", "0.6,0.2,0.2", "--validation-renders", "1"), err.toString());
        assertTrue(out.toString().contains("3 train / 1 test / 1 validation tracks"), out.toString());
        assertTrue(err.toString().contains("splits train 0.6 / test 0.2 / validation 0.2 of 5 usable tracks"), err.toString());

        out.reset();
        assertEquals(0, run("dataset", "build", "--from", corpus.toString(), "--out", dir.resolve("three").toString(),
                "--min-seconds", "2", "--split", "test", "--test-renders", "3"), err.toString());
        assertTrue(out.toString().contains("0 train / 5 test / 0 validation tracks, 15 examples"), out.toString());
        mixer.dataset.Manifest three = mixer.dataset.Manifest.read(dir.resolve("three").resolve("manifest.csv"));
        for (mixer.dataset.Example first : m.split(mixer.dataset.Split.TEST)) { // more renders only add rows
            mixer.dataset.Example same = three.example(first.id());
            assertEquals(first.seed(), same.seed(), first.id());
            assertArrayEquals(first.targets(), same.targets(), first.id());
        }

        String[][] bad = {{"--split", "holdout"}, {"--splits", "0.6,0.6,0.05"}, {"--splits", "0.6,0.35"},
                {"--split", "test", "--splits", "0,1,0"}, {"--validation-renders", "0"}, {"--test-renders", "0"}, {"--task", "remix"}};
        for (String[] options : bad) {
            err.reset();
            String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("dataset", "build", "--from", corpus.toString(),
                    "--out", dir.resolve("bad").toString()), java.util.Arrays.stream(options)).toArray(String[]::new);
            assertEquals(2, run(args), String.join(" ", options) + " is a usage error");
            assertTrue(err.toString().contains(options[0]), "names the option: " + err);
        }
        assertFalse(Files.exists(dir.resolve("bad")), "nothing built on bad usage");
    }

    @Test
    void fewerThanOneWindowIsAUsageErrorOfEveryCommandThatHearsWindows() throws Exception {
        Path song = dir.resolve("w.wav");
        AudioWriter.write(SyntheticMusic.generate(2.0, 44_100, 5), song, SampleFormat.PCM_16);
        for (String[] command : new String[][] {{"mix", song.toString(), "-o", dir.resolve("w-mix.wav").toString()},
                {"compare", song.toString(), "--models", "baseline-cnn"}, {"features", song.toString()}}) {
            err.reset();
            String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(command), java.util.stream.Stream.of("--windows", "0"))
                    .toArray(String[]::new);
            assertEquals(2, run(args), command[0]);
            assertTrue(err.toString().contains("--windows must be at least 1, got 0"), command[0] + ": " + err);
        }
    }

    @Test
    void trainWritesABundleAndResumesAFinishedRun() throws Exception {
        Path corpus = dir.resolve("corpus");
        for (int i = 0; i < 5; i++) {
            AudioWriter.write(SyntheticMusic.generate(4.5, 44_100, 40 + i), corpus.resolve("t" + i + ".wav"), SampleFormat.PCM_24);
        }
        Path ds = dir.resolve("ds");
        assertEquals(0, run("dataset", "build", "--from", corpus.toString(), "--out", ds.toString(),
                "--min-seconds", "2", "--validation-renders", "2"), err.toString());
        String manifest = ds.resolve("manifest.csv").toString();
        Path run = dir.resolve("run"), bundle = dir.resolve("models").resolve("mlp.zip");
        String[] train = {"train", "--model", "descriptor-mlp", "--data", manifest, "--epochs", "2", "--batch", "2",
                "--out", run.toString(), "--bundle", bundle.toString()};
        out.reset();
        assertEquals(0, run(train), err.toString());
        assertTrue(out.toString().contains("best val MAE") && out.toString().contains(bundle.toString()), out.toString());
        assertTrue(out.toString().contains("output_level_db") && out.toString().contains(" dB"), "per-setting MAE in units: " + out);
        assertTrue(err.toString().contains("epoch 2/2") && err.toString().contains("val MAE"), err.toString());
        assertTrue(Files.isRegularFile(bundle));
        assertEquals(3, Files.readAllLines(run.resolve("history.csv")).size());

        String[] resume = java.util.Arrays.copyOf(train, train.length + 1);
        resume[train.length] = "--resume";
        err.reset();
        assertEquals(0, run(resume), err.toString());
        assertTrue(err.toString().contains("resuming") && err.toString().contains("after epoch 2"), err.toString());

        err.reset();
        assertEquals(1, run("train", "--model", "descriptor-mlp", "--data", manifest, "--device", "cuda",
                "--out", run.toString(), "--bundle", bundle.toString()));
        assertTrue(err.toString().contains("mixer train: --device cuda: no CUDA backend") && err.toString().contains("-Pcuda"), err.toString());
        err.reset(); // issue 16: Spark is a module of its own, which the default build leaves out
        assertEquals(1, run("train", "--model", "descriptor-mlp", "--data", manifest, "--spark", "local[2]",
                "--out", run.toString(), "--bundle", bundle.toString()));
        assertTrue(err.toString().contains("--spark local[2] needs mixer's Spark module (scale/)"), err.toString());
        err.reset();
        assertEquals(1, run("dataset", "build", "--from", corpus.toString(), "--out", dir.resolve("ds-spark").toString(),
                "--min-seconds", "2", "--spark", "local[2]"));
        assertTrue(err.toString().contains("needs mixer's Spark module"), err.toString());
        err.reset(); // a master no build carries: Spark printed its trace, then mixer's line, exit 1 (a README walk)
        assertEquals(2, run("dataset", "build", "--from", corpus.toString(), "--out", dir.resolve("ds-yarn").toString(),
                "--min-seconds", "2", "--spark", "yarn"));
        assertTrue(err.toString().contains("--spark yarn: a master is local[N] (N cores, 1 or more), local[*] or spark://HOST:PORT"), err.toString());
        assertFalse(Files.exists(dir.resolve("ds-yarn")), "nothing started");
        assertEquals(2, run("train", "--model", "resnet"), "an unknown model is a usage error");
        err.reset();
        assertEquals(1, run("train", "--model", "descriptor-mlp", "--data", dir.resolve("none.csv").toString()));
        assertTrue(err.toString().contains("none.csv") && err.toString().contains("mixer dataset build"), err.toString());

        Path aFile = Files.writeString(dir.resolve("a-file"), "not a folder"); // where a folder is needed: said, and at once
        err.reset();
        assertEquals(1, run("train", "--model", "descriptor-mlp", "--data", manifest, "--epochs", "2", "--out", dir.resolve("run2").toString(),
                "--bundle", aFile.resolve("mlp.zip").toString()));
        assertTrue(err.toString().contains("mixer train: " + aFile + " is a file, not a folder"), err.toString());
        assertFalse(Files.exists(dir.resolve("run2").resolve("history.csv")), "before the first epoch");
        err.reset();
        assertEquals(1, run("dataset", "build", "--from", corpus.toString(), "--out", aFile.toString(), "--min-seconds", "2"));
        assertTrue(err.toString().contains(aFile + " is a file, not a folder"), err.toString());
    }

    /** Issue 12 item 11: a validation row whose audio is not audio stops training with the manifest, line and example. */
    @Test
    void trainNamesTheManifestLineOfAnUnreadableValidationRow() throws Exception {
        Path corpus = dir.resolve("corpus");
        for (int i = 0; i < 4; i++) {
            AudioWriter.write(SyntheticMusic.generate(3.0, 44_100, 60 + i), corpus.resolve("t" + i + ".wav"), SampleFormat.PCM_24);
        }
        Path ds = dir.resolve("ds");
        assertEquals(0, run("dataset", "build", "--from", corpus.toString(), "--out", ds.toString(),
                "--min-seconds", "2", "--validation-renders", "1"), err.toString());
        mixer.dataset.Manifest m = mixer.dataset.Manifest.read(ds.resolve("manifest.csv"));
        mixer.dataset.Example row = m.split(mixer.dataset.Split.VALIDATION).get(0);
        Files.writeString(m.resolve(row.audio()), "not audio");
        err.reset();
        assertEquals(1, run("train", "--model", "descriptor-mlp", "--data", m.file().toString(), "--epochs", "1",
                "--out", dir.resolve("run").toString(), "--bundle", dir.resolve("m.zip").toString()));
        assertTrue(err.toString().contains(m.file() + " line " + m.line(row) + " (example '" + row.id() + "'): audio file "
                + m.resolve(row.audio())), err.toString());
    }

    @Test
    void benchTrainReportsExamplesPerSecond() {
        out.reset();
        assertEquals(0, run("bench", "train", "--model", "descriptor-mlp", "--batch", "4", "--iterations", "1", "--examples", "8"),
                err.toString());
        assertTrue(out.toString().contains("pipeline_ex_per_s") && out.toString().contains("step_ex_per_s")
                && out.toString().contains("descriptor-mlp"), out.toString());
        assertTrue(out.toString().startsWith("code: mixer ") && out.toString().contains("; DL4J 1.0.0-M2.1, "), "the code its figures belong to: " + out);
    }

    @Test
    void mixWritesTheMixAndAPresetThatRenderTurnsIntoTheSameAudio() throws Exception {
        fakeModels();
        Path song = dir.resolve("song24.wav");
        AudioWriter.write(SyntheticMusic.generate(3.5, 48_000, 9), song, SampleFormat.PCM_24);
        Path mixed = dir.resolve("mixed.wav");
        Path preset = dir.resolve("preset.json");
        assertEquals(0, run("mix", song.toString(), "--model", "baseline-cnn", "-o", mixed.toString(),
                "--params-out", preset.toString()), err.toString());
        String text = out.toString();
        assertTrue(text.contains("comp_ratio") && text.contains("3.00:1") && text.contains("+2.5 dB") && text.contains("LUFS"), text);
        var read = AudioReader.read(mixed);
        assertEquals(48_000, read.sampleRateHz(), "the song's rate");
        assertEquals(24, read.bitsPerSample(), "the song's depth");
        assertTrue(LoudnessMeter.measure(read.audio()).truePeakDbtp() <= -1.0 + 1e-3);

        // a preset is never written over an audio file: the song, the mix, or any file named as audio
        byte[] songBytes = java.nio.file.Files.readAllBytes(song), mixBytes = java.nio.file.Files.readAllBytes(mixed);
        for (Path over : new Path[] {song, mixed, dir.resolve("other.wav")}) {
            err.reset();
            assertEquals(2, run("mix", song.toString(), "--model", "baseline-cnn", "-o", mixed.toString(), "--params-out", over.toString()));
            assertTrue(err.toString().contains(over + (over.equals(dir.resolve("other.wav")) ? ": a preset is JSON" : " would be written over ")), err.toString());
        }
        assertArrayEquals(songBytes, java.nio.file.Files.readAllBytes(song), "the song untouched");
        assertArrayEquals(mixBytes, java.nio.file.Files.readAllBytes(mixed), "the mix untouched");
        assertFalse(java.nio.file.Files.exists(dir.resolve("other.wav")));

        // render with the preset, or with the mix itself as the preset (it carries its settings): the same samples
        for (Path settings : new Path[] {preset, mixed}) {
            Path again = dir.resolve("again.wav");
            assertEquals(0, run("render", song.toString(), "-p", settings.toString(), "-o", again.toString()), err.toString());
            var rendered = AudioReader.read(again);
            assertEquals(24, rendered.bitsPerSample());
            for (int ch = 0; ch < 2; ch++) {
                assertArrayEquals(read.audio().stereo()[ch], rendered.audio().stereo()[ch], "render -p " + settings.getFileName());
            }
        }
    }

    /**
     * The restore input of 8 s of synthetic music: --refine brings the reverb send predicted 0.3 off back and the delay send
     * halfway to its root raised by its bias (RefinerTest: the roots within 0.014 and 0.024), then the output level predicted
     * 6 dB low three quarters of the way toward where finished tracks peak.
     */
    @Test
    void mixRefineSetsTheSendsWhereTheirSignaturesVanishAndSaysSo() throws Exception {
        double[] truth = {0.6, 0.55, 0.4, 0.6, 0.45, 0.55, 0.45, 0.5, 0.6, 0.4};
        double[] off = truth.clone();
        off[Param.DELAY_SEND.ordinal()] += 0.3;
        off[Param.REVERB_SEND.ordinal()] -= 0.3;
        off[Param.OUTPUT_LEVEL_DB.ordinal()] -= 0.25; // 6 dB too low: the mix peaks that much lower than the song did
        cli.models = d -> new Predictors(d).with(new ConstantPredictor("baseline-cnn", MixSettings.ofNormalized(off)));
        Path song = dir.resolve("heard.wav");
        AudioWriter.write(mixer.dataset.Task.RESTORE.input(SyntheticMusic.generate(8, 44_100, 5), MixSettings.ofNormalized(truth)),
                song, SampleFormat.FLOAT_32);
        Path preset = dir.resolve("refined.json");
        assertEquals(0, run("mix", song.toString(), "--model", "baseline-cnn", "--refine", "--no-limiter", "--format", "float32",
                "-o", dir.resolve("refined.wav").toString(), "--params-out", preset.toString()), err.toString());
        assertTrue(out.toString().contains("refined") && out.toString().contains("applied"), out.toString());
        assertTrue(err.toString().contains("note: " + song + ": refined with the exact chain: delay_send 0.400 -> "), err.toString());
        MixSettings applied = ParamsFile.read(preset);
        double raise = Refiner.DELAY_ROOT_BIAS_SEND / (Param.DELAY_SEND.max - Param.DELAY_SEND.min);
        double halfway = 0.5 * (truth[Param.DELAY_SEND.ordinal()] + raise + off[Param.DELAY_SEND.ordinal()]);
        assertEquals(halfway, applied.normalized(Param.DELAY_SEND), 0.01, "the delay halfway between prediction and its raised root");
        assertEquals(truth[Param.REVERB_SEND.ordinal()], applied.normalized(Param.REVERB_SEND), 0.035);
        assertEquals(MixSettings.ofNormalized(off).get(Param.STEREO_WIDTH), applied.get(Param.STEREO_WIDTH), "the rest as predicted");
        // last, the output level moved toward where finished tracks peak, from the whole mix's true peak with the sends refined
        double predictedLevel = MixSettings.ofNormalized(off).get(Param.OUTPUT_LEVEL_DB);
        double peak = TruePeakMeter.measureDbtp(Renderer.render(AudioReader.read(song).audio(), applied.with(Param.OUTPUT_LEVEL_DB, predictedLevel), false));
        assertEquals(predictedLevel + FinishedLevel.PEAK_PULL * (FinishedLevel.MEDIAN_TRUE_PEAK_DBTP - peak), applied.get(Param.OUTPUT_LEVEL_DB), 1e-6);
        assertTrue(applied.get(Param.OUTPUT_LEVEL_DB) - predictedLevel > 3, "a mix peaking low is raised: " + peak);
        assertTrue(err.toString().contains(String.format(java.util.Locale.ROOT, "output_level_db %+.1f -> %+.1f dB (toward where finished tracks peak",
                predictedLevel, applied.get(Param.OUTPUT_LEVEL_DB))), err.toString());
        assertTrue(Files.readString(preset).contains("\"refine\" : true"), Files.readString(preset));
    }

    @Test
    void mixAmountZeroIsTheNeutralChainAndATargetSetsTheLevel() throws Exception {
        fakeModels();
        Path song = song();
        Path neutral = dir.resolve("neutral.wav");
        assertEquals(0, run("mix", song.toString(), "--model", "baseline-cnn", "--amount", "0", "--no-limiter",
                "-o", neutral.toString()), err.toString());
        assertTrue(out.toString().contains("applied"), "predicted and applied differ: both shown");
        assertTrue(err.toString().contains("every setting then 0 % of the way from neutral (--amount 0.0)"), err.toString());
        assertTrue(errorDb(AudioReader.read(song).audio(), AudioReader.read(neutral).audio()) < -100, "neutral leaves the song as it is");

        Path loud = dir.resolve("loud.wav");
        assertEquals(0, run("mix", song.toString(), "--model", "baseline-cnn", "--target-lufs", "-20", "--no-limiter",
                "-o", loud.toString()), err.toString());
        assertEquals(-20, LoudnessMeter.measure(AudioReader.read(loud).audio()).integratedLufs(), 0.1);
        assertFalse(err.toString().contains("not the -20.0 asked"), err.toString());

        Path louder = dir.resolve("louder.wav"); // with the limiter, a target louder than it lets through is missed: said
        err.reset();
        assertEquals(0, run("mix", song.toString(), "--model", "baseline-cnn", "--target-lufs", "-3", "-o", louder.toString()), err.toString());
        double written = LoudnessMeter.measure(AudioReader.read(louder).audio()).integratedLufs();
        assertTrue(written < -4, "the limiter took it down: " + written);
        assertTrue(err.toString().contains(louder + " is ") && err.toString().contains("not the -3.0 asked")
                && err.toString().contains("--no-limiter keeps the level"), err.toString());
    }

    @Test
    void mixABatchSkipsACorruptFileAndFinishesTheRest() throws Exception {
        fakeModels();
        Path songs = Files.createDirectories(dir.resolve("songs/live"));
        AudioWriter.write(SyntheticMusic.generate(2, 44_100, 1), dir.resolve("songs/a.wav"), SampleFormat.PCM_16);
        Files.writeString(dir.resolve("songs/b.flac"), "not a flac file");
        AudioWriter.write(SyntheticMusic.generate(2, 44_100, 2), songs.resolve("c.wav"), SampleFormat.PCM_16);
        Path outDir = dir.resolve("out");
        assertEquals(1, run("mix", dir.resolve("songs").toString(), "--model", "baseline-cnn", "--out-dir", outDir.toString(),
                "--save-params"));
        assertTrue(Files.exists(outDir.resolve("a.wav")) && Files.exists(outDir.resolve("live/c.wav")));
        assertTrue(Files.exists(outDir.resolve("a.json")) && Files.exists(outDir.resolve("live/c.json")));
        assertFalse(Files.exists(outDir.resolve("b.wav")));
        assertTrue(err.toString().contains("b.flac") && err.toString().contains("skipped"), err.toString());
        assertTrue(err.toString().contains("3/3"), "progress: " + err);
        assertTrue(out.toString().contains("mixed 2 of 3 songs"), out.toString());
        assertFalse(err.toString().contains("\tat "), "no trace without MIXER_DEBUG: " + err);

        err.reset(); // two batches into one folder wrote each other's mixes, each saying it had mixed them all
        try (mixer.dsp.io.FolderLock busy = mixer.dsp.io.FolderLock.take(outDir, "mixing 3 song(s)")) {
            assertEquals(1, run("mix", dir.resolve("songs").toString(), "--model", "baseline-cnn", "--out-dir", outDir.toString()));
        }
        assertTrue(err.toString().contains(outDir + ": another mixer is writing here"), err.toString());
        err.reset(); // run again (after an interruption, say): every song is mixed again, and that is said
        assertEquals(1, run("mix", dir.resolve("songs").toString(), "--model", "baseline-cnn", "--out-dir", outDir.toString()));
        assertTrue(err.toString().contains("note: 2 of the 3 mixes are in " + outDir + " from before and are made again"), err.toString());

        err.reset(); // MIXER_DEBUG=1: the skipped song's trace too, as for a failure that stops a command
        Main.debug = true;
        try {
            assertEquals(1, run("mix", dir.resolve("songs").toString(), "--model", "baseline-cnn", "--out-dir",
                    dir.resolve("out2").toString()));
        } finally {
            Main.debug = false;
        }
        assertTrue(err.toString().contains("b.flac") && err.toString().contains("\tat mixer."), err.toString());
    }

    /**
     * A silent song, or one too short for BS.1770 to measure, is mixed (the mix is harmless) with a warning that the model
     * heard next to nothing; a song shorter than one window gets a note; "silent" is said only of silence.
     */
    @Test
    void mixSaysWhenTheModelHeardNearSilenceOrAPaddedWindow() throws Exception {
        fakeModels();
        Path songs = Files.createDirectories(dir.resolve("songs"));
        AudioWriter.write(Audio.silence(44_100, 44_100), songs.resolve("silent.wav"), SampleFormat.PCM_16);
        AudioWriter.write(SyntheticMusic.generate(0.2, 44_100, 1), songs.resolve("blip.wav"), SampleFormat.PCM_16);
        AudioWriter.write(SyntheticMusic.generate(2, 44_100, 2), songs.resolve("short.wav"), SampleFormat.PCM_16);
        assertEquals(0, run("mix", songs.toString(), "--model", "baseline-cnn", "--out-dir", dir.resolve("out").toString()), err.toString());
        String warning = ": no 400 ms of it reaches -70 LUFS (silent, too quiet, or shorter than 0.4 s): the settings are the model's guess";
        assertTrue(err.toString().contains("warning: " + songs.resolve("silent.wav") + warning), err.toString());
        assertTrue(err.toString().contains("warning: " + songs.resolve("blip.wav") + warning), err.toString());
        assertTrue(err.toString().contains("note: " + songs.resolve("short.wav") + ": shorter than one 2.995 s window"), err.toString());
        assertFalse(err.toString().contains(songs.resolve("short.wav") + warning), err.toString());
        assertTrue(out.toString().contains("loudness silent -> silent") && out.toString().contains("loudness unmeasured / "), out.toString());
    }

    @Test
    void mixWithoutATrainedModelSaysHowToGetOne() throws Exception {
        Path song = song();
        assertEquals(1, run("mix", song.toString(), "--model", "ast", "--models-dir", dir.resolve("models").toString(),
                "-o", dir.resolve("x.wav").toString()));
        assertTrue(err.toString().contains("no trained model 'ast' in") && err.toString().contains("mixer train --model ast"),
                err.toString());
        assertFalse(Files.exists(dir.resolve("x.wav")));
        assertEquals(2, run("mix", song.toString(), "-o", "a.wav", "--out-dir", "b"), "-o and --out-dir");
        assertEquals(2, run("mix", song.toString(), "--amount", "1.5"), "amount outside 0 … 1");
    }

    @Test
    void compareTabulatesEachModelAndDrawsTheChart() throws Exception {
        fakeModels();
        Path song = song();
        Path png = dir.resolve("cmp.png");
        // a model asked for by name that is not there: the others compared, and exit 1 (it was 0), as for a batch's song
        assertEquals(1, run("compare", song.toString(), "--models", "baseline-cnn,bright,ast", "--chart", png.toString(),
                "--models-dir", dir.resolve("models").toString(), "--out-dir", dir.resolve("mixes").toString()), err.toString());
        String text = out.toString();
        assertTrue(text.contains("baseline-cnn") && text.contains("bright") && text.contains("integrated_lufs")
                && text.contains("true_peak_dbtp") && text.contains("+9.0 dB"), text);
        assertTrue(err.toString().contains("no trained model 'ast'") && err.toString().contains("left out"), err.toString());
        assertTrue(err.toString().contains("1/2 mixing with bright"), "a model at a time, said: " + err);
        assertTrue(Files.size(png) > 10_000, "a PNG chart");
        assertTrue(Files.exists(dir.resolve("mixes/song.bright.wav")));
        MixSettings bright = mixer.dsp.params.ParamsFile.read(dir.resolve("mixes/song.bright.wav")); // each mix says how it was made
        assertEquals(9.0, bright.get(mixer.dsp.params.Param.HIGH_EQ_DB), 1e-9);
        assertTrue(mixer.dsp.io.WavComment.read(dir.resolve("mixes/song.bright.wav")).orElseThrow().contains("\"command\" : \"mixer compare\""));
        assertEquals(1, run("compare", song.toString(), "--models", "ast", "--models-dir", dir.resolve("models").toString()));
        // the default list's untrained models are left out as a matter of course
        assertEquals(0, run("compare", song.toString(), "--chart", dir.resolve("c1.png").toString(), "--models-dir",
                dir.resolve("models").toString()), err.toString());
        Path broken = Files.writeString(dir.resolve("broken.zip"), "not a bundle"); // a file that cannot be read: a failure
        assertEquals(1, run("compare", song.toString(), "--models", "baseline-cnn," + broken, "--chart",
                dir.resolve("c3.png").toString()), err.toString());
        // a typo was left out as if untrained, and the comparison went on (exit 0): it is bad usage, as in `mixer mix`
        err.reset();
        assertEquals(2, run("compare", song.toString(), "--models", "baseline-cnn,bright,asst", "--chart", dir.resolve("c2.png").toString(),
                "--models-dir", dir.resolve("models").toString()));
        assertTrue(err.toString().contains("unknown model 'asst'"), err.toString());
        err.reset(); // a file of another kind as the model was "unknown model", as if it were a typo of a name
        assertEquals(2, run("compare", song.toString(), "--models", song.toString(), "--chart", dir.resolve("c4.png").toString()));
        assertTrue(err.toString().contains(song + ": not a model file"), err.toString());
    }

    @Test
    void benchMixRunsAndSaysItsPredictorIsUntrained() {
        // a smoke test on 4 s of audio: the benchmark's figures come from `mixer bench mix`, never from a test
        assertEquals(0, run("bench", "mix", "--seconds", "4", "--repeats", "1", "--warmups", "0", "--windows", "2"), err.toString());
        String text = out.toString();
        assertTrue(text.contains("UNTRAINED CNN") && text.contains("end to end") && text.contains("peak heap"), text);
        assertTrue(text.startsWith("code: mixer ") && text.contains(mixer.dsp.provenance.Provenance.currentGitCommit()), text);
        assertTrue(text.contains("settings (decode, 10 stages: the mix's loudness"), "the level rule's pass is timed: " + text);
        assertTrue(text.contains("read 1 window"), "a 4 s song has one whole window: " + text);
        assertTrue(text.contains("not judged on a song under 3 minutes"), "a short song's time does not scale to 3 minutes: " + text);
    }

    @Test
    void sameDiffsChatterIsDroppedFromStdoutAndEverythingElseKept() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        java.io.PrintStream filtered = new Main.WithoutSameDiffChatter(new java.io.PrintStream(bytes, true));
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
        assertEquals(0, run("dataset", "build", "--from", corpus.toString(), "--out", dir.resolve("ds").toString(),
                "--min-seconds", "2", "--validation-renders", "1"));
        assertEquals(1, run("evaluate", "--data", dir.resolve("ds/manifest.csv").toString(), "--models-dir", dir.resolve("none").toString()));
        assertTrue(err.toString().contains("no trained models"), err.toString());
        assertTrue(err.toString().contains("mixer reproduce"), err.toString());
        assertFalse(err.toString().contains("--quick"), err.toString());
        Path quickOnly = Files.createDirectories(dir.resolve("quick-only"));
        Files.writeString(quickOnly.resolve("ast-quick.zip"), "a quick run's bundle");
        err.reset();
        assertEquals(1, run("evaluate", "--data", dir.resolve("ds/manifest.csv").toString(), "--models-dir", quickOnly.toString()));
        assertTrue(err.toString().contains("a --quick run's models are there: score them with --quick"), err.toString());
        err.reset();
        assertEquals(1, run("evaluate", "--data", dir.resolve("ds/manifest.csv").toString(), "--models-dir",
                dir.resolve("empty").toString(), "--quick"));
        assertTrue(err.toString().contains("`mixer train --model baseline-cnn --quick --data " + dir.resolve("ds/manifest.csv")
                + " --bundle " + dir.resolve("empty/baseline-cnn-quick.zip") + "`") && err.toString().contains("`mixer reproduce --quick`"),
                "--quick asked, --quick advised, into the folder scored: " + err);
    }

    @Test
    void reproduceAndCorpusHaveHelp() {
        assertEquals(0, run("reproduce", "--help"));
        assertEquals(0, run("corpus", "fetch", "--help"));
        assertTrue(out.toString().contains("--quick"));
        assertTrue(out.toString().contains("--limit"));
    }

    /** Options no run can use are refused before any work: nothing fetched, built or trained, and an empty table is no answer. */
    @Test
    void optionsNoRunCanUseAreRefusedBeforeAnyWork() {
        Path work = dir.resolve("never");
        assertEquals(2, run("reproduce", "--epochs", "0", "--task", "restore", "--dir", work.toString()));
        assertTrue(err.toString().contains("--epochs 0: train at least one epoch"), err.toString());
        for (String task : new String[] {"estimate", "mastering"}) {
            err.reset();
            assertEquals(2, run("reproduce", "--task", task, "--dir", work.toString()));
            assertTrue(err.toString().contains("--task " + task + ": reproduce runs restore, match-other or match-same"), err.toString());
        }
        assertFalse(Files.exists(work), "nothing fetched or written");
        err.reset();
        assertEquals(2, run("corpus", "fetch", "--dir", work.toString(), "--limit", "0"));
        assertTrue(err.toString().contains("--limit 0: keep at least one track"), err.toString());
        err.reset();
        assertEquals(2, run("bench", "train", "--model", "ast-quick", "--iterations", "1"));
        assertTrue(err.toString().contains("--model ast-quick: unknown") && err.toString().contains("descriptor-mlp"), err.toString());
        assertEquals(2, run("bench", "train", "--task", "mastering", "--iterations", "1"));
        assertEquals(2, run("bench", "train", "--examples", "0"));
        assertFalse(Files.exists(work));
    }

    // ---- issue 12: no silent damage, no lost input, any length and any rate ----

    @Test
    void nanSamplesAreAnErrorNamingTheFileAndFrameAndNothingIsWritten() throws Exception {
        fakeModels();
        Audio music = SyntheticMusic.generate(2.0, 44_100, 7);
        for (int i = 0; i < 10; i++) music.left()[30_000 + i] = Float.NaN;
        Path bad = dir.resolve("nan.wav");
        AudioWriter.write(music, bad, SampleFormat.FLOAT_32);
        Path p = params("{\"comp_ratio\": 4, \"reverb_send\": 0.2}");
        for (String format : new String[] {"float32", "pcm16"}) {
            err.reset();
            Path out = dir.resolve("out-" + format + ".wav");
            assertEquals(1, run("render", bad.toString(), "-p", p.toString(), "-o", out.toString(), "--format", format));
            assertTrue(err.toString().contains("nan.wav") && err.toString().contains("NaN") && err.toString().contains("frame 30000"),
                    err.toString());
            assertFalse(Files.exists(out), "no output from damaged input");
        }
        err.reset();
        assertEquals(1, run("invert", bad.toString(), "-p", p.toString(), "-o", dir.resolve("inv.wav").toString()));
        assertTrue(err.toString().contains("frame 30000"), err.toString());
        // a batch reports it as failed and mixes the rest
        Path songs = Files.createDirectories(dir.resolve("songs"));
        Files.copy(bad, songs.resolve("a-nan.wav"));
        AudioWriter.write(SyntheticMusic.generate(2.0, 44_100, 8), songs.resolve("b.wav"), SampleFormat.PCM_16);
        out.reset();
        assertEquals(1, run("mix", songs.toString(), "--model", "baseline-cnn", "--out-dir", dir.resolve("mixes").toString()));
        assertTrue(out.toString().contains("mixed 1 of 2 songs"), out.toString());
        assertFalse(Files.exists(dir.resolve("mixes/a-nan.wav")));
        assertTrue(Files.exists(dir.resolve("mixes/b.wav")));
    }

    @Test
    void renderAndInvertNeverWriteOverTheirInput() throws Exception {
        Path song = dir.resolve("same.wav");
        AudioWriter.write(SyntheticMusic.generate(1.0, 44_100, 3), song, SampleFormat.PCM_16);
        Files.setPosixFilePermissions(song, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        byte[] before = Files.readAllBytes(song);
        Path p = params("{\"high_eq_db\": 3}");
        String[] names = {song.toString(), dir.resolve(".").resolve("same.wav").toString(), dir.resolve("x/../same.wav").toString()};
        for (String command : new String[] {"render", "invert"}) {
            for (String name : names) {
                err.reset();
                assertEquals(2, run(command, song.toString(), "-p", p.toString(), "-o", name), command + " -o " + name);
                assertTrue(err.toString().contains(name + " would be written over " + song), err.toString());
            }
        }
        Path mix = dir.resolve("mix.wav"); // a mix carries its settings: given as -p it is read, and never written over
        assertEquals(0, run("render", song.toString(), "-p", p.toString(), "-o", mix.toString()), err.toString());
        byte[] mixed = Files.readAllBytes(mix);
        for (String command : new String[] {"render", "invert"}) {
            err.reset();
            assertEquals(2, run(command, song.toString(), "-p", mix.toString(), "-o", dir.resolve("x/../mix.wav").toString()), command);
            assertTrue(err.toString().contains("would be written over " + mix), err.toString());
        }
        assertArrayEquals(mixed, Files.readAllBytes(mix));
        Path link = Files.createSymbolicLink(dir.resolve("link.wav"), song);
        assertEquals(2, run("render", song.toString(), "-p", p.toString(), "-o", link.toString()), "a link to the input");
        assertArrayEquals(before, Files.readAllBytes(song), "the input is untouched");
        assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(song)));
        Path out = dir.resolve("new.wav");
        assertEquals(0, run("render", song.toString(), "-p", p.toString(), "-o", out.toString()), err.toString());
        assertEquals(Files.getPosixFilePermissions(Files.createFile(dir.resolve("plain"))), Files.getPosixFilePermissions(out),
                "written with the umask's permissions, like any new file");
    }

    @Test
    void everyRateFrom8To192KilohertzRendersInvertsAndMixes() throws Exception {
        fakeModels();
        Path airy = params("{\"air_db\": 6, \"high_eq_db\": 3, \"comp_ratio\": 3}");
        for (int rate : new int[] {8_000, 11_025, 22_050, 24_000, 32_000, 96_000, 192_000}) {
            Path song = dir.resolve("song-" + rate + ".wav");
            AudioWriter.write(SyntheticMusic.generate(3.5, rate, 5), song, SampleFormat.PCM_24);
            Path mixed = dir.resolve("mixed-" + rate + ".wav"), back = dir.resolve("back-" + rate + ".wav");
            err.reset();
            assertEquals(0, run("render", song.toString(), "-p", airy.toString(), "-o", mixed.toString(), "--no-limiter",
                    "--format", "float32"), rate + ": " + err);
            boolean bypassesAir = rate <= 24_000;
            assertEquals(bypassesAir, err.toString().contains("note: " + song + ": air_db = 6 dB not applied"), rate + ": " + err);
            assertEquals(rate <= 8_000, err.toString().contains("high_eq_db = 3 dB not applied"), rate + ": " + err);
            assertEquals(0, run("invert", mixed.toString(), "-p", airy.toString(), "-o", back.toString()), rate + ": " + err);
            assertTrue(errorDb(AudioReader.read(song).audio(), AudioReader.read(back).audio()) < -60, rate + " Hz: the inverse undoes it");
            Path mix = dir.resolve("mix-" + rate + ".wav"), preset = dir.resolve("mix-" + rate + ".json");
            err.reset();
            assertEquals(0, run("mix", song.toString(), "--model", "bright", "-o", mix.toString(), "--params-out", preset.toString()),
                    rate + ": " + err);
            assertEquals(rate, AudioReader.read(mix).sampleRateHz());
            assertEquals(rate < 32_000, err.toString().contains("below the 32000-48000 Hz the models learnt from"), rate + ": " + err);
            String json = Files.readString(preset);
            assertEquals(bypassesAir, json.contains("\"notes\"") && json.contains("air_db = 6 dB not applied"), json);
            assertEquals(bypassesAir, json.contains("\"air_db\" : 0.0"), "the preset holds what was applied: " + json);
        }
    }

    @Test
    void monoIsMeasuredAsMonoAndMixedToStereo() throws Exception {
        fakeModels();
        Audio stereo = SyntheticMusic.generate(4.0, 44_100, 2);
        Path monoFile = dir.resolve("mono.wav");
        java.io.ByteArrayOutputStream pcm = new java.io.ByteArrayOutputStream();
        for (float v : stereo.left()) {
            short q = (short) Math.round(v * 32767);
            pcm.write(q & 0xff);
            pcm.write(q >> 8 & 0xff);
        }
        javax.sound.sampled.AudioFormat fmt = new javax.sound.sampled.AudioFormat(44_100, 16, 1, true, false);
        javax.sound.sampled.AudioSystem.write(new javax.sound.sampled.AudioInputStream(new java.io.ByteArrayInputStream(pcm.toByteArray()),
                fmt, stereo.frames()), javax.sound.sampled.AudioFileFormat.Type.WAVE, monoFile.toFile());
        Path dualMono = dir.resolve("dual.wav");
        AudioWriter.write(AudioReader.read(monoFile).audio(), dualMono, SampleFormat.PCM_16);
        out.reset();
        assertEquals(0, run("loudness", monoFile.toString(), dualMono.toString()), err.toString());
        String[] lines = out.toString().split("\\R");
        double mono = lufsOf(lines, "mono.wav"), dual = lufsOf(lines, "dual.wav");
        assertEquals(dual - 3.0, mono, 0.11, "one channel, not dual mono: " + out);
        Path mixed = dir.resolve("mono-mix.wav");
        assertEquals(0, run("mix", monoFile.toString(), "--model", "baseline-cnn", "-o", mixed.toString()), err.toString());
        assertEquals(2, AudioReader.read(mixed).sourceChannels(), "the mix is stereo (the reverb spreads it)");
    }

    private static double lufsOf(String[] tableLines, String file) {
        for (String line : tableLines) {
            if (line.contains(file)) return Double.parseDouble(line.trim().split("\\s+")[4]);
        }
        throw new AssertionError(file + " not in the table");
    }

    @Test
    void loudnessTakesAFolder() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("album/disc1"));
        AudioWriter.write(SyntheticMusic.generate(1.0, 44_100, 1), folder.resolve("a.wav"), SampleFormat.PCM_16);
        AudioWriter.write(SyntheticMusic.generate(1.0, 48_000, 2), dir.resolve("album/b.wav"), SampleFormat.PCM_24);
        Files.writeString(dir.resolve("album/notes.txt"), "not audio, not looked at");
        assertEquals(0, run("loudness", dir.resolve("album").toString()), err.toString());
        assertTrue(out.toString().contains("a.wav") && out.toString().contains("b.wav") && !out.toString().contains("notes.txt"), out.toString());
        assertEquals(1, run("loudness", Files.createDirectories(dir.resolve("empty")).toString()));
        assertTrue(err.toString().contains("no audio files in this folder"), err.toString());

        // a link to a file that is gone was passed over without a word; it is reported, and the rest measured
        Files.createSymbolicLink(dir.resolve("album/gone.wav"), dir.resolve("nowhere.wav"));
        err.reset();
        out.reset();
        assertEquals(1, run("loudness", dir.resolve("album").toString()));
        assertTrue(err.toString().contains("gone.wav"), err.toString());
        assertTrue(out.toString().contains("a.wav") && out.toString().contains("b.wav"), out.toString());
    }

    @Test
    void usageMistakesAreUsageErrorsWithAClearSentence() throws Exception {
        fakeModels();
        Path song = song();
        assertEquals(2, run("mix", song.toString(), "--model", "foo", "-o", dir.resolve("x.wav").toString()), "unknown model, as in train");
        assertTrue(err.toString().contains("unknown model 'foo'"), err.toString());
        err.reset();
        Path songs = Files.createDirectories(dir.resolve("songs"));
        AudioWriter.write(SyntheticMusic.generate(1.0, 44_100, 1), songs.resolve("a.flac.wav"), SampleFormat.PCM_16);
        assertEquals(2, run("mix", songs.toString(), "--model", "baseline-cnn", "--out-dir", songs.toString()));
        assertTrue(err.toString().contains("the output folder " + songs + " is this folder"), err.toString());
        err.reset();
        assertEquals(1, run("render", song.toString(), "-p", dir.toString(), "-o", dir.resolve("y.wav").toString()));
        assertTrue(err.toString().contains("is a folder, not a parameters file"), err.toString());
        err.reset();
        Path mono = params("{\"stereo_width\": 0}");
        assertEquals(1, run("invert", song.toString(), "-p", mono.toString(), "-o", dir.resolve("z.wav").toString()));
        assertTrue(err.toString().contains("params.json") && err.toString().contains("stereo_width = 0 cannot be undone"), err.toString());
        err.reset();

        // a usage error is its sentence and where help is, not the whole help under it
        assertEquals(2, run("mix", song.toString(), "--amout", "3"));
        assertTrue(err.toString().contains("Unknown option: '--amout'") && err.toString().contains("--amount")
                && err.toString().contains("mixer mix --help shows every option") && !err.toString().contains("Usage:"), err.toString());
        err.reset();

        // a file named -x.wav is taken for an option; picocli said only that the song was missing
        assertEquals(2, run("loudness", "-dash.wav"));
        assertTrue(err.toString().contains("-dash.wav was read as an option: for a file whose name starts with -, write ./-dash.wav"), err.toString());
        err.reset();

        // an empty name (an unset shell variable) was the current folder: `mix ""` mixed every song below it
        for (String[] args : new String[][] {{"mix", "", "--model", "baseline-cnn"}, {"loudness", ""},
                {"render", song.toString(), "-p", song.toString(), "-o", ""}}) {
            assertEquals(2, run(args), String.join(" ", args) + ": " + err);
            assertTrue(err.toString().contains("an empty file name (an unset shell variable?)"), err.toString());
            err.reset();
        }

        // outputs that would go over an input, or cannot be a file of their kind, are refused before any work
        Path bundle = Files.writeString(dir.resolve("model.zip"), "PK not really a zip");
        Path ensemble = Files.writeString(dir.resolve("ensemble.json"), "{\"members\": []}");
        Path notPng = Files.writeString(dir.resolve("notes.png"), "not a chart");
        Path neutral = Files.writeString(dir.resolve("neutral.json"), "{}");
        String[][] refused = {
                {"compare", song.toString(), "--models", "baseline-cnn", "--chart", song.toString()},
                {"compare", song.toString(), "--models", "baseline-cnn", "--chart", dir.resolve("chart.wav").toString()},
                {"compare", song.toString(), "--models", "baseline-cnn", "--chart", dir.toString()},
                {"mix", song.toString(), "--model", "baseline-cnn", "-o", dir.toString()},
                {"mix", song.toString(), "--model", "baseline-cnn", "-o", dir.resolve("x").toString(), "--save-params"},
                {"mix", song.toString(), "--model", "baseline-cnn", "-o", dir.resolve("y.wav").toString(), "--params-out", dir.toString()},
                // a model bundle, an ensemble's JSON or a note as the chart or preset was written over, exit 0 (a helper's walk)
                {"compare", song.toString(), "--models", "baseline-cnn", "--chart", bundle.toString()},
                {"compare", song.toString(), "--models", "baseline-cnn", "--chart", dir.resolve("c.txt").toString()},
                {"compare", song.toString(), "--models", "baseline-cnn", "--chart", notPng.toString()},
                {"mix", song.toString(), "--model", "baseline-cnn", "-o", dir.resolve("y.wav").toString(), "--params-out", ensemble.toString()},
                {"mix", song.toString(), "--model", "baseline-cnn", "-o", dir.resolve("y.wav").toString(), "--params-out", bundle.toString()},
                // render and invert found these only when they wrote (exit 1), and compare after every mix was made
                {"render", song.toString(), "-p", neutral.toString(), "-o", dir.toString()},
                {"render", song.toString(), "-p", neutral.toString(), "-o", dir.resolve("y.mp3").toString()},
                {"invert", song.toString(), "-p", neutral.toString(), "-o", dir.toString()},
                {"compare", song.toString(), "--models", "baseline-cnn", "--chart", dir.resolve("c9.png").toString(), "--out-dir", song.toString()}};
        for (String[] args : refused) {
            long before = Files.size(song);
            assertEquals(2, run(args), String.join(" ", args) + ": " + err);
            assertEquals(before, Files.size(song));
            assertTrue(err.toString().contains("would be written over") || err.toString().contains("is a folder")
                            || err.toString().contains("name it") || err.toString().contains("name the file")
                            || err.toString().contains("exists and is not a") || err.toString().contains("names a folder"),
                    String.join(" ", args) + ": " + err);
            err.reset();
        }
        assertFalse(Files.exists(dir.resolve("y.wav")));
        assertEquals("PK", Files.readString(bundle).substring(0, 2), "the bundle as it was");
        assertEquals("{\"members\": []}", Files.readString(ensemble));
        assertEquals("not a chart", Files.readString(notPng));

        // a preset or chart mixer wrote before is replaced, as any output is
        Path preset = dir.resolve("again.json");
        Path chart = dir.resolve("again.png");
        for (int i = 0; i < 2; i++) {
            assertEquals(0, run("mix", song.toString(), "--model", "baseline-cnn", "-o", dir.resolve("again.wav").toString(),
                    "--params-out", preset.toString()), err.toString());
            assertEquals(0, run("compare", song.toString(), "--models", "baseline-cnn", "--chart", chart.toString()), err.toString());
        }
    }

    @Test
    void noFormatWarningsFromPicocli() {
        for (String[] args : new String[][] {{}, {"--help"}, {"foo"}, {"evaluate", "--help"}, {"mix", "--help"}, {"dataset", "build", "--help"}}) {
            err.reset();
            run(args);
            assertFalse(err.toString().contains("WARN"), String.join(" ", args) + ": " + err);
        }
    }

    /**
     * The heap stays bounded whatever the length: a 6-minute 48 kHz song (132 MiB as float arrays, the
     * way it was held before streaming) renders in a JVM with a 40 MiB heap and mixes in one of 64 MiB
     * (the 16 windows the model hears are 18 MiB).
     */
    @Test
    void aLongSongRendersAndMixesInASmallHeap() throws Exception {
        Path song = dir.resolve("long.wav");
        try (var source = SyntheticMusic.source(360, 48_000, 3);
             var w = AudioWriter.open(song, SampleFormat.PCM_16, 48_000, source.frames())) {
            float[][] block = new float[2][1 << 16];
            for (int n; (n = source.read(block, 0, block.length == 0 ? 0 : block[0].length)) > 0; ) w.write(block, 0, n);
            w.commit();
        }
        Path p = params("{\"comp_ratio\": 3, \"reverb_send\": 0.2, \"delay_send\": 0.1}");
        Child render = Child.run("-Xmx40m", Main.class, "render", song.toString(), "-p", p.toString(), "-o", dir.resolve("r.wav").toString());
        assertEquals(0, render.code(), render.output());
        // 96 MiB: feature version 2 transforms whole 3 s windows (double precision, for the exact delay lag), two windows
        // at a time; version 1 mixed this song in 64 MiB. Either way the heap does not grow with the song.
        Child mix = Child.run("-Xmx96m", ConstantModelMix.class, "mix", song.toString(), "--model", "baseline-cnn",
                "-o", dir.resolve("m.wav").toString());
        assertEquals(0, mix.code(), mix.output());
        assertEquals(360.0, AudioReader.read(dir.resolve("m.wav")).audio().durationSeconds(), 1e-6);
    }

    /** `mixer mix` with the test's constant model, in a JVM of its own. */
    public static final class ConstantModelMix {
        public static void main(String[] args) {
            System.exit(Main.execute(new Main(d -> new Predictors(d).with(new ConstantPredictor("baseline-cnn", MODEL_SETTINGS))),
                    new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true), args));
        }
    }

    record Child(int code, String output) {
        static Child run(String heap, Class<?> main, String... args) throws Exception {
            java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(
                    // the launcher's collector: G1 (the default) splits a heap this small into 1 MiB regions, every 3 s
                    // window is a humongous object there, and on a loaded machine it ran out of room in 96 MiB that
                    // the parallel collector mixes this song in with 80 MiB (measured, a 6-minute 48 kHz song, 2026-12-02)
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), heap, "-XX:+UseParallelGC",
                    "-cp", System.getProperty("java.class.path"), main.getName()));
            cmd.addAll(java.util.List.of(args));
            Process process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String text = new String(process.getInputStream().readAllBytes());
            return new Child(process.waitFor(), text);
        }
    }

    /** A package given twice was "unknown", and a misspelt one failed as an error (1), not as bad usage (2). */
    @Test
    void corpusFetchNamesTheUnknownPackages() {
        assertEquals(2, run("corpus", "fetch", "--dir", dir.resolve("c").toString(), "--packages", "xmoto,naev-data,supertux"));
        assertTrue(err.toString().contains("--packages: xmoto, supertux are not packages of the default list"), err.toString());
        cli.reset();
        // a package given twice is that package: the fetch goes on (here to the missing apt-get)
        assertEquals(1, run("corpus", "fetch", "--dir", dir.resolve("c").toString(), "--cache", dir.resolve("cache").toString(),
                "--apt-get", "/nonexistent/apt-get", "--packages", "xmoto-data,xmoto-data"));
        assertTrue(err.toString().contains("is not available on this machine") && !err.toString().contains("not a package")
                        && !err.toString().contains("unknown"),
                err.toString());
    }
}
