package mixer.dataset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ManifestTest {

    @TempDir
    Path dir;

    private static double[] targets(double v) {
        double[] t = new double[10];
        for (int i = 0; i < 10; i++) t[i] = (v + i * 0.07) % 1.0;
        return t;
    }

    @Test
    void roundTripKeepsEveryField() throws IOException {
        Path f = dir.resolve("manifest.csv");
        List<Example> rows = List.of(
                new Example("wesnoth/battle, part 1", Split.TEST, "test/a.wav", "corpus/a.flac", targets(0.3), 11),
                new Example("b", Split.VALIDATION, "validation/b.wav", "corpus/b.flac", targets(0.9), 12),
                new Example("c", Split.TRAIN, "corpus/c.flac", "corpus/c.flac", null, 13));
        new Manifest(f, rows).write();
        Manifest back = Manifest.read(f);
        assertEquals(rows, back.examples());
        assertEquals(1, back.split(Split.TRAIN).size());
        assertFalse(back.split(Split.TRAIN).get(0).hasTargets());
        assertEquals(dir.resolve("test/a.wav").toAbsolutePath(), back.resolve("test/a.wav"));
        assertEquals(rows.get(1), back.example("b"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> back.example("d"));
        assertEquals(f + ": no example 'd'", e.getMessage());
    }

    /**
     * A dataset's folder given for its manifest (`--data data/ms`, the folder `dataset build --out` named) was told "no
     * manifest there; build one", with the manifest inside it: the error names the manifest to give.
     */
    @Test
    void aDatasetFolderGivenForItsManifestNamesTheManifestInside() throws IOException {
        Path ds = Files.createDirectories(dir.resolve("ds"));
        var empty = assertThrows(IOException.class, () -> Manifest.read(ds));
        assertEquals(ds + ": a folder, not a manifest file; no manifest.csv in it; build one with `mixer dataset build --out " + ds + "`",
                empty.getMessage());
        new Manifest(ds.resolve("manifest.csv"), List.of(new Example("a", Split.TEST, "a.wav", "a.wav", targets(0.1), 1))).write();
        var e = assertThrows(IOException.class, () -> Manifest.read(ds));
        assertEquals(ds + ": a folder, not a manifest file; name the dataset's manifest, " + ds.resolve("manifest.csv"), e.getMessage());
    }

    /**
     * A match dataset is built into data/dataset-<task>, so `mixer train` and `mixer evaluate` without --data found no
     * data/dataset/manifest.csv and said to build one, which builds blind restore's: the datasets beside it are named.
     */
    @Test
    void aMissingManifestNamesTheOtherTasksDatasetsBesideIt() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path missing = data.resolve("dataset/manifest.csv");
        assertEquals(missing + ": no manifest there; build one with `mixer dataset build`",
                assertThrows(IOException.class, () -> Manifest.read(missing)).getMessage());
        for (String task : List.of("match-same", "match-other")) {
            new Manifest(Files.createDirectories(data.resolve("dataset-" + task)).resolve("manifest.csv"),
                    List.of(new Example("a", Split.TEST, "a.wav", "a.wav", targets(0.1), 1))).write();
        }
        Files.createDirectories(data.resolve("dataset-empty"));
        assertEquals(missing + ": no manifest there; datasets of other tasks are beside it (" + data.resolve("dataset-match-other/manifest.csv")
                + ", " + data.resolve("dataset-match-same/manifest.csv") + "): name one, or build one with `mixer dataset build`",
                assertThrows(IOException.class, () -> Manifest.read(missing)).getMessage());
    }

    @Test
    void aMissingColumnIsNamed() throws IOException {
        Path f = dir.resolve("m.csv");
        Files.writeString(f, "id,split,audio\nx,train,a.wav\n");
        var e = assertThrows(IOException.class, () -> Manifest.read(f));
        assertTrue(e.getMessage().contains("m.csv") && e.getMessage().contains("comp_ratio"), e.getMessage());
        assertTrue(e.getMessage().contains("build it again with `mixer dataset build`"), "what to do: " + e.getMessage());
    }

    /** A song given as the manifest was read as a CSV "without the columns", with advice to rebuild (a helper's walk). */
    @Test
    void audioGivenAsTheManifestIsSaidToBeAudio() throws IOException {
        Path f = Files.writeString(dir.resolve("song.wav"), "RIFF");
        var e = assertThrows(IOException.class, () -> Manifest.read(f));
        assertTrue(e.getMessage().startsWith(f + ": audio, not a manifest: name a dataset's manifest.csv"), e.getMessage());
    }

    @Test
    void aTargetOutsideTheUnitRangeIsRejectedWithItsLine() throws IOException {
        Path f = dir.resolve("m.csv");
        new Manifest(f, List.of(new Example("a", Split.TEST, "a.wav", "a.wav", targets(0.1), 1))).write();
        String text = Files.readString(f).replaceFirst(",0\\.1,", ",1.5,");
        Files.writeString(f, text);
        var e = assertThrows(IOException.class, () -> Manifest.read(f));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("input_gain_db = 1.5"), e.getMessage());
    }

    /** Issue 12 item 8: the error named the file's last line, whichever row was wrong. */
    @Test
    void anErrorNamesTheLineOfItsOwnRow() throws IOException {
        Path f = dir.resolve("m.csv");
        String header = String.join(",", Manifest.COLUMNS);
        String good = ",train,a.wav,a.wav,,,,,,,,,,,1\n";
        Files.writeString(f, header + "\na" + good + "b" + good + "c,train,c.wav,c.wav,,,,,,,,,,,seven\nd" + good + "e" + good);
        var e = assertThrows(IOException.class, () -> Manifest.read(f));
        assertTrue(e.getMessage().startsWith(f + " line 4: seed is not an integer: 'seven'"), e.getMessage());

        // a quoted cell may hold a line break: the rows after it start one line further down
        Files.writeString(f, header + "\n\"a\nb\"" + good + "c" + good + "d,train,d.wav,d.wav,,,,,,,,,,,x\ne" + good);
        e = assertThrows(IOException.class, () -> Manifest.read(f));
        assertTrue(e.getMessage().startsWith(f + " line 5: "), e.getMessage());

        Files.writeString(f, header + "\na" + good + "b" + good + "a" + good + "c" + good);
        e = assertThrows(IOException.class, () -> Manifest.read(f));
        assertTrue(e.getMessage().contains("line 4: duplicate example id 'a' (first on line 2)"), e.getMessage());
    }

    @Test
    void eachRowKnowsItsLine() throws IOException {
        Path f = dir.resolve("m.csv");
        List<Example> rows = List.of(
                new Example("two\nlines", Split.TEST, "a.wav", "a.wav", targets(0.3), 1),
                new Example("b", Split.TEST, "b.wav", "b.wav", targets(0.4), 2));
        Manifest written = new Manifest(f, rows);
        written.write();
        Manifest read = Manifest.read(f);
        assertEquals(2, read.line(read.examples().get(0)));
        assertEquals(4, read.line(read.examples().get(1)), "after a row that spans two lines");
        assertEquals(4, written.line(rows.get(1)), "an unread manifest counts the lines it writes");
        assertEquals(f + " line 4 (example 'b')", read.where(read.examples().get(1)));
    }

    /** Issue 12 item 11: a row's unreadable audio is reported with the manifest, the row's line and its id. */
    @Test
    void aRowsUnreadableAudioNamesTheManifestLineExampleAndFile() throws IOException {
        Path f = dir.resolve("m.csv");
        Files.writeString(dir.resolve("notes.wav"), "these are not samples");
        new Manifest(f, List.of(
                new Example("a#0", Split.TEST, "a.wav", "a.wav", targets(0.3), 1),
                new Example("b#0", Split.TEST, "notes.wav", "gone.wav", targets(0.4), 2))).write();
        Manifest m = Manifest.read(f);
        Example b = m.examples().get(1);
        var e = assertThrows(IOException.class, () -> m.readAudio(b, "audio"));
        String text = e.getMessage();
        assertTrue(text.startsWith(f + " line 3 (example 'b#0'): audio file " + dir.resolve("notes.wav")), text);
        assertTrue(text.contains("mixer dataset build"), "says what to do: " + text);
        assertFalse(text.endsWith(": "), text);
        e = assertThrows(IOException.class, () -> m.readAudio(b, "source"));
        assertTrue(e.getMessage().startsWith(f + " line 3 (example 'b#0'): source file " + dir.resolve("gone.wav")
                + " (gone.wav): does not exist"), e.getMessage());
        e = assertThrows(IOException.class, () -> m.readRowFile(b, "audio", file -> {
            throw new IOException(file + ": truncated");
        }));
        assertTrue(e.getMessage().contains("(notes.wav): truncated;"), "the file is named once: " + e.getMessage());
    }

    @Test
    void duplicateIdsAndPartialTargetsAreErrors() throws IOException {
        Path f = dir.resolve("m.csv");
        String header = String.join(",", Manifest.COLUMNS);
        Files.writeString(f, header + "\na,train,a.wav,a.wav,,,,,,,,,,,1\na,test,a.wav,a.wav,,,,,,,,,,,2\n");
        var e = assertThrows(IOException.class, () -> Manifest.read(f));
        assertTrue(e.getMessage().contains("duplicate example id 'a'"), e.getMessage());
        Files.writeString(f, header + "\na,test,a.wav,a.wav,0.5,,,,,,,,,,1\n");
        e = assertThrows(IOException.class, () -> Manifest.read(f));
        assertTrue(e.getMessage().contains("9 of the 10 targets are empty"), e.getMessage());
        Files.writeString(f, header + "\na,holdout,a.wav,a.wav,,,,,,,,,,,1\n");
        e = assertThrows(IOException.class, () -> Manifest.read(f));
        assertTrue(e.getMessage().contains("unknown split 'holdout'"), e.getMessage());
    }

    @Test
    void aMissingManifestSaysHowToMakeOne() {
        var e = assertThrows(IOException.class, () -> Manifest.read(dir.resolve("none.csv")));
        assertTrue(e.getMessage().contains("mixer dataset build"), e.getMessage());
    }
}
