package mixer.cli;

import mixer.dsp.SyntheticMusic;
import mixer.dsp.io.AudioWriter;
import mixer.dsp.io.SampleFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * `mixer evaluate` with two tiny trained ensemble members (one epoch each, trained once for the class):
 * the saved ensemble is scored as it is, never refitted behind the user's back.
 */
class EvaluateCommandTest {

    @TempDir
    static Path shared;
    static Path dataset;
    static Path trainedModels;

    @TempDir
    Path dir;

    private final Cli cli = new Cli();
    private final ByteArrayOutputStream out = cli.out;
    private final ByteArrayOutputStream err = cli.err;

    @BeforeAll
    static void trainTwoMembers() throws Exception {
        dataset = build(shared.resolve("corpus"), shared.resolve("ds"), 5, 70, "--validation-renders", "2");
        trainedModels = shared.resolve("models");
        for (String model : new String[] {"baseline-cnn", "enhanced-cnn"}) {
            assertEquals(0, new Cli().run("train", "--model", model, "--data", dataset.toString(), "--epochs", "1", "--batch", "2",
                    "--out", shared.resolve("runs/" + model).toString(), "--bundle", trainedModels.resolve(model + ".zip").toString()));
        }
    }

    /** A dataset of {@code tracks} synthetic 3 s tracks; returns its manifest. */
    static Path build(Path corpus, Path out, int tracks, int seed, String... options) throws IOException {
        for (int i = 0; i < tracks; i++) {
            AudioWriter.write(SyntheticMusic.generate(3.0, 44_100, seed + i), corpus.resolve("t" + i + ".wav"), SampleFormat.PCM_16);
        }
        String[] args = Stream.concat(Stream.of("dataset", "build", "--from", corpus.toString(), "--out", out.toString(),
                "--min-seconds", "2"), Stream.of(options)).toArray(String[]::new);
        assertEquals(0, new Cli().run(args));
        return out.resolve("manifest.csv");
    }


    /** A copy of the trained members, so that each test has its own models folder. */
    private Path models() throws IOException {
        Path models = Files.createDirectories(dir.resolve("models"));
        try (Stream<Path> files = Files.list(trainedModels)) {
            for (Path f : files.toList()) Files.copy(f, models.resolve(f.getFileName()));
        }
        return models;
    }

    private int evaluate(Path manifest, Path models, String... more) {
        String[] args = Stream.concat(Stream.of("evaluate", "--data", manifest.toString(), "--models-dir", models.toString(),
                "--out", dir.resolve("report").toString()), Stream.of(more)).toArray(String[]::new);
        out.reset();
        err.reset();
        return cli.run(args);
    }

    /**
     * Issue 12 items 14 and 15: scoring the models on another dataset (here an evaluation-only one, every track
     * in test) keeps the fitted weights byte for byte; only the first run, with no ensemble saved, fits one.
     */
    @Test
    void evaluateScoresWithTheSavedEnsembleAndNeverOverwritesIt() throws Exception {
        Path models = models();
        Path ensemble = models.resolve("ensemble.json");
        assertEquals(0, evaluate(dataset, models), err.toString());
        assertTrue(err.toString().contains("no saved ensemble at " + ensemble + ": fitted one on 2 validation rows"), err.toString());
        assertTrue(out.toString().contains("blind restore: best single model") && out.toString().contains(", ensemble 0."), out.toString());
        byte[] fitted = Files.readAllBytes(ensemble);

        Path outside = build(dir.resolve("outside"), dir.resolve("outside-ds"), 3, 90, "--split", "test");
        assertEquals(0, evaluate(outside, models), err.toString());
        assertTrue(err.toString().contains("scoring with the saved ensemble " + ensemble), err.toString());
        assertTrue(out.toString().contains(", ensemble 0."), "the ensemble is scored: " + out);
        assertArrayEquals(fitted, Files.readAllBytes(ensemble), "scoring another dataset leaves ensemble.json as it was");

        assertEquals(0, evaluate(dataset, models), err.toString());
        assertArrayEquals(fitted, Files.readAllBytes(ensemble), "and so does scoring the first one again");
        assertFalse(err.toString().contains("fitted one") || err.toString().contains("afresh"), err.toString());
    }

