package mixer.notebooks;

import mixer.dataset.DatasetBuilder;
import mixer.dataset.Task;
import mixer.dsp.SyntheticMusic;
import mixer.dsp.io.AudioWriter;
import mixer.dsp.io.SampleFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Executes every notebook in notebooks/ cell by cell on a tiny workspace (synthetic tracks, a tiny
 * dataset), so the notebooks fail the build the day the API they use changes.
 */
class NotebooksTest {

    /** The notebooks folder, seen from the experiments module (Maven runs tests there). */
    static final Path NOTEBOOKS = Path.of("..", "notebooks");

    @TempDir
    static Path workspace;

    @BeforeAll
    static void tinyWorkspace() throws Exception {
        System.setProperty("java.awt.headless", "true");
        Path corpus = workspace.resolve("corpus");
        Files.createDirectories(corpus);
        for (int i = 0; i < 6; i++) {
            AudioWriter.write(SyntheticMusic.generate(4.0, 44_100, 100 + i), corpus.resolve("track" + i + ".wav"), SampleFormat.FLOAT_32);
        }
        new DatasetBuilder(new DatasetBuilder.Options(corpus, workspace.resolve("data/dataset"), Task.RESTORE, 7, 2.0, 1, 2),
                line -> { }).build();
        System.setProperty("mixer.workspace", workspace.toString());
    }

    @AfterAll
    static void forgetWorkspace() {
        System.clearProperty("mixer.workspace");
    }

    private static String run(String name) throws Exception {
        Path notebook = NOTEBOOKS.resolve(name);
        assertTrue(Files.exists(notebook), notebook + " is missing");
        NotebookRunner runner = new NotebookRunner();
        runner.run(notebook);
        return runner.output();
    }

    @Test
    void datasetNotebookRuns() throws Exception {
        String out = run("01-dataset.ipynb");
        assertTrue(out.matches("(?s).*test\\s+\\d+ tracks\\s+\\d+ examples.*"), out);
        assertTrue(out.contains("MixSettings["), out);
    }

    /** 02 trains a quick AST on the tiny dataset; its bundle, scored by `mixer evaluate`, is what 03 compares. */
    @Test
    void trainingAndComparisonNotebooksRun() throws Exception {
        System.setProperty("mixer.notebook.epochs", "2");
        try {
            String train = run("02-train-ast.ipynb");
            assertTrue(train.contains("epoch 2"), train);
            assertTrue(train.contains("best epoch"), train);
        } finally {
            System.clearProperty("mixer.notebook.epochs");
        }
        Path models = workspace.resolve("models");
        Files.copy(models.resolve("notebook-ast-quick.zip"), models.resolve("ast.zip"));
        assertEquals(0, mixer.cli.Main.run("evaluate", "--data", workspace.resolve("data/dataset/manifest.csv").toString(),
                "--models-dir", models.toString(), "--out", workspace.resolve("runs/report/restore").toString())); // where reproduce and evaluate write it
        String compare = run("03-compare.ipynb");
        assertTrue(compare.contains("ast.zip"), compare);
        assertTrue(compare.contains("input_gain_db"), compare);
    }

    @Test
    void aFailingCellNamesItself() throws Exception {
        Path bad = workspace.resolve("bad.ipynb");
        Files.writeString(bad, """
                {"cells": [{"cell_type": "code", "source": ["int x = 1;"]},
                           {"cell_type": "code", "source": ["int y = x / 0;"]}],
                 "metadata": {"kernelspec": {"language": "java", "name": "java"}}, "nbformat": 4, "nbformat_minor": 5}
                """);
        NotebookRunner.CellFailure failure = assertThrows(NotebookRunner.CellFailure.class, () -> new NotebookRunner().run(bad));
        assertTrue(failure.getMessage().contains("code cell 2"), failure.getMessage());
        assertTrue(failure.getMessage().contains("ArithmeticException"), failure.getMessage());
    }
}
