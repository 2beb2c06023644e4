package mixer.dataset.corpus;

import mixer.dsp.SyntheticMusic;
import mixer.dsp.io.AudioWriter;
import mixer.dsp.io.SampleFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Two music files of one package whose track ids coincide ("music/forest/x" and "music/forest-x") must stay two tracks. */
class CorpusTrackIdTest {

    @TempDir
    Path dir;

    @Test
    void tracksWhoseIdsCoincideKeepAnExcerptAndACreditEach() throws Exception {
        assumeTrue(CorpusBuilderTest.installed("dpkg-deb"), "dpkg-deb is not installed");
        Path root = dir.resolve("pkg");
        Path music = root.resolve("usr/share/games/tiny/music");
        AudioWriter.write(SyntheticMusic.generate(8, 16_000, 1), music.resolve("forest").resolve("x.wav"), SampleFormat.PCM_16);
        AudioWriter.write(SyntheticMusic.generate(8, 16_000, 2), music.resolve("forest-x.wav"), SampleFormat.PCM_16);
        Files.createDirectories(root.resolve("DEBIAN"));
        Files.createDirectories(root.resolve("usr/share/doc/tiny-music"));
        Files.writeString(root.resolve("usr/share/doc/tiny-music/copyright"), "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\n"
                + "Files: *\nCopyright: 2020 Tiny Team\nLicense: GPL-2+\n");
        Files.writeString(root.resolve("DEBIAN/control"), "Package: tiny-music\nVersion: 1.0\nArchitecture: all\n"
                + "Maintainer: Test <test@example.org>\nDescription: tiny\n");
        Path cache = dir.resolve("cache");
        Files.createDirectories(cache.resolve("debs"));
        Process p = new ProcessBuilder("dpkg-deb", "--build", "--root-owner-group", root.toString(),
                cache.resolve("debs/tiny-music_1.0_all.deb").toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);

        Path corpus = dir.resolve("corpus");
        CorpusBuilder.Options o = new CorpusBuilder.Options(corpus, cache, List.of(new Soundtrack("tiny-music", "GPL-2+")), 7, 10, 6.0, 5.0);
        List<String> log = new ArrayList<>();
        CorpusBuilder.Result r = new CorpusBuilder(o, new DebianPackages(cache.resolve("debs"), "/nonexistent/apt-get"), log::add).build();
        List<String> ids = r.tracks().stream().map(CorpusBuilder.Track::id).toList();
        List<Path> excerpts;
        try (var files = Files.walk(corpus)) {
            excerpts = files.filter(f -> f.toString().endsWith(".wav")).sorted().toList();
        }
        System.out.println("track ids " + ids + "; excerpt files " + excerpts.stream().map(corpus::relativize).toList()
                + "; CREDITS rows " + (Files.readAllLines(corpus.resolve(CorpusBuilder.CREDITS)).size() - 1));
        CorpusBuilder.Result again = new CorpusBuilder(o, new DebianPackages(cache.resolve("debs"), "/nonexistent/apt-get"), log::add).build();
        System.out.println("second build wrote " + again.excerptsWritten() + " excerpt(s)");
        assertEquals(ids.size(), ids.stream().distinct().count(), "two tracks share an id: " + ids);
        assertEquals(ids.size(), excerpts.size(), "an excerpt per track");
        assertEquals(0, again.excerptsWritten(), "a second build does no work");
    }
}
