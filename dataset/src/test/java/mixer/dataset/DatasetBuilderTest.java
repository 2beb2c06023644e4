package mixer.dataset;

import mixer.dsp.Audio;
import mixer.dsp.Renderer;
import mixer.dsp.SyntheticMusic;
import mixer.dsp.io.AudioReader;
import mixer.dsp.io.AudioWriter;
import mixer.dsp.io.SampleFormat;
import mixer.dsp.params.MixSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class DatasetBuilderTest {

    @TempDir
    Path dir;

    private Path corpus(int tracks) throws IOException {
        Path c = dir.resolve("corpus");
        for (int i = 0; i < tracks; i++) {
            AudioWriter.write(SyntheticMusic.generate(2.5, i % 2 == 0 ? 44_100 : 48_000, i),
                    c.resolve("pkg" + (i % 3)).resolve("track" + i + ".wav"), SampleFormat.PCM_24);
        }
        return c;
    }

    private DatasetBuilder.Options options(Path corpus) {
        return new DatasetBuilder.Options(corpus, dir.resolve("dataset"), Task.RESTORE, 99, 2.0, 1, 2);
    }

    @Test
    void buildsSplitsManifestAndExamplesThatRenderBackToTheirSource() throws IOException {
        Path corpus = corpus(12);
        List<String> log = new ArrayList<>();
        DatasetBuilder.Result r = new DatasetBuilder(options(corpus), log::add).build();
        Manifest m = Manifest.read(dir.resolve("dataset/manifest.csv"));
        assertEquals(r.manifest().examples(), m.examples());
        int train = r.tracks().get(Split.TRAIN), test = r.tracks().get(Split.TEST), val = r.tracks().get(Split.VALIDATION);
        assertEquals(12, train + test + val);
        assertEquals(train, m.split(Split.TRAIN).size());
        assertEquals(test, m.split(Split.TEST).size());
        assertEquals(2 * val, m.split(Split.VALIDATION).size());
        assertTrue(log.stream().anyMatch(l -> l.contains("warning: 12 usable tracks")), log.toString());
        assertTrue(Files.exists(dir.resolve("dataset/provenance.json")));

        for (Example e : m.examples()) {
            if (!e.hasTargets()) continue;
            Audio input = AudioReader.read(m.resolve(e.audio())).audio();
            Audio source = AudioReader.read(m.resolve(e.source())).audio();
            Audio back = Renderer.render(input, MixSettings.ofNormalized(e.targets()), false);
            assertTrue(errorDb(source, back) < -60, e.id() + ": render(input, targets) is "
                    + errorDb(source, back) + " dB from the source");
            assertEquals(SettingsSampler.forSeed(e.seed()), MixSettings.ofNormalized(e.targets()));
        }
    }

    /** Issue 12 item 3: a 24 kHz track passed the check and then aborted the build; now every rate builds, as mix does. */
    @Test
    void tracksAtLowRatesAreUsedWithTheStagesTheRateCannotCarryNeutral() throws IOException {
        Path c = dir.resolve("low");
        int[] rates = {8_000, 22_050, 24_000, 32_000, 44_100, 48_000};
        for (int i = 0; i < rates.length; i++) {
            AudioWriter.write(SyntheticMusic.generate(2.5, rates[i], i), c.resolve("t" + i + ".wav"), SampleFormat.PCM_16);
        }
        List<String> log = new ArrayList<>();
        DatasetBuilder.Options o = new DatasetBuilder.Options(c, dir.resolve("low-ds"), Task.RESTORE, 7, 2.0, 1, 3,
                SplitFractions.only(Split.TEST));
        DatasetBuilder.Result r = new DatasetBuilder(o, log::add).build();
        assertEquals(rates.length, r.tracks().get(Split.TEST), "no track skipped: " + r.skipped());
        assertTrue(log.stream().anyMatch(l -> l.contains("t1.wav is at 22050 Hz") && l.contains("air_db")), log.toString());
        Manifest m = r.manifest();
        for (Example e : m.examples()) {
            Audio input = AudioReader.read(m.resolve(e.audio())).audio();
            Audio source = AudioReader.read(m.resolve(e.source())).audio();
            int rate = source.sampleRateHz();
            MixSettings targets = MixSettings.ofNormalized(e.targets());
            assertArrayEquals(mixer.dsp.chain.MixChain.applicable(SettingsSampler.forSeed(e.seed()), rate).normalized(), e.targets(), 1e-12, e.id());
            if (rate <= 24_000) assertEquals(0, targets.get(mixer.dsp.params.Param.AIR_DB), 1e-9, e.id() + ": bypassed, neutral");
            if (rate <= 8_000) assertEquals(0, targets.get(mixer.dsp.params.Param.HIGH_EQ_DB), 1e-9, e.id());
            assertTrue(errorDb(source, Renderer.render(input, targets, false)) < -60, e.id() + ": the targets render back to the source");
        }
    }

    /** A second build of the same inputs does nothing; one with another seed keeps no render of the first. */
    @Test
    void aRebuildIsUpToDateOrStartsAfreshNeverMixingTheTwo() throws IOException {
        Path corpus = corpus(6);
        Files.writeString(corpus.resolve("notes.wav"), "not audio");
        List<String> first = new ArrayList<>();
        List<DatasetBuilder.Skipped> skipped = new DatasetBuilder(options(corpus), first::add).build().skipped();
        assertEquals(1, skipped.size(), skipped.toString());
        assertFalse(first.stream().anyMatch(l -> l.contains("removed the renders")), "a first build removes nothing: " + first);
        Path manifest = dir.resolve("dataset/manifest.csv");
        var firstTime = Files.getLastModifiedTime(manifest);
        List<String> log = new ArrayList<>();
        assertEquals(skipped, new DatasetBuilder(options(corpus), log::add).build().skipped(), "an up-to-date build reports the same skips");
        assertTrue(log.stream().anyMatch(l -> l.contains("is up to date")), log.toString());
        assertEquals(firstTime, Files.getLastModifiedTime(manifest), "nothing rewritten");

        log.clear();
        DatasetBuilder.Options otherSeed = new DatasetBuilder.Options(corpus, dir.resolve("dataset"), Task.RESTORE, 100, 2.0, 1, 2);
        Manifest m = new DatasetBuilder(otherSeed, log::add).build().manifest();
        assertTrue(log.stream().anyMatch(l -> l.contains("removed the renders of an earlier build")), log.toString());
        for (Example e : m.examples()) {
            if (!e.hasTargets()) continue;
            Audio back = Renderer.render(AudioReader.read(m.resolve(e.audio())).audio(), MixSettings.ofNormalized(e.targets()), false);
            assertTrue(errorDb(AudioReader.read(m.resolve(e.source())).audio(), back) < -60, e.id() + ": its render matches its targets");
        }
    }

    /** A build stopped before its manifest (Ctrl-C, a kill) goes on from its renders, says so, and ends as one run would. */
    @Test
    void anInterruptedBuildResumesFromItsRendersToTheSameManifest() throws IOException {
        Path corpus = corpus(6);
        new DatasetBuilder(options(corpus), line -> { }).build();
        Path out = dir.resolve("dataset");
        byte[] whole = Files.readAllBytes(out.resolve("manifest.csv"));
        Files.delete(out.resolve("manifest.csv")); // stopped before its last two files
        Files.delete(out.resolve(DatasetProvenance.FILE));
        List<Path> renders;
        try (var files = Files.walk(out)) {
            renders = files.filter(f -> f.toString().endsWith(".wav")).toList();
        }
        assertFalse(renders.isEmpty());
        for (Path f : renders) Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.fromMillis(0));
        List<String> log = new ArrayList<>();
        new DatasetBuilder(options(corpus), log::add).build();
        assertTrue(log.stream().anyMatch(l -> l.contains("resuming the interrupted build")), log.toString());
        for (Path f : renders) assertEquals(0, Files.getLastModifiedTime(f).toMillis(), f + " kept, not rendered again");
        assertArrayEquals(whole, Files.readAllBytes(out.resolve("manifest.csv")));
    }

    /**
     * The feature cache is named by the audio's bytes and the feature configuration, not by the code: a build that starts
     * afresh (other tracks, options or code) keeps none of the earlier build's features, or features computed by other
     * code would be read as this code's (after a code change the renders are often the same bytes).
     */
    @Test
    void aBuildThatStartsAfreshKeepsNoFeaturesOfTheEarlierOne() throws IOException {
        Path corpus = corpus(6);
        new DatasetBuilder(options(corpus), line -> { }).build();
        List<Path> earlier;
        try (var files = Files.walk(dir.resolve("dataset").resolve(TrackWork.FEATURES))) {
            earlier = files.filter(Files::isRegularFile).toList();
        }
        assertFalse(earlier.isEmpty(), "a build caches the features of its renders");
        for (Path f : earlier) Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.fromMillis(0)); // "the old code's"
        // as after a code change: the last build's record names other inputs (its commit is in them)
        Files.writeString(dir.resolve("dataset").resolve(".inputs"), "inputs of other code\n");
        Files.delete(dir.resolve("dataset").resolve(DatasetProvenance.FILE));
        List<String> log = new ArrayList<>();
        new DatasetBuilder(options(corpus), log::add).build();
        assertTrue(log.stream().anyMatch(l -> l.contains("removed the renders of an earlier build")), log.toString());
        for (Path f : earlier) {
            assertTrue(!Files.exists(f) || Files.getLastModifiedTime(f).toMillis() > 0, f + ": the earlier build's features were kept");
        }
    }

    /**
     * A build stopped between its manifest and its record (a helper's walk, kill -9) left a manifest that training took
     * as a user's (a restore dataset silently; a match dataset refused with advice to write its record by hand).
     */
    @Test
    void aManifestWhoseBuildHasNotFinishedIsNotRead() throws IOException {
        Path corpus = corpus(6);
        new DatasetBuilder(options(corpus), line -> { }).build();
        Path manifest = dir.resolve("dataset/manifest.csv");
        Files.delete(dir.resolve("dataset").resolve(DatasetProvenance.FILE)); // as if killed just before it was written
        IOException e = assertThrows(IOException.class, () -> Manifest.read(manifest));
        assertEquals(manifest + ": the build of this dataset has not finished (no provenance.json beside it yet): run the same "
                + "`mixer dataset build` again to finish it", e.getMessage());
        new DatasetBuilder(options(corpus), line -> { }).build(); // which finishes it
        assertFalse(Manifest.read(manifest).examples().isEmpty());
    }

    @Test
    void aRebuildWithTheSameSeedGivesTheSameManifest() throws IOException {
        Path corpus = corpus(9);
        new DatasetBuilder(options(corpus), s -> { }).build();
        String first = Files.readString(dir.resolve("dataset/manifest.csv"));
        new DatasetBuilder(options(corpus), s -> { }).build();
        assertEquals(first, Files.readString(dir.resolve("dataset/manifest.csv")));
    }

    /** Issue 12 item 6: a second build into a folder inside the corpus took the first one's renders in as tracks. */
    @Test
    void aBuildNeverTakesADatasetsRendersInAsTracks() throws IOException {
        Path corpus = corpus(6);
        Path out = corpus.resolve("ds");
        DatasetBuilder.Options o = new DatasetBuilder.Options(corpus, out, Task.RESTORE, 99, 2.0, 1, 2);
        DatasetBuilder.Result first = new DatasetBuilder(o, s -> { }).build();
        String manifest = Files.readString(out.resolve("manifest.csv"));
        // another dataset inside the corpus, built from elsewhere, is left out too
        Path elsewhere = dir.resolve("elsewhere");
        for (int i = 0; i < 3; i++) {
            AudioWriter.write(SyntheticMusic.generate(2.5, 44_100, 50 + i), elsewhere.resolve("x" + i + ".wav"), SampleFormat.PCM_16);
        }
        new DatasetBuilder(new DatasetBuilder.Options(elsewhere, corpus.resolve("pkg1/old-ds"), Task.RESTORE, 99, 2.0, 1, 2), s -> { }).build();

        List<String> log = new ArrayList<>();
        DatasetBuilder.Result second = new DatasetBuilder(o, log::add).build();
        assertEquals(6, second.manifest().examples().stream().map(e -> e.id().split("#")[0]).distinct().count());
        assertEquals(first.tracks(), second.tracks());
        assertEquals(manifest, Files.readString(out.resolve("manifest.csv")), "the same dataset again");
        List<String> said = log.stream().filter(l -> l.startsWith("not searched for tracks")).toList();
        assertEquals(1, said.size(), "one line says which folders were left out: " + log);
        assertTrue(said.get(0).contains(out + " (this build's output folder)")
                && said.get(0).contains(corpus.resolve("pkg1/old-ds") + " (a mixer dataset)"), said.get(0));

        var e = assertThrows(IOException.class, () -> new DatasetBuilder(
                new DatasetBuilder.Options(corpus, corpus, Task.RESTORE, 99, 2.0, 1, 2), s -> { }).build());
        assertTrue(e.getMessage().contains("--out a folder of its own"), e.getMessage());
        e = assertThrows(IOException.class, () -> new DatasetBuilder(
                new DatasetBuilder.Options(out, dir.resolve("again"), Task.RESTORE, 99, 2.0, 1, 2), s -> { }).build());
        assertTrue(e.getMessage().startsWith(out + ": a mixer dataset"), e.getMessage());
    }

    /** A build deleted a folder's own train/ and test/ (even the tracks it was reading) as "the renders of an earlier build". */
    @Test
    void aBuildNeverDeletesFilesNoMixerBuildMade() throws IOException {
        Path corpus = corpus(4);
        Path mine = dir.resolve("mine");
        Files.createDirectories(mine.resolve("test"));
        Files.writeString(mine.resolve("test/notes.txt"), "mine");
        Files.writeString(mine.resolve("manifest.csv"), "my own pairs");
        var e = assertThrows(IOException.class, () -> new DatasetBuilder(
                new DatasetBuilder.Options(corpus, mine, Task.RESTORE, 99, 2.0, 1, 2), s -> { }).build());
        assertTrue(e.getMessage().startsWith(mine + ": holds manifest.csv, test/") && e.getMessage().contains("empty or new folder"),
                e.getMessage());
        assertEquals("mine", Files.readString(mine.resolve("test/notes.txt")));
        assertEquals("my own pairs", Files.readString(mine.resolve("manifest.csv")));

        // tracks in the folder a build renders into: the first build with other options would delete them
        Path music = dir.resolve("music");
        AudioWriter.write(SyntheticMusic.generate(2.5, 44_100, 1), music.resolve("train/a.wav"), SampleFormat.PCM_16);
        e = assertThrows(IOException.class, () -> new DatasetBuilder(
                new DatasetBuilder.Options(music.resolve("train"), music, Task.RESTORE, 99, 2.0, 1, 2), s -> { }).build());
        assertTrue(e.getMessage().contains("a folder that does not hold the tracks"), e.getMessage());
        assertTrue(Files.isRegularFile(music.resolve("train/a.wav")));
    }

    /** A corpus of linked album folders, or --from a link, was "no audio files in this folder". */
    @Test
    void linkedFoldersOfTracksAreSearched() throws IOException {
        Path corpus = corpus(6);
        Path linked = Files.createDirectories(dir.resolve("linked"));
        for (String pkg : List.of("pkg0", "pkg1", "pkg2")) Files.createSymbolicLink(linked.resolve(pkg), corpus.resolve(pkg));
        Files.createSymbolicLink(linked.resolve("loop"), linked); // a link back up: left out, not followed for ever
        Path link = Files.createSymbolicLink(dir.resolve("link-to-linked"), linked);
        List<String> log = new ArrayList<>();
        DatasetBuilder.Result r = new DatasetBuilder(new DatasetBuilder.Options(link, dir.resolve("ds"), Task.RESTORE, 99, 2.0, 1, 2),
                log::add).build();
        assertEquals(6, r.tracks().values().stream().mapToInt(Integer::intValue).sum(), log.toString());
        assertTrue(r.manifest().examples().stream().anyMatch(e -> e.id().startsWith("pkg1/track")), r.manifest().examples().toString());
    }

    @Test
    void badFilesAreSkippedWithTheirReason() throws IOException {
        Path corpus = corpus(6);
        AudioWriter.write(Audio.silence(44_100 * 3, 44_100), corpus.resolve("silent.wav"), SampleFormat.PCM_16);
        AudioWriter.write(SyntheticMusic.generate(0.5, 44_100, 1), corpus.resolve("short.wav"), SampleFormat.PCM_16);
        Files.writeString(corpus.resolve("notes.wav"), "not audio");
        List<String> log = new ArrayList<>();
        Path relative = Path.of("").toAbsolutePath().relativize(corpus); // --from as a user types it
        DatasetBuilder.Result r = new DatasetBuilder(options(relative), log::add).build();
        assertEquals(3, r.skipped().size());
        String reasons = r.skipped().toString();
        assertTrue(reasons.contains("silent") && reasons.contains("too short") && reasons.contains("notes.wav"), reasons);
        // provenance.json names them as it names the corpus: absolute, not relative to the folder the build ran in
        String provenance = Files.readString(dir.resolve("dataset/provenance.json"));
        assertTrue(provenance.contains("\"file\" : \"" + corpus.toAbsolutePath().resolve("silent.wav") + "\""), provenance);
        assertEquals(6, r.tracks().values().stream().mapToInt(Integer::intValue).sum());
    }

    /** A copy of a track under another name was used twice, and could be a training track and a test track at once. */
    @Test
    void aCopyOfATrackIsSkipped() throws IOException {
        Path corpus = corpus(6);
        Files.copy(corpus.resolve("pkg1/track1.wav"), corpus.resolve("pkg2/track1 (copy).wav"));
        DatasetBuilder.Result r = new DatasetBuilder(options(corpus), s -> { }).build();
        assertEquals(6, r.tracks().values().stream().mapToInt(Integer::intValue).sum());
        assertEquals(1, r.skipped().size());
        assertEquals(corpus.resolve("pkg2/track1 (copy).wav"), r.skipped().get(0).file());
        assertTrue(r.skipped().get(0).reason().startsWith("the same audio as " + corpus.resolve("pkg1/track1.wav")),
                r.skipped().get(0).reason());
    }

    @Test
    void duplicateTrackIdsAndEmptyFoldersAreErrors() throws IOException {
        Path corpus = corpus(4);
        AudioWriter.write(SyntheticMusic.generate(2.5, 44_100, 1), corpus.resolve("pkg0/track0.WAV"), SampleFormat.PCM_16);
        Files.move(corpus.resolve("pkg0/track0.WAV"), corpus.resolve("pkg0/track0.flac"));
        var e = assertThrows(IOException.class, () -> new DatasetBuilder(options(corpus), s -> { }).build());
        assertTrue(e.getMessage().contains("pkg0/track0"), e.getMessage());

        Path empty = Files.createDirectories(dir.resolve("empty"));
        e = assertThrows(IOException.class, () -> new DatasetBuilder(options(empty), s -> { }).build());
        assertTrue(e.getMessage().contains("no audio files"), e.getMessage());
    }

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
}