    /** Issue 12 item 16: predictions.csv held the source path as track_id; the report packed the bundles into one cell. */
    @Test
    void predictionsNameTracksByIdAndTheReportShowsOneRowPerBundle() throws Exception {
        Path models = models();
        assertEquals(0, evaluate(dataset, models), err.toString());
        java.util.List<String> rows = Files.readAllLines(dir.resolve("report/results/predictions.csv"));
        assertTrue(rows.get(0).startsWith("model,example_id,track_id,"), rows.get(0));
        for (String row : rows.subList(1, rows.size())) {
            String[] cells = row.split(",");
            assertEquals(mixer.evaluation.Predictions.trackOf(cells[1]), cells[2], row);
            assertFalse(cells[2].endsWith(".wav"), row);
        }
        String md = Files.readString(dir.resolve("report/report.md"));
        assertTrue(md.contains("| baseline-cnn | BaselineCnn[") && md.contains("| enhanced-cnn | EnhancedCnn["), md);
        assertFalse(md.contains("| model_bundles |"), md);
        assertFalse(java.util.regex.Pattern.compile("[A-Za-z]@[0-9a-f]{6,}").matcher(md).find(), "no identity hashes: " + md);
    }

    /**
     * Issue 14 item 4: the evaluation measures what `mixer mix` does: each test row's predicted settings, of a model
     * and of the ensemble, are what the mixer predicts for that row's file (the same windows, the same aggregation).
     */
    @Test
    void eachTestRowIsPredictedAsMixerMixPredictsItsFile() throws Exception {
        Path models = models();
        assertEquals(0, evaluate(dataset, models), err.toString());
        mixer.dataset.Manifest manifest = mixer.dataset.Manifest.read(dataset);
        java.util.Map<String, mixer.training.SettingsPredictor> predictors = java.util.Map.of(
                "baseline-cnn", mixer.training.ModelBundle.load(models.resolve("baseline-cnn.zip")),
                mixer.training.WeightedEnsemble.NAME, mixer.training.EnsembleModel.load(models.resolve("ensemble.json")));
        java.util.List<String> rows = Files.readAllLines(dir.resolve("report/results/predictions.csv"));
        int compared = 0;
        for (String row : rows.subList(1, rows.size())) {
            String[] cells = row.split(",");
            mixer.training.SettingsPredictor predictor = predictors.get(cells[0]);
            if (predictor == null) continue;
            mixer.dataset.Example e = manifest.examples().stream().filter(x -> x.id().equals(cells[1])).findFirst().orElseThrow();
            mixer.inference.Mixer mixing = new mixer.inference.Mixer(predictor);
            double[] mixed = mixing.predict(mixing.windows(mixer.inference.Song.of(manifest.resolve(e.audio())), null)).settings().normalized();
            for (int p = 0; p < mixer.dsp.params.Param.COUNT; p++) {
                double evaluated = Double.parseDouble(cells[3 + mixer.dsp.params.Param.COUNT + p]);
                assertEquals(mixed[p], evaluated, 1e-9, cells[0] + " " + cells[1] + " setting " + p);
            }
            compared++;
        }
        assertEquals(2 * manifest.split(mixer.dataset.Split.TEST).size(), compared, "every test row of both");
    }

    /** --refine adds a refined row beside each model (and the ensemble), in the tables and the CSVs. */
    @Test
    void refineAddsARefinedRowForEachModel() throws Exception {
        Path models = models();
        assertEquals(0, evaluate(dataset, models, "--refine"), err.toString());
        for (String model : new String[] {"baseline-cnn", "enhanced-cnn", "ensemble"}) {
            assertTrue(out.toString().contains(model + " + refine"), out.toString());
            assertTrue(Files.readString(dir.resolve("report/results/summary.csv")).contains(model + " + refine"), model);
        }
        assertTrue(err.toString().contains("with the exact chain"), err.toString());
    }

