package mixer.inference;

import mixer.dsp.Audio;
import mixer.dsp.Renderer;
import mixer.dsp.SyntheticMusic;
import mixer.dsp.io.AudioFile;
import mixer.dsp.io.AudioFileException;
import mixer.dsp.io.AudioReader;
import mixer.dsp.io.AudioWriter;
import mixer.dsp.io.SampleFormat;
import mixer.dsp.loudness.LoudnessMeter;
import mixer.dsp.params.MixSettings;
import mixer.dsp.params.Param;
import mixer.dsp.params.ParamsFile;
import mixer.training.ConstantPredictor;
import mixer.training.SettingsPredictor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class FileMixerTest {

    @TempDir
    Path dir;

    private FileMixer fileMixer(MixOptions options) {
        return new FileMixer(new Mixer(new TestPredictors.FromDescriptors()), options, Song.FileSong::preferredWriteFormat, true);
    }

    @Test
    void theSavedPresetRendersTheSameAudioAsTheMix() throws Exception {
        Path song = dir.resolve("song.wav");
        AudioWriter.write(SyntheticMusic.generate(3.2, 44_100, 21), song, SampleFormat.PCM_24);
        Path out = dir.resolve("out/song.wav");
        Path params = dir.resolve("out/song.json");
        FileMixer.Done d = fileMixer(MixOptions.DEFAULT.withAmount(0.8)).mix(new MixJob(song, out), params);

        MixSettings preset = ParamsFile.read(params);
        assertEquals(d.result().applied(), preset, "the preset holds the applied settings exactly");
        assertNotEquals(MixSettings.neutral(), preset);
        assertTrue(Files.readString(params).contains("\"model\" : \"test-descriptors\""));
        // what `mixer render song.wav -p song.json -o again.wav` does
        Path again = dir.resolve("again.wav");
        AudioFile in = AudioReader.read(song);
        AudioWriter.write(Renderer.render(in.audio(), preset, true), again, in.preferredWriteFormat());
        Audio mixed = AudioReader.read(out).audio(), rendered = AudioReader.read(again).audio();
        for (int ch = 0; ch < 2; ch++) assertArrayEquals(rendered.stereo()[ch], mixed.stereo()[ch], "bit-identical samples");
        assertEquals(preset, ParamsFile.read(out), "the mix carries its settings: `mixer render OTHER -p mix.wav` mixes alike");
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var fromPreset = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(params.toFile());
        var fromMix = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(mixer.dsp.io.WavComment.read(out).orElseThrow());
        assertEquals("mixer render SONG -p song.wav -o OUT.wav", fromMix.path("_mixed_by").path("render_with").asText(), "names itself");
        for (String key : new String[] {"provenance", "render_with"}) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) fromPreset.get("_mixed_by")).remove(key);
            ((com.fasterxml.jackson.databind.node.ObjectNode) fromMix.get("_mixed_by")).remove(key);
        }
        assertEquals(fromPreset, fromMix, "the WAV says what the preset says (its software and commit beside it, not in it)");
        assertEquals(SampleFormat.PCM_24, d.format());
        assertTrue(d.mixLoudness().truePeakDbtp() <= -1 + 1e-6);
    }

    @Test
    void aBatchSkipsACorruptFileAndMixesTheRestInTheirOwnRateAndDepth() throws Exception {
        Path songs = Files.createDirectories(dir.resolve("songs"));
        AudioWriter.write(SyntheticMusic.generate(2.5, 44_100, 1), songs.resolve("a.wav"), SampleFormat.PCM_16);
        Files.writeString(songs.resolve("b.wav"), "RIFF but not really a wave file at all");
        AudioWriter.write(SyntheticMusic.generate(2.5, 48_000, 2), songs.resolve("c.wav"), SampleFormat.FLOAT_32);
        Path outDir = dir.resolve("mixed");
        List<MixJob> jobs = MixJob.plan(List.of(songs), outDir, null, null);
        assertEquals(3, jobs.size());

        List<String> events = new ArrayList<>();
        FileMixer.Batch batch = fileMixer(MixOptions.DEFAULT).mixAll(jobs, j -> null, new FileMixer.Listener() {
            @Override
            public void done(int index, int total, FileMixer.Done done) {
                events.add(index + "/" + total + " done " + done.job().input().getFileName());
            }

            @Override
            public void failed(int index, int total, FileMixer.Failed failed) {
                events.add(index + "/" + total + " failed " + failed.job().input().getFileName());
            }
        });
        assertEquals(List.of("1/3 done a.wav", "2/3 failed b.wav", "3/3 done c.wav"), events);
        assertEquals(1, batch.failed().size());
        assertTrue(batch.failed().get(0).reason().contains("b.wav"), batch.failed().get(0).reason());
        assertFalse(Files.exists(outDir.resolve("b.wav")));

        AudioFile a = AudioReader.read(outDir.resolve("a.wav"));
        AudioFile c = AudioReader.read(outDir.resolve("c.wav"));
        assertEquals(44_100, a.sampleRateHz());
        assertEquals(16, a.bitsPerSample());
        assertEquals(48_000, c.sampleRateHz());
        assertTrue(c.floatingPoint());
        for (AudioFile f : List.of(a, c)) {
            assertTrue(LoudnessMeter.measure(f.audio()).truePeakDbtp() <= -1 + 1e-3, f.path() + " over -1 dBTP");
        }
    }

    @Test
    void aFailedWriteIsAFailureNotACrash() throws Exception {
        Path song = dir.resolve("song.wav");
        AudioWriter.write(SyntheticMusic.generate(2, 44_100, 3), song, SampleFormat.PCM_16);
        Path blocked = Files.createDirectories(dir.resolve("blocked.wav")); // a folder where the file should go
        FileMixer.Batch b = fileMixer(MixOptions.DEFAULT).mixAll(List.of(new MixJob(song, blocked)), j -> null,
                new FileMixer.Listener() {
                    @Override
                    public void done(int index, int total, FileMixer.Done done) {
                        fail("should not write over a folder");
                    }

                    @Override
                    public void failed(int index, int total, FileMixer.Failed failed) {
                    }
                });
        assertEquals(1, b.failed().size());
        assertTrue(b.failed().get(0).reason().contains("is a folder"), b.failed().get(0).reason());
        assertThrows(AudioFileException.class, () -> fileMixer(MixOptions.DEFAULT).mix(new MixJob(dir.resolve("none.wav"), dir.resolve("x.wav")), null));

        // a preset that cannot be written: the mix is not written either (it is written first, both committed last)
        Path aFile = Files.writeString(dir.resolve("a-file"), "not a folder");
        Path mix = dir.resolve("mixed.wav");
        assertThrows(java.io.IOException.class, () -> fileMixer(MixOptions.DEFAULT).mix(new MixJob(song, mix), aFile.resolve("p.json")));
        assertFalse(Files.exists(mix), "no mix without its preset");
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".part")), "no part file left");
        }
    }

    @Test
    void runningOutOfMemoryOnOneSongIsReportedAndTheBatchGoesOn() throws Exception {
        Path songs = Files.createDirectories(dir.resolve("songs"));
        for (String name : new String[] {"a.wav", "b.wav", "c.wav"}) {
            AudioWriter.write(SyntheticMusic.generate(2, 44_100, name.charAt(0)), songs.resolve(name), SampleFormat.PCM_16);
        }
        SettingsPredictor greedy = new TestPredictors.FromDescriptors() {
            int calls;

            @Override
            public double[] predictNormalized(List<mixer.dataset.features.Features> windows) {
                if (++calls == 2) throw new OutOfMemoryError("Java heap space");
                return super.predictNormalized(windows);
            }
        };
        FileMixer fm = new FileMixer(new Mixer(greedy), MixOptions.DEFAULT, Song.FileSong::preferredWriteFormat, false);
        List<String> events = new ArrayList<>();
        FileMixer.Batch b = fm.mixAll(MixJob.plan(List.of(songs), dir.resolve("out"), null, null), j -> null, new FileMixer.Listener() {
            @Override
            public void done(int index, int total, FileMixer.Done done) {
                events.add("done " + done.job().input().getFileName());
            }

            @Override
            public void failed(int index, int total, FileMixer.Failed failed) {
                events.add("failed " + failed.reason());
            }
        });
        assertEquals(2, b.done().size());
        assertEquals("done a.wav", events.get(0));
        assertTrue(events.get(1).contains("b.wav") && events.get(1).contains("out of memory (") && events.get(1).contains("MIXER_JAVA_OPTS='-Xmx"), events.get(1));
        assertEquals("done c.wav", events.get(2));
    }

    /**
     * A batch toward one reference reads each thing a stage hears of it once, not once per song: the model's windows,
     * and the whole of it for refinement or, without refinement, the air's and the distance's evenly spaced windows.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "refine {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    void aBatchTowardAReferenceReadsItOnceForEachStage(boolean refine) throws Exception {
        Path ref = dir.resolve("ref.wav");
        AudioWriter.write(Renderer.render(SyntheticMusic.generate(2.5, 44_100, 30), MixSettings.neutral().with(Param.HIGH_EQ_DB, 6), false),
                ref, SampleFormat.PCM_24);
        Song.FileSong file = Song.of(ref);
        int[] opened = {0};
        Song counted = new Song() {
            public mixer.dsp.AudioSource open() throws java.io.IOException {
                opened[0]++;
                return file.open();
            }

            public int sampleRateHz() {
                return file.sampleRateHz();
            }

            public int sourceChannels() {
                return file.sourceChannels();
            }

            public long frames() throws java.io.IOException {
                return file.frames();
            }
        };
        SettingsPredictor matchOther = TestPredictors.matchOther("match-constant", ConstantPredictor.neutral());
        FileMixer refining = new FileMixer(new Mixer(matchOther, 2, counted), MixOptions.DEFAULT.withRefine(refine),
                Song.FileSong::preferredWriteFormat, !refine); // measured: the distance to the reference hears it too
        java.util.List<MixJob> jobs = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Path song = dir.resolve("song" + i + ".wav");
            AudioWriter.write(SyntheticMusic.generate(2.5, 44_100, 40 + i), song, SampleFormat.PCM_24);
            jobs.add(new MixJob(song, dir.resolve("out/song" + i + ".wav")));
        }
        FileMixer.Batch batch = refining.mixAll(jobs, j -> null, new FileMixer.Listener() {
            public void done(int index, int total, FileMixer.Done done) {
            }

            public void failed(int index, int total, FileMixer.Failed failed) {
                fail(failed.reason());
            }
        });
        assertEquals(3, batch.done().size());
        assertEquals(2, opened[0], "the model's windows once, and the whole of it or its evenly spaced windows once");
        if (refine) assertTrue(batch.done().get(0).result().applied().get(Param.HIGH_EQ_DB) > 0, "refined toward a brighter reference");
        else assertTrue(batch.done().stream().allMatch(d -> d.referenceFit() != null), "every song's distance to the reference");
    }

    /** A long song says each pass over it as it begins (a minute or more in silence otherwise); a short one says nothing. */
    @Test
    void aLongSongSaysEachPassAsItBegins() throws Exception {
        Path longSong = dir.resolve("long.wav"), shortSong = dir.resolve("short.wav");
        AudioWriter.write(SyntheticMusic.generate(FileMixer.LONG_SECONDS, 8_000, 3), longSong, SampleFormat.PCM_16);
        AudioWriter.write(SyntheticMusic.generate(3.2, 8_000, 4), shortSong, SampleFormat.PCM_16);
        java.util.List<String> passes = new java.util.ArrayList<>();
        FileMixer.Batch batch = fileMixer(MixOptions.DEFAULT).mixAll(java.util.List.of(new MixJob(longSong, dir.resolve("out/long.wav")),
                new MixJob(shortSong, dir.resolve("out/short.wav"))), job -> null, new FileMixer.Listener() {
                    @Override
                    public void pass(MixJob job, int pass, int of, String what) {
                        passes.add(job.input().getFileName() + " " + pass + "/" + of + " " + what);
                    }

                    @Override
                    public void done(int index, int total, FileMixer.Done done) {
                    }

                    @Override
                    public void failed(int index, int total, FileMixer.Failed failed) {
                        fail(failed.reason());
                    }
                });
        assertEquals(2, batch.done().size());
        assertEquals(java.util.List.of("long.wav 1/3 reading the windows the model hears",
                "long.wav 2/3 deciding the settings (measuring the mix)", "long.wav 3/3 rendering and writing the mix"), passes);
    }
}
