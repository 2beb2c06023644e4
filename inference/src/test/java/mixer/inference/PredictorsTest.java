package mixer.inference;

import mixer.training.ConstantPredictor;
import mixer.training.SettingsPredictor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class PredictorsTest {

    @TempDir
    Path dir;

    @Test
    void aMissingModelSaysHowToMakeIt() {
        Predictors models = new Predictors(dir.resolve("models"));
        String msg = assertThrows(IllegalStateException.class, () -> models.get("ast")).getMessage();
        assertTrue(msg.startsWith("no trained model 'ast' in ") && msg.contains("mixer train --model ast")
                && msg.contains("mixer reproduce"), msg);
        String ens = assertThrows(IllegalStateException.class, () -> models.get("ensemble")).getMessage();
        assertTrue(ens.contains("mixer reproduce"), ens);
        String relative = assertThrows(IllegalStateException.class, () -> new Predictors(Path.of("models")).get("ast")).getMessage();
        assertTrue(relative.contains("in models/ (" + Path.of("models").toAbsolutePath() + "/; --models-dir names another folder)"),
                "run from another folder, the message says which models/ it looked in: " + relative);
        String unknown = assertThrows(IllegalArgumentException.class, () -> models.get("gpt")).getMessage();
        assertTrue(unknown.contains("'gpt'") && unknown.contains("baseline-cnn") && unknown.contains("ensemble"), unknown);
    }

    /**
     * In a match task's folder (models/match-same/, where `mixer estimate` looks) a missing model was to be made with
     * `mixer train --model X`, which trains blind restore's dataset into models/ (seen by hand: estimate --model
     * baseline-cnn-quick); the advice names a dataset of the task, and reproduce's --task.
     */
    @Test
    void aMissingMatchModelIsToBeTrainedOnAMatchDataset() {
        Predictors same = new Predictors(Path.of(mixer.training.ModelsFolder.MATCH_SAME));
        String msg = assertThrows(IllegalStateException.class, () -> same.get("baseline-cnn-quick")).getMessage();
        assertTrue(msg.endsWith(": run `mixer train --model baseline-cnn --quick --data data/dataset-match-same/manifest.csv` (a match-same "
                + "dataset: `mixer dataset build --task match --reference same` builds it there) or `mixer reproduce --quick --task match-same`"), msg);
        Predictors other = new Predictors(Path.of(mixer.training.ModelsFolder.MATCH_OTHER));
        String ens = assertThrows(IllegalStateException.class, () -> other.get("ensemble")).getMessage();
        assertTrue(ens.endsWith("train the models and fit the ensemble with `mixer reproduce --task match-other`"), ens);
        String ast = assertThrows(IllegalStateException.class, () -> other.get("ast")).getMessage();
        assertTrue(ast.contains("--data data/dataset-match-other/manifest.csv` (a match-other dataset: `mixer dataset build --task match "
                + "--reference other` builds it there)"), ast);
        String blind = assertThrows(IllegalStateException.class, () -> new Predictors(Path.of("models")).get("ast")).getMessage();
        assertTrue(blind.endsWith("run `mixer train --model ast` or `mixer reproduce`"), "blind restore's as it was: " + blind);
    }

    /**
     * With --models-dir another folder, the advice trained the model into models/ (or models/<task>/), where that run does
     * not look (seen by hand: `mixer mix --models-dir elsewhere` then the same error); it names the bundle's place.
     */
    @Test
    void aMissingModelInAnotherFolderIsTrainedIntoIt() {
        Path elsewhere = dir.resolve("elsewhere");
        String blind = assertThrows(IllegalStateException.class, () -> new Predictors(elsewhere).get("ast")).getMessage();
        assertTrue(blind.endsWith("run `mixer train --model ast --bundle " + elsewhere.resolve("ast.zip") + "` or `mixer reproduce`"), blind);
        Path same = dir.resolve("mine").resolve(mixer.dataset.Task.MATCH_SAME.id());
        String match = assertThrows(IllegalStateException.class, () -> new Predictors(same).get("ast-quick")).getMessage();
        assertTrue(match.contains("run `mixer train --model ast --quick --data data/dataset-match-same/manifest.csv --bundle "
                + same.resolve("ast-quick.zip") + "` (a match-same dataset"), match);
        String absolute = assertThrows(IllegalStateException.class,
                () -> new Predictors(Path.of("models").toAbsolutePath()).get("ast")).getMessage();
        assertTrue(absolute.endsWith("run `mixer train --model ast` or `mixer reproduce`"), "models/ named absolutely is models/: " + absolute);
    }

    /** A --quick run's models go by their names with -quick, and a missing full model points to them. */
    @Test
    void quickModelsByTheirNamesAndPointedToWhenTheFullOnesAreMissing() throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        Files.writeString(models.resolve("ast-quick.zip"), "a quick bundle");
        Files.writeString(models.resolve("ensemble-quick.json"), "a quick ensemble");
        java.util.List<Path> loaded = new java.util.ArrayList<>();
        Predictors withLoader = new Predictors(models, (name, file) -> {
            loaded.add(file);
            return ConstantPredictor.neutral();
        });
        withLoader.get("ast-quick");
        withLoader.get("ensemble-quick");
        assertEquals(java.util.List.of(models.resolve("ast-quick.zip"), models.resolve("ensemble-quick.json")), loaded);
        Predictors named = new Predictors(models, (name, file) -> TestPredictors.fixed(name.replace("-quick", ""), new double[10]));
        assertEquals("ast-quick", named.get("ast-quick").name(), "what it mixes and compares says it was the quick one");
        assertEquals("ensemble-quick", named.get("ensemble-quick").name());
        String ast = assertThrows(IllegalStateException.class, () -> withLoader.get("ast")).getMessage();
        assertTrue(ast.endsWith("(the first look of a --quick run is there: ast-quick)"), ast);
        String ens = assertThrows(IllegalStateException.class, () -> withLoader.get("ensemble")).getMessage();
        assertTrue(ens.endsWith("there: ensemble-quick)"), ens);
        String mlp = assertThrows(IllegalStateException.class, () -> withLoader.get("descriptor-mlp")).getMessage();
        assertFalse(mlp.contains("--quick"), "no quick one either: " + mlp);
        assertThrows(IllegalArgumentException.class, () -> withLoader.get("gpt-quick"));
    }

    @Test
    void aModelFileGoesToTheLoaderAndInMemoryPredictorsWin() throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        Files.writeString(models.resolve("enhanced-cnn.zip"), "not really a bundle");
        // a file that is not a bundle: one error naming it
        String msg = assertThrows(java.io.IOException.class, () -> new Predictors(models).get("enhanced-cnn")).getMessage();
        assertTrue(msg.contains("enhanced-cnn.zip"), msg);

        SettingsPredictor loaded = ConstantPredictor.neutral();
        Predictors withLoader = new Predictors(models, (name, file) -> {
            assertEquals(models.resolve("enhanced-cnn.zip"), file);
            return loaded;
        });
        assertSame(loaded, withLoader.get("enhanced-cnn"));

        SettingsPredictor mine = TestPredictors.fixed("enhanced-cnn", new double[10]);
        assertSame(mine, withLoader.with(mine).get("enhanced-cnn"));
        SettingsPredictor extra = TestPredictors.fixed("my-model", new double[10]);
        assertSame(extra, new Predictors(models).with(extra).get("my-model"));
    }
}