    /** Issue 12 item 14: a refit happens only when asked, into a new file; the saved one stays. */
    @Test
    void anExplicitRefitWritesANewFile() throws Exception {
        Path models = models();
        Path ensemble = models.resolve("ensemble.json");
        assertEquals(0, evaluate(dataset, models), err.toString());
        byte[] fitted = Files.readAllBytes(ensemble);

        Path refit = dir.resolve("refit/ensemble-2.json");
        assertEquals(0, evaluate(dataset, models, "--refit-ensemble", refit.toString()), err.toString());
        assertTrue(Files.isRegularFile(refit));
        assertTrue(err.toString().contains("ensemble fitted afresh") && err.toString().contains(refit.toString()), err.toString());
        assertArrayEquals(fitted, Files.readAllBytes(ensemble), "the saved ensemble is left alone");
        assertEquals(0, evaluate(dataset, models, "--ensemble", refit.toString()), err.toString());
        assertTrue(err.toString().contains("scoring with the saved ensemble " + refit), err.toString());

        assertEquals(2, evaluate(dataset, models, "--refit-ensemble", refit.toString()), "never overwrites");
        assertTrue(err.toString().contains("the file exists") // and how to go on after an interrupted run fitted it
                && err.toString().contains("or score with it: --ensemble " + refit), err.toString());
        assertEquals(2, evaluate(dataset, models, "--refit-ensemble", "x.json", "--ensemble", refit.toString()));
        assertEquals(1, evaluate(dataset, models, "--ensemble", dir.resolve("none.json").toString()));
        assertTrue(err.toString().contains("none.json: no such ensemble file"), err.toString());

        Path outside = build(dir.resolve("outside"), dir.resolve("outside-ds"), 3, 90, "--split", "test");
        assertEquals(1, evaluate(outside, models, "--refit-ensemble", dir.resolve("e3.json").toString()));
        assertTrue(err.toString().contains(outside + ": no validation rows"), err.toString());
        assertFalse(Files.exists(dir.resolve("e3.json")));
    }

    /**
     * Issue 12 item 14: a member retrained since the fit is named, with how to refit; the command it gives scores these
     * models on this dataset (it named neither, nor --quick, and so scored blind restore's full models: seen by hand).
     */
    @Test
    void aChangedMemberIsNamedWithHowToRefit() throws Exception {
        Path models = models();
        assertEquals(0, evaluate(dataset, models), err.toString());
        assertEquals(0, new Cli().run("train", "--model", "baseline-cnn", "--data", dataset.toString(), "--epochs", "1", "--batch", "2",
                "--seed", "2", "--out", dir.resolve("run").toString(), "--bundle", models.resolve("baseline-cnn.zip").toString()));
        byte[] before = Files.readAllBytes(models.resolve("ensemble.json"));
        assertEquals(1, evaluate(dataset, models));
        String text = err.toString();
        assertTrue(text.contains("member baseline-cnn") && text.contains("changed since the ensemble was fitted"), text);
        // what to run scores these models on this dataset: `mixer evaluate --refit-ensemble F` alone scored models/ on data/dataset
        String again = "mixer evaluate --data " + dataset + " --models-dir " + models;
        assertTrue(text.contains("; fit the ensemble again with `" + again + " --refit-ensemble " + models.resolve("ensemble-refit.json")
                + "` (a new file, which later evaluations take with --ensemble " + models.resolve("ensemble-refit.json") + " and mix with "
                + "--model " + models.resolve("ensemble-refit.json") + "), or remove " + models.resolve("ensemble.json") + " and run `"
                + again + "` to fit it there"), text);
        assertArrayEquals(before, Files.readAllBytes(models.resolve("ensemble.json")));
        // the advice as given, then a mix with the refitted ensemble (mix named no such file: it took only model names)
        Path refit = models.resolve("ensemble-refit.json");
        assertEquals(0, evaluate(dataset, models, "--refit-ensemble", refit.toString()), err.toString());
        Path song = shared.resolve("corpus/t0.wav");
        Cli stale = new Cli();
        assertEquals(1, stale.run("mix", song.toString(), "--models-dir", models.toString(), "-o", dir.resolve("stale.wav").toString()),
                "the stale ensemble.json is still refused");
        assertTrue(stale.err().contains("fit the ensemble again (`mixer evaluate --data DATASET --models-dir FOLDER --refit-ensemble "
                + "NEW.json`, then mix with --model NEW.json"), "how, where mix has no dataset to name: " + stale.err());
        Cli mix = new Cli();
        assertEquals(0, mix.run("mix", song.toString(), "--models-dir", models.toString(), "--model", refit.toString(),
                "-o", dir.resolve("refit.wav").toString()), mix.err.toString());
        assertTrue(mix.out.toString().contains("(model ensemble,"), mix.out.toString());
        // two files of one model: one column and one mix file, with the other's settings under this one's name (by hand)
        Path copy = Files.createDirectories(dir.resolve("copy"));
        Files.copy(models.resolve("baseline-cnn.zip"), copy.resolve("baseline-cnn.zip"));
        Cli compare = new Cli();
        assertEquals(2, compare.run("compare", song.toString(), "--models", models.resolve("baseline-cnn.zip") + "," + copy.resolve("baseline-cnn.zip"),
                "--chart", dir.resolve("two.png").toString(), "--out-dir", dir.resolve("two").toString()));
        assertTrue(compare.err().contains("two models named 'baseline-cnn'"), compare.err());
        Cli missing = new Cli();
        assertEquals(1, missing.run("mix", song.toString(), "--model", dir.resolve("nothing.json").toString(), "-o",
                dir.resolve("none.wav").toString()));
        assertTrue(missing.err.toString().contains(dir.resolve("nothing.json") + ": no such model file"), missing.err.toString());
        assertEquals(0, evaluate(dataset, models, "--models", "enhanced-cnn"), "the ensemble is not used there: " + err);
        assertTrue(out.toString().contains("no ensemble: the saved ensemble") && out.toString().contains("not scored here"), out.toString());
    }

