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
        List<MixJob> jobs = MixJob.plan(List.of(dir.resolve("album"), single), out, null);
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
                () -> MixJob.plan(List.of(a.resolve("song.wav"), b.resolve("song.flac")), out, null)).getMessage();
        assertTrue(clash.contains("both"), clash);
        String over = assertThrows(IllegalArgumentException.class,
                () -> MixJob.plan(List.of(a.resolve("song.wav")), a, null)).getMessage();
        assertTrue(over.contains("overwrite"), over);
        Path link = Files.createSymbolicLink(dir.resolve("link.wav"), a.resolve("song.wav"));
        String throughLink = assertThrows(IllegalArgumentException.class,
                () -> MixJob.plan(List.of(link), out, a.resolve("song.wav"))).getMessage();
        assertTrue(throughLink.contains("overwrite"), "the song by another name, a link: " + throughLink);
        String many = assertThrows(IllegalArgumentException.class,
                () -> MixJob.plan(List.of(a, b), out, dir.resolve("one.wav"))).getMessage();
        assertTrue(many.contains("--out-dir"), many);
        String empty = assertThrows(IllegalArgumentException.class,
                () -> MixJob.plan(List.of(Files.createDirectories(dir.resolve("empty"))), out, null)).getMessage();
        assertTrue(empty.contains("no audio files"), empty);
        assertEquals(List.of(new MixJob(a.resolve("song.wav"), dir.resolve("one.wav"))),
                MixJob.plan(List.of(a.resolve("song.wav")), out, dir.resolve("one.wav")));
    }

    @Test
    void theOutputFolderInsideTheInputFolderIsNotSearched() throws Exception {
        Path songs = Files.createDirectories(dir.resolve("songs/mixed"));
        Files.writeString(dir.resolve("songs/a.wav"), "x");
        Files.writeString(songs.resolve("a.wav"), "an earlier mix");
        List<MixJob> jobs = MixJob.plan(List.of(dir.resolve("songs")), songs, null);
        assertEquals(1, jobs.size());
        assertEquals(dir.resolve("songs/a.wav"), jobs.get(0).input());
    }
}
