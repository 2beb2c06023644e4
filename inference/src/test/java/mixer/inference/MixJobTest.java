package mixer.inference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class MixJobTest {

    @TempDir
    Path dir;

    @Test
    void foldersAreSearchedForAudioAndKeepTheirSubfolders() throws Exception {
        Path album = Files.createDirectories(dir.resolve("album/disc2"));
        Files.writeString(dir.resolve("album/01 intro.flac"), "x");
        Files.writeString(album.resolve("05 song.MP3"), "x");
        Files.writeString(dir.resolve("album/CREDITS"), "not audio: ignored");
        Path single = Files.writeString(dir.resolve("demo.ogg"), "x");
        Path out = dir.resolve("mixed");
        List<MixJob> jobs = MixJob.plan(List.of(dir.resolve("album"), single), out, null, null);
        assertEquals(List.of(
                new MixJob(dir.resolve("album/01 intro.flac"), out.resolve("01 intro.wav")),
                new MixJob(album.resolve("05 song.MP3"), out.resolve("disc2/05 song.wav")),
                new MixJob(single, out.resolve("demo.wav"))), jobs);
    }

    @Test
    void clashesAndOverwritesAreRefusedBeforeAnyWork() throws Exception {
        Path a = Files.createDirectories(dir.resolve("a"));
        Path b = Files.createDirectories(dir.resolve("b"));
        Files.writeString(a.resolve("song.wav"), "x");
        Files.writeString(b.resolve("song.flac"), "x");
        Path out = dir.resolve("out");
        String clash = assertThrows(IllegalArgumentException.class,
                () -> MixJob.plan(List.of(a.resolve("song.wav"), b.resolve("song.flac")), out, null, null)).getMessage();
        assertTrue(clash.contains("both"), clash);
        String over = assertThrows(IllegalArgumentException.class,
                () -> MixJob.plan(List.of(a.resolve("song.wav")), a, null, null)).getMessage();
        assertTrue(over.contains("would be written over " + a.resolve("song.wav")), over);
        Path link = Files.createSymbolicLink(dir.resolve("link.wav"), a.resolve("song.wav"));
        String throughLink = assertThrows(IllegalArgumentException.class,
                () -> MixJob.plan(List.of(link), out, a.resolve("song.wav"), null)).getMessage();
        assertTrue(throughLink.contains("would be written over " + link), "the song by another name, a link: " + throughLink);
        String many = assertThrows(IllegalArgumentException.class,
                () -> MixJob.plan(List.of(a, b), out, dir.resolve("one.wav"), null)).getMessage();
        assertTrue(many.contains("--out-dir"), many);
        String empty = assertThrows(IllegalArgumentException.class,
                () -> MixJob.plan(List.of(Files.createDirectories(dir.resolve("empty"))), out, null, null)).getMessage();
        assertTrue(empty.contains("no audio files"), empty);
        assertEquals(List.of(new MixJob(a.resolve("song.wav"), dir.resolve("one.wav"))),
                MixJob.plan(List.of(a.resolve("song.wav")), out, dir.resolve("one.wav"), null));

        // the reference is an input too, by any name
        Path reference = Files.writeString(dir.resolve("reference.wav"), "x");
        String overReference = assertThrows(IllegalArgumentException.class,
                () -> MixJob.plan(List.of(a.resolve("song.wav")), out, dir.resolve("./b/../reference.wav"), reference)).getMessage();
        assertTrue(overReference.contains("would be written over " + reference), overReference);
        String overReferenceInFolder = assertThrows(IllegalArgumentException.class,
                () -> MixJob.plan(List.of(a.resolve("song.wav")), dir, null, dir.resolve("song.wav"))).getMessage();
        assertTrue(overReferenceInFolder.contains("would be written over " + dir.resolve("song.wav")), overReferenceInFolder);
    }

    @Test
    void outputsThatCannotBeWrittenAreRefusedBeforeAnyWork() throws Exception {
        Path song = Files.writeString(dir.resolve("song.wav"), "x");
        Path folder = Files.createDirectories(dir.resolve("folder"));
        String toFolder = assertThrows(IllegalArgumentException.class, () -> MixJob.plan(List.of(song), dir.resolve("mixed"), folder, null)).getMessage();
        assertTrue(toFolder.contains("is a folder") && toFolder.contains("--out-dir"), toFolder);
        String notWav = assertThrows(IllegalArgumentException.class,
                () -> MixJob.plan(List.of(song), dir.resolve("mixed"), dir.resolve("x"), null)).getMessage();
        assertTrue(notWav.contains("OUT.wav"), notWav);
        assertThrows(IllegalArgumentException.class, () -> MixJob.plan(List.of(song), dir.resolve("mixed"), dir.resolve("x.mp3"), null));
        assertEquals(dir.resolve("X.WAV"), MixJob.plan(List.of(song), dir.resolve("mixed"), dir.resolve("X.WAV"), null).get(0).output());
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        String outDirFile = assertThrows(IllegalArgumentException.class, () -> MixJob.plan(List.of(song), file, null, null)).getMessage();
        assertTrue(outDirFile.contains("is a file"), outDirFile);
    }

    @Test
    void aFolderReachedThroughALinkIsSearched() throws Exception {
        Path real = Files.createDirectories(dir.resolve("real/inner"));
        Files.writeString(real.resolve("a.wav"), "x");
        Path link = Files.createSymbolicLink(dir.resolve("link"), dir.resolve("real"));
        Path outer = Files.createDirectories(dir.resolve("outer"));
        Files.createSymbolicLink(outer.resolve("linked"), real);
        assertEquals(List.of(new MixJob(link.resolve("inner/a.wav"), dir.resolve("mixed/inner/a.wav"))),
                MixJob.plan(List.of(link), dir.resolve("mixed"), null, null));
        assertEquals(List.of(new MixJob(outer.resolve("linked/a.wav"), dir.resolve("mixed/linked/a.wav"))),
                MixJob.plan(List.of(outer), dir.resolve("mixed"), null, null));
    }

    @Test
    void theOutputFolderInsideTheInputFolderIsNotSearched() throws Exception {
        Path songs = Files.createDirectories(dir.resolve("songs/mixed"));
        Files.writeString(dir.resolve("songs/a.wav"), "x");
        Files.writeString(songs.resolve("a.wav"), "an earlier mix");
        List<MixJob> jobs = MixJob.plan(List.of(dir.resolve("songs")), songs, null, null);
        assertEquals(1, jobs.size());
        assertEquals(dir.resolve("songs/a.wav"), jobs.get(0).input());
    }
}