    /** A bundle copied or trained under another model's name is refused, not scored (and weighted) as that model. */
    @Test
    void aBundleUnderAnotherModelsNameIsRefused() throws Exception {
        Path models = Files.createDirectories(dir.resolve("renamed"));
        Files.copy(trainedModels.resolve("enhanced-cnn.zip"), models.resolve("baseline-cnn.zip"));
        Files.copy(trainedModels.resolve("enhanced-cnn.zip"), models.resolve("enhanced-cnn.zip"));
        assertEquals(1, evaluate(dataset, models));
        assertTrue(err.toString().contains(models.resolve("baseline-cnn.zip") + ": its model is enhanced-cnn, not baseline-cnn"), err.toString());
        assertFalse(Files.exists(models.resolve("ensemble.json")), "no ensemble fitted on it");
    }

    /**
     * Issue 12 item 11: two trained models, one of them a member, and the message said "needs two trained members". Its
     * advice to train the others named no dataset (and no --quick): on a match dataset it trained blind restore's model;
     * nor the bundle (--models-dir here is not the task's models/): it trained where this evaluation does not look.
     */
    @Test
    void withoutAnEnsembleItSaysWhichMembersAreTrainedAndWhichAreNeeded() throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        Files.copy(trainedModels.resolve("baseline-cnn.zip"), models.resolve("baseline-cnn.zip"));
        assertEquals(0, new Cli().run("train", "--model", "descriptor-mlp", "--data", dataset.toString(), "--epochs", "1", "--batch", "2",
                "--out", dir.resolve("run").toString(), "--bundle", models.resolve("descriptor-mlp.zip").toString()));
        assertEquals(0, evaluate(dataset, models), err.toString());
        String text = out.toString();
        assertFalse(text.contains("needs two trained members"), text);
        assertTrue(text.contains("no ensemble: it needs at least two of its members [baseline-cnn, enhanced-cnn, ast]; "
                + "baseline-cnn is trained and scored here; not trained: enhanced-cnn, ast (`mixer train --model enhanced-cnn --data " + dataset
                + " --bundle " + models.resolve("enhanced-cnn.zip") + "`); "
                + "descriptor-mlp is not a member"), text);
        assertFalse(Files.exists(models.resolve("ensemble.json")));
    }

    /**
     * `mixer evaluate --data <a match dataset>` wrote its report into runs/report, over blind restore's report of the
     * evaluation before it (seen by hand: the blind report.html replaced by match same's); a match task's goes into
     * runs/report/<task>/, where `mixer reproduce` writes it, beside blind restore's. Blind restore's went into
     * runs/report itself, beside reproduce's runs/report/restore/ and index.html: two places for one report (the
     * notebook read both); now runs/report/restore/ as reproduce's.
     */
    @Test
    void aMatchTasksReportGoesIntoItsOwnFolderByDefault() {
        EvaluateCommand blind = new EvaluateCommand();
        new picocli.CommandLine(blind).parseArgs("--data", dataset.toString());
        assertEquals(Path.of("runs/report/restore"), blind.report(mixer.dataset.Task.RESTORE));
        assertEquals(Path.of("runs/report/match-same"), blind.report(mixer.dataset.Task.MATCH_SAME));
        assertEquals(Path.of("runs/report/match-other"), blind.report(mixer.dataset.Task.MATCH_OTHER));
        EvaluateCommand given = new EvaluateCommand();
        new picocli.CommandLine(given).parseArgs("--data", dataset.toString(), "--out", "elsewhere");
        assertEquals(Path.of("elsewhere"), given.report(mixer.dataset.Task.MATCH_SAME), "--out wins");
        // the index beside the tasks' reports showed the evaluation before this one (reproduce alone wrote it)
        assertEquals(Path.of("runs/report"), blind.indexFolder());
        assertNull(given.indexFolder(), "a report elsewhere leaves the index alone");
        // a --quick evaluation wrote over the full models' report in runs/report (seen by hand); its own goes beside it
        EvaluateCommand quick = new EvaluateCommand();
        new picocli.CommandLine(quick).parseArgs("--data", dataset.toString(), "--quick");
        assertEquals(Path.of("runs/report-quick/restore"), quick.report(mixer.dataset.Task.RESTORE));
        assertEquals(Path.of("runs/report-quick/match-other"), quick.report(mixer.dataset.Task.MATCH_OTHER));
        assertEquals(Path.of("runs/report-quick"), quick.indexFolder());
    }

    /**
     * Models scored on a dataset built again from their own corpus (another seed, or --split test) were scored on tracks
     * they were trained on, silently (seen by hand: a match same dataset built with --seed 5 had two of the models'
     * training tracks in its test split): a warning names the model, its dataset and the tracks.
     */
    @Test
    void aModelScoredOnTracksItWasTrainedOnIsWarnedOf() throws Exception {
        Path models = models();
        assertEquals(0, evaluate(dataset, models), err.toString());
        assertFalse(err.toString().contains("was trained on"), "its own dataset's test split: " + err);
        Path again = dir.resolve("again");
        assertEquals(0, new Cli().run("dataset", "build", "--from", shared.resolve("corpus").toString(), "--out", again.toString(),
                "--min-seconds", "2", "--split", "test"));
        assertEquals(0, evaluate(again.resolve("manifest.csv"), models, "--models", "baseline-cnn"), err.toString());
        assertTrue(err.toString().matches("(?s).*warning: baseline-cnn was trained on " + java.util.regex.Pattern.quote(dataset.toString())
                + ", whose training and validation tracks include [1-4] of the 5 tracks scored here \\(t\\d\\.wav.*"), err.toString());
    }

    /**
     * A dataset built again in place with another seed, after a model trained on it: the check read the new manifest as
     * the one trained on and found no seen tracks (a helper's walk: 9 of 11 seen, no word). It says it cannot tell.
     */
    @Test
    void aModelWhoseDatasetWasBuiltAgainSinceIsSaidToBeUncheckable() throws Exception {
        Path ds = build(dir.resolve("corpus"), dir.resolve("ds"), 5, 40, "--validation-renders", "1");
        Path models = Files.createDirectories(dir.resolve("own-models"));
        assertEquals(0, new Cli().run("train", "--model", "descriptor-mlp", "--data", ds.toString(), "--epochs", "1",
                "--out", dir.resolve("runs/mlp").toString(), "--bundle", models.resolve("descriptor-mlp.zip").toString()));
        assertEquals(0, new Cli().run("dataset", "build", "--from", dir.resolve("corpus").toString(), "--out", dir.resolve("ds").toString(),
                "--min-seconds", "2", "--validation-renders", "1", "--seed", "99"));
        assertEquals(0, evaluate(ds, models, "--models", "descriptor-mlp"), err.toString());
        assertTrue(err.toString().contains("warning: descriptor-mlp was trained on " + ds + ", which has been built again since"),
                err.toString());
    }

    /**
     * A manifest whose row pairs a clip with a source at another rate failed after every model had predicted, naming
     * neither the row nor the files (a helper's walk): now before any prediction, with the manifest's line and both files.
     */
    @Test
    void aPairAtTwoRatesIsRefusedBeforeAnyPrediction() throws Exception {
        Path models = models();
        mixer.dataset.Manifest m = mixer.dataset.Manifest.read(dataset);
        mixer.dataset.Example row = m.split(mixer.dataset.Split.TEST).get(0);
        mixer.dsp.Audio a = mixer.dsp.io.AudioReader.read(m.resolve(row.source())).audio();
        Path other = dir.resolve("source-22k.wav");
        mixer.dsp.io.AudioWriter.write(new mixer.dsp.Audio(a.stereo(), 22_050), other, mixer.dsp.io.SampleFormat.FLOAT_32);
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(dataset));
        int at = (int) m.line(row) - 1;
        lines.set(at, lines.get(at).replace("," + row.source() + ",", "," + other + ","));
        Path edited = dataset.resolveSibling("manifest-edited.csv"); // beside it: the dataset's provenance says its task
        try {
            Files.write(edited, lines);
            assertEquals(1, evaluate(edited, models), err.toString());
            assertTrue(err.toString().contains(edited + " line " + m.line(row) + " (example '" + row.id() + "'): its audio ("
                    + row.audio()) && err.toString().contains("and its source (" + other + ", ") && err.toString().contains(
                    " frames at 22050 Hz) differ in length or rate"), err.toString());
            assertFalse(err.toString().contains("predicted") || out.toString().contains("predicted"), "before any prediction: " + err);
        } finally {
            Files.deleteIfExists(edited);
        }
    }

    /** A report into a dataset's folder would write its provenance.json over the dataset's: refused, nothing written. */
    @Test
    void aReportIsNotWrittenIntoADataset() throws Exception {
        Path models = models();
        Path datasetDir = dataset.toAbsolutePath().getParent();
        byte[] record = Files.readAllBytes(datasetDir.resolve("provenance.json"));
        out.reset();
        err.reset();
        assertEquals(1, cli.run("evaluate", "--data", dataset.toString(), "--models-dir", models.toString(), "--out", datasetDir.toString()));
        assertTrue(err.toString().contains(datasetDir + ": a mixer dataset; a report goes into a folder of its own"), err.toString());
        assertArrayEquals(record, Files.readAllBytes(datasetDir.resolve("provenance.json")));
    }

    /** A folder holding a user's own report.md and provenance.json: they were replaced without a word (a helper's walk). */
    @Test
    void aReportDoesNotReplaceAUsersOwnFiles() throws Exception {
        Path models = models();
        Path mine = Files.createDirectories(dir.resolve("mine"));
        Files.writeString(mine.resolve("provenance.json"), "{\"mine\": true}");
        Files.writeString(mine.resolve("report.md"), "my notes");
        err.reset();
        assertEquals(1, cli.run("evaluate", "--data", dataset.toString(), "--models-dir", models.toString(), "--out", mine.toString()));
        assertTrue(err.toString().contains(mine + ": holds provenance.json, report.md, which no mixer report made"), err.toString());
        assertEquals("{\"mine\": true}", Files.readString(mine.resolve("provenance.json")));
        assertEquals("my notes", Files.readString(mine.resolve("report.md")));
        try (var files = Files.list(mine)) {
            assertEquals(2, files.count(), "nothing added, no lock left behind");
        }
    }

    /** Issue 12 item 14: reproduce removes an ensemble whose members it retrained, so that evaluate fits a new one. */
    @Test
    void reproduceFindsAStaleEnsemble() throws Exception {
        Path models = models();
        Path ensemble = models.resolve("ensemble.json");
        java.util.Map<String, Path> members = new java.util.LinkedHashMap<>();
        for (String m : new String[] {"baseline-cnn", "enhanced-cnn"}) members.put(m, models.resolve(m + ".zip"));
        assertNull(ReproduceCommand.staleEnsemble(ensemble, members, true), "none saved: nothing stale");
        assertEquals(0, evaluate(dataset, models), err.toString());
        assertNull(ReproduceCommand.staleEnsemble(ensemble, members, false));
        assertTrue(ReproduceCommand.staleEnsemble(ensemble, members, true).contains("retrained"));
        Files.copy(trainedModels.resolve("baseline-cnn.zip"), models.resolve("ast.zip"));
        members.put("ast", models.resolve("ast.zip"));
        assertTrue(ReproduceCommand.staleEnsemble(ensemble, members, false).contains("the trained ones"));
        members.remove("ast");
        Files.copy(models.resolve("enhanced-cnn.zip"), models.resolve("baseline-cnn.zip"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertTrue(ReproduceCommand.staleEnsemble(ensemble, members, false).contains("changed since the ensemble was fitted"));
    }
}
