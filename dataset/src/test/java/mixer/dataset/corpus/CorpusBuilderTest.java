package mixer.dataset.corpus;

import mixer.dsp.Audio;
import mixer.dsp.SyntheticMusic;
import mixer.dsp.io.AudioReader;
import mixer.dsp.io.AudioWriter;
import mixer.dsp.io.SampleFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The corpus from a tiny real .deb (built here with dpkg-deb), without the network. */
class CorpusBuilderTest {

    static final int RATE = 16_000;

    @TempDir
    static Path dir;
    static Path cache;

    /** Whether a program runs here (a missing one is an IOException from start(), not an exit code). */
    static boolean installed(String program) {
        try {
            return new ProcessBuilder(program, "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @BeforeAll
    static void tinySoundtrackPackage() throws Exception {
        assumeTrue(installed("dpkg-deb"), "dpkg-deb is not installed: corpus tests skipped");
        Path root = dir.resolve("pkg");
        Path music = root.resolve("usr/share/games/tiny/music");
        Files.createDirectories(music);
        Files.createDirectories(root.resolve("usr/share/games/tiny/sounds"));
        Files.createDirectories(root.resolve("DEBIAN"));
        AudioWriter.write(SyntheticMusic.generate(62, RATE, 1), music.resolve("long.wav"), SampleFormat.PCM_16);
        AudioWriter.write(SyntheticMusic.generate(64, RATE, 2), music.resolve("other.wav"), SampleFormat.PCM_16);
        Files.copy(music.resolve("other.wav"), music.resolve("same-as-other.wav"));
        AudioWriter.write(SyntheticMusic.generate(10, RATE, 3), music.resolve("jingle.wav"), SampleFormat.PCM_16);
        AudioWriter.write(SyntheticMusic.generate(62, RATE, 4), root.resolve("usr/share/games/tiny/sounds/rain.wav"), SampleFormat.PCM_16);
        writeMono(music.resolve("mono.wav"), 62);
        Path doc = root.resolve("usr/share/doc/tiny-music");
        Files.createDirectories(doc);
        Files.writeString(doc.resolve("copyright"), """
                Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
                Upstream-Name: tiny

                Files: *
                Copyright: 2020 Tiny Team
                License: GPL-2+

                Files: music/other.wav
                Copyright: 2021 Ada Composer
                License: CC-BY-SA-4.0
                 The text of the licence.
                """);
        Files.writeString(root.resolve("DEBIAN/control"), """
                Package: tiny-music
                Version: 1.2-3
                Architecture: all
                Maintainer: Test <test@example.org>
                Description: tiny soundtrack
                """);
        cache = dir.resolve("cache");
        Files.createDirectories(cache.resolve("debs"));
        Process p = new ProcessBuilder("dpkg-deb", "--build", "--root-owner-group", root.toString(),
                cache.resolve("debs/tiny-music_1.2-3_all.deb").toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
    }

    private static void writeMono(Path file, int seconds) throws Exception {
        float[] left = SyntheticMusic.generate(seconds, RATE, 5).left();
        byte[] pcm = new byte[left.length * 2];
        for (int i = 0; i < left.length; i++) {
            int v = Math.round(Math.max(-1, Math.min(1, left[i])) * 32767);
            pcm[2 * i] = (byte) v;
            pcm[2 * i + 1] = (byte) (v >> 8);
        }
        AudioFormat format = new AudioFormat(RATE, 16, 1, true, false);
        AudioSystem.write(new AudioInputStream(new ByteArrayInputStream(pcm), format, left.length), AudioFileFormat.Type.WAVE, file.toFile());
    }

    private static CorpusBuilder builder(Path corpus, int limit, List<String> log) {
        return builder(corpus, limit, 7, log);
    }

    private static CorpusBuilder builder(Path corpus, int limit, long seed, List<String> log) {
        CorpusBuilder.Options o = new CorpusBuilder.Options(corpus, cache, List.of(new Soundtrack("tiny-music", "GPL-2+")),
                seed, limit, 60.0, 5.0);
        return new CorpusBuilder(o, new DebianPackages(cache.resolve("debs"), "/nonexistent/apt-get"), log::add);
    }

    @Test
    void keepsLongStereoMusicOnceWithExcerptsAndCredits() throws Exception {
        Path corpus = dir.resolve("corpus");
        CorpusBuilder.Result r = builder(corpus, 10, new ArrayList<>()).build();
        assertEquals(List.of("tiny-music/long", "tiny-music/other"), r.tracks().stream().map(CorpusBuilder.Track::id).toList());
        assertEquals(Map.of("duplicate of another track", 1, "mono", 1, "shorter than 60 s", 1), r.skippedByReason());
        assertEquals(2, r.excerptsWritten());

        Audio excerpt = AudioReader.read(corpus.resolve("tiny-music/long.wav")).audio();
        assertEquals(RATE, excerpt.sampleRateHz());
        assertEquals(5.0, excerpt.durationSeconds(), 1e-9);
        // the excerpt is the source's samples from the recorded offset
        CorpusBuilder.Track long_ = r.tracks().get(0);
        double start = builder(corpus, 10, new ArrayList<>()).excerptStartSeconds(long_);
        assertTrue(start >= Math.min(20, 0.15 * 62) && start <= 62 - 5, "offset past the intro: " + start);
        Audio source = AudioReader.read(long_.file()).audio();
        int from = (int) Math.round(start * RATE);
        assertEquals(source.left()[from + 100], excerpt.left()[100], 0f);

        List<String> credits = Files.readAllLines(corpus.resolve(CorpusBuilder.CREDITS));
        assertEquals(String.join(",", CorpusBuilder.CREDIT_COLUMNS), credits.get(0));
        assertTrue(credits.get(1).startsWith("tiny-music/long,long,2020 Tiny Team,GPL-2+,tiny-music,1.2-3,"), credits.get(1));
        assertTrue(credits.get(2).startsWith("tiny-music/other,other,2021 Ada Composer,CC-BY-SA-4.0,tiny-music,1.2-3,"), credits.get(2));
        assertTrue(Files.readString(corpus.resolve(CorpusBuilder.PROVENANCE)).contains("\"tiny-music\" : \"1.2-3\""));
    }

    @Test
    void aSecondRunDoesNoWorkAndTheCapIsStable() throws Exception {
        Path corpus = dir.resolve("again");
        builder(corpus, 10, new ArrayList<>()).build();
        byte[] credits = Files.readAllBytes(corpus.resolve(CorpusBuilder.CREDITS));
        CorpusBuilder.Result again = builder(corpus, 10, new ArrayList<>()).build();
        assertEquals(0, again.excerptsWritten());
        assertArrayEquals(credits, Files.readAllBytes(corpus.resolve(CorpusBuilder.CREDITS)));

        // a cap of one keeps one track and removes the other's excerpt, the same one every time
        CorpusBuilder.Result capped = builder(corpus, 1, new ArrayList<>()).build();
        assertEquals(1, capped.tracks().size());
        String kept = capped.tracks().get(0).id();
        assertEquals(kept, builder(corpus, 1, new ArrayList<>()).build().tracks().get(0).id());
        try (var files = Files.list(corpus.resolve("tiny-music"))) {
            assertEquals(List.of(kept.substring(kept.indexOf('/') + 1) + ".wav"), files.map(f -> f.getFileName().toString()).toList());
        }
    }

    /**
     * A fetch with fewer --packages left the other packages' excerpts in the folder, in no line of CREDITS.csv, and
     * `dataset build` took them in as tracks; a file of the user's own (no excerpt recipe) stays.
     */
    @Test
    void excerptsOfPackagesLeftOutAreRemovedAndTheUsersOwnFilesKept() throws Exception {
        Path corpus = dir.resolve("fewer");
        builder(corpus, 10, new ArrayList<>()).build();
        Path leftOut = corpus.resolve("other-package/tune.wav"); // an excerpt of a package this fetch leaves out
        Files.createDirectories(leftOut.getParent());
        Files.copy(corpus.resolve("tiny-music/long.wav"), leftOut);
        Path own = corpus.resolve("mine/own.wav");
        AudioWriter.write(SyntheticMusic.generate(2, RATE, 9), own, SampleFormat.PCM_16);
        List<String> log = new ArrayList<>();
        builder(corpus, 10, log).build();
        assertFalse(Files.exists(leftOut), "the excerpt of a package left out stays: " + log);
        assertTrue(log.contains("removing " + leftOut + ": no longer in the corpus"), log.toString());
        assertTrue(Files.exists(own), "a file of the user's own was removed");
    }

    /** An excerpt is kept by what it is, not by its name: another seed moves every excerpt, and CREDITS.csv says where. */
    @Test
    void anotherSeedMakesTheExcerptsAgainWhereItsCreditsSay() throws Exception {
        Path corpus = dir.resolve("reseeded");
        builder(corpus, 10, new ArrayList<>()).build();
        Path excerpt = corpus.resolve("tiny-music/long.wav");
        CorpusBuilder.Result reseeded = builder(corpus, 10, 8, new ArrayList<>()).build();
        assertEquals(2, reseeded.excerptsWritten(), "both excerpts made again");
        CorpusBuilder.Track long_ = reseeded.tracks().get(0);
        double start = builder(corpus, 10, 8, new ArrayList<>()).excerptStartSeconds(long_);
        assertNotEquals(start, builder(corpus, 10, new ArrayList<>()).excerptStartSeconds(long_), 1e-3, "another seed, another start");
        Audio source = AudioReader.read(long_.file()).audio();
        assertEquals(source.left()[(int) Math.round(start * RATE) + 100], AudioReader.read(excerpt).audio().left()[100], 0f);
        assertTrue(Files.readAllLines(corpus.resolve(CorpusBuilder.CREDITS)).get(1).contains(String.format(java.util.Locale.ROOT, ",%.3f,", start)));
        assertEquals(0, builder(corpus, 10, 8, new ArrayList<>()).build().excerptsWritten(), "then kept");
        assertFalse(new String(Files.readAllBytes(excerpt), java.nio.charset.StandardCharsets.ISO_8859_1).contains("ISFT"),
                "an excerpt is a function of its source and recipe, not of the code that cut it");

        // an excerpt that does not say how it was made (an older corpus, or a file put there) is made again too
        AudioWriter.write(AudioReader.read(excerpt).audio(), excerpt, SampleFormat.FLOAT_32);
        assertEquals(1, builder(corpus, 10, 8, new ArrayList<>()).build().excerptsWritten());
    }

    @Test
    void withoutAptTheErrorSaysWhatToDoInstead() {
        DebianPackages apt = new DebianPackages(dir.resolve("empty-cache"), "/nonexistent/apt-get");
        var e = assertThrows(java.io.IOException.class, () -> apt.fetch("wesnoth-1.16-music"));
        assertTrue(e.getMessage().contains("/nonexistent/apt-get is not available"), e.getMessage());
        assertTrue(e.getMessage().contains("mixer dataset build --from DIR"), e.getMessage());
    }

    @Test
    void dep5LongestMatchingPatternWins() throws Exception {
        Dep5Copyright c = Dep5Copyright.read(dir.resolve("pkg/usr/share/doc/tiny-music/copyright"));
        assertEquals("CC-BY-SA-4.0", c.creditOf("usr/share/games/tiny/music/other.wav").licence());
        assertEquals("GPL-2+", c.creditOf("usr/share/games/tiny/music/long.wav").licence());
        assertNull(Dep5Copyright.read(dir.resolve("missing")).creditOf("x.ogg"));
    }

    @Test
    void musicFoldersOnly() {
        assertTrue(Soundtrack.inMusicFolder("usr/share/naev/dat/snd/music/a.ogg"));
        assertTrue(Soundtrack.inMusicFolder("usr/share/games/openclonk/Music.ocg/a.ogg"));
        assertFalse(Soundtrack.inMusicFolder("usr/share/games/x/sounds/ambient/rain.ogg"));
        assertFalse(Soundtrack.inMusicFolder("music.ogg"));
    }
}
