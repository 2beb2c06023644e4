package mixer.dataset;

import mixer.dataset.features.FeatureConfig;
import mixer.dataset.features.Features;
import mixer.dataset.features.PairDocs;
import mixer.dataset.features.SongWindows;
import mixer.dsp.Audio;
import mixer.dsp.Renderer;
import mixer.dsp.SyntheticMusic;
import mixer.dsp.io.AudioReader;
import mixer.dsp.io.AudioWriter;
import mixer.dsp.io.SampleFormat;
import mixer.dsp.params.MixSettings;
import mixer.dsp.params.Param;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The match tasks (issue 15): what the model hears is a pair of an input and a reference, in training and in fixed rows. */
class MatchTaskTest {

    @TempDir
    Path dir;

    @Test
    void taskIdsAndTheMatchShorthand() {
        assertEquals(Task.MATCH_SAME, Task.of("match"), "match alone is match same");
        assertEquals(Task.MATCH_OTHER, Task.of("match-other"));
        assertEquals(Task.MATCH_OTHER, Task.of("match_other"));
        assertEquals(Task.MATCH_OTHER, Task.match("other"));
        assertEquals("match-same", Task.MATCH_SAME.id());
        assertTrue(Task.MATCH_SAME.hasReference() && !Task.RESTORE.hasReference());
        assertThrows(IllegalArgumentException.class, () -> Task.match("another"));
    }

    @Test
    void aMatchSameExampleIsTheInputTheReferenceAndTheirDifference() {
        Audio track = SyntheticMusic.generate(6, 44_100, 3);
        TrainingExamples same = TrainingExamples.of(List.of(track), Task.MATCH_SAME, FeatureConfig.DEFAULT, 5);
        Features f = same.draw(0, 0, 0).features();
        int d = FeatureConfig.DEFAULT.descriptorCount();
        assertEquals(3 * Features.CHANNELS, f.logMel().length, "input mid/side, reference mid/side, difference mid/side");
        assertEquals(3 * d + PairDocs.of(FeatureConfig.LATEST_VERSION, true).size(), f.descriptors().length,
                "the input's, the reference's, their difference, and how the one follows from the other");
        for (int c = 0; c < 2; c++) {
            for (int b = 0; b < f.logMel()[0].length; b += 7) {
                for (int t = 0; t < f.logMel()[0][0].length; t += 11) {
                    assertEquals(f.logMel()[2 + c][b][t] - f.logMel()[c][b][t], f.logMel()[4 + c][b][t], 1e-5);
                }
            }
        }
        for (int i = 0; i < d; i++) assertEquals(f.descriptors()[d + i] - f.descriptors()[i], f.descriptors()[2 * d + i], 1e-4);
        // the first part is what the model would hear of the raw crop alone: the restore features of the same crop
        assertArrayEquals(f.descriptors(), same.draw(0, 0, 0).features().descriptors(), "a pure function of (seed, epoch, track, k)");
    }

    @Test
    void aMatchSameReferenceIsTheMixOfTheSameCropAndMatchOtherOfAnother() {
        Audio track = SyntheticMusic.generate(12, 44_100, 4);
        int d = FeatureConfig.DEFAULT.descriptorCount();
        Features same = TrainingExamples.of(List.of(track), Task.MATCH_SAME, FeatureConfig.DEFAULT, 5).draw(1, 0, 0).features();
        Features other = TrainingExamples.of(List.of(track), Task.MATCH_OTHER, FeatureConfig.DEFAULT, 5).draw(1, 0, 0).features();
        // the same seed draws the same crop and settings first: the inputs agree, the references do not
        assertArrayEquals(java.util.Arrays.copyOf(same.descriptors(), d), java.util.Arrays.copyOf(other.descriptors(), d));
        assertFalse(java.util.Arrays.equals(java.util.Arrays.copyOfRange(same.descriptors(), d, 2 * d),
                java.util.Arrays.copyOfRange(other.descriptors(), d, 2 * d)), "match other's reference is another crop's mix");
        assertEquals(3 * d + PairDocs.of(FeatureConfig.LATEST_VERSION, true).size(), same.descriptors().length);
        assertEquals(3 * d, other.descriptors().length, "two crops carry no pair signatures");
    }

    @Test
    void matchDatasetsWriteTheReferenceColumnAndItsAudio() throws IOException {
        Path corpus = dir.resolve("corpus");
        for (int i = 0; i < 6; i++) {
            AudioWriter.write(SyntheticMusic.generate(4, 44_100, i), corpus.resolve("pkg/track" + i + ".wav"), SampleFormat.PCM_24);
        }
        for (Task task : new Task[] {Task.MATCH_SAME, Task.MATCH_OTHER}) {
            Path out = dir.resolve("dataset-" + task.id());
            new DatasetBuilder(new DatasetBuilder.Options(corpus, out, task, 99, 2.0, 1, 2), s -> { }).build();
            Manifest m = Manifest.read(out.resolve("manifest.csv"));
            assertTrue(Files.readString(m.file()).startsWith("id,split,audio,reference,source,"), "the reference column follows audio");
            List<Example> fixed = new ArrayList<>(m.split(Split.TEST));
            fixed.addAll(m.split(Split.VALIDATION));
            assertFalse(fixed.isEmpty());
            for (Example e : fixed) {
                assertTrue(e.hasReference(), e.id());
                Audio input = m.readAudio(e, "audio"), reference = m.readAudio(e, Manifest.REFERENCE);
                Audio source = m.readAudio(e, "source");
                MixSettings p = MixSettings.ofNormalized(e.targets());
                if (task == Task.MATCH_SAME) {
                    assertEquals(e.source(), e.audio(), "match same's input is the finished excerpt itself");
                    assertTrue(maxDifference(Renderer.render(input, p, false), reference) < 1e-5, "the reference is its mix");
                } else {
                    int half = source.frames() / 2;
                    assertTrue(input.frames() == half || input.frames() == source.frames() - half, "one half is the input");
                    Audio otherHalf = input.frames() == half && maxDifference(input, source.slice(0, half)) == 0
                            ? source.slice(half, source.frames()) : source.slice(0, half);
                    assertTrue(maxDifference(Renderer.render(otherHalf, p, false), reference) < 1e-5, "the other half's mix");
                }
            }
            for (Example e : m.split(Split.TRAIN)) assertFalse(e.hasReference(), "training rows draw theirs afresh");
        }
    }

    @Test
    void aManifestWithoutTheReferenceColumnReadsAsBefore() throws IOException {
        Path file = dir.resolve("m.csv");
        Files.writeString(file, String.join(",", Manifest.COLUMNS) + "\na,train,a.wav,a.wav,,,,,,,,,,,1\n");
        Example e = Manifest.read(file).examples().get(0);
        assertFalse(e.hasReference());
        new Manifest(file, List.of(e)).write();
        assertFalse(Files.readString(file).contains("reference"), "a manifest of blind rows keeps its columns");
    }

    /**
     * A user's own match-same pair (a take and its mix) whose mix was two seconds longer was heard out of step: in
     * training its reference crop was drawn elsewhere, in fixed rows its windows were spread over another length.
     */
    @Test
    void aTakeAndAMixOfAnotherLengthAreRefusedNamingTheRow() throws IOException {
        Audio take = SyntheticMusic.generate(6, 44_100, 7);
        Audio mix = Renderer.render(SyntheticMusic.generate(8, 44_100, 7), MixSettings.neutral(), false);
        AudioWriter.write(take, dir.resolve("take.wav"), SampleFormat.FLOAT_32);
        AudioWriter.write(mix, dir.resolve("mix.wav"), SampleFormat.FLOAT_32);
        String targets = ",0.5".repeat(Param.COUNT);
        Path file = dir.resolve("manifest.csv");
        Files.writeString(file, "id,split,audio,reference,source," + String.join(",", Param.all().stream().map(p -> p.id).toList())
                + ",seed\ntake,train,take.wav,mix.wav,take.wav" + targets + ",1\n");
        Manifest m = Manifest.read(file);
        IOException e = assertThrows(IOException.class,
                () -> TrainingExamples.load(m, Task.MATCH_SAME, FeatureConfig.DEFAULT, 1));
        assertTrue(e.getMessage().startsWith(file + " line 2 (example 'take'): the reference is 352800 frames (8.000 s) "
                + "and the input 264600 (6.000 s)"), e.getMessage());
        TrainingExamples.load(m, Task.MATCH_OTHER, FeatureConfig.DEFAULT, 1); // another crop may have any length

        var cache = new mixer.dataset.features.FeatureCache(dir.resolve("cache"));
        e = assertThrows(IOException.class, () -> cache.pairWindows(dir.resolve("take.wav"), dir.resolve("mix.wav"), true,
                FeatureConfig.DEFAULT, SongWindows.DEFAULT_MAX_WINDOWS));
        assertTrue(e.getMessage().contains("give them one length"), e.getMessage());
    }

    @Test
    void windowPairsOfOneLengthAreAlignedAndSkipTheInputsSilence() {
        Audio music = SyntheticMusic.generate(8, 44_100, 2);
        float[][] ch = {music.stereo()[0].clone(), music.stereo()[1].clone()};
        java.util.Arrays.fill(ch[0], 0, 44_100 * 3, 0f); // three silent seconds at the start
        java.util.Arrays.fill(ch[1], 0, 44_100 * 3, 0f);
        Audio input = new Audio(ch, 44_100);
        Audio reference = Renderer.render(input, MixSettings.neutral().with(Param.REVERB_SEND, 0.6), false);
        int window = FeatureConfig.DEFAULT.windowSamples(44_100);
        List<Audio> in = SongWindows.readAllOf(input, window, 4), ref = SongWindows.readAllOf(reference, window, 4);
        List<Audio[]> pairs = SongWindows.pairs(in, ref);
        assertEquals(SongWindows.audible(in).size(), pairs.size(), "pairs where the input is audible");
        for (Audio[] p : pairs) assertEquals(p[0].frames(), p[1].frames());
        assertSame(in.get(in.size() - 1), pairs.get(pairs.size() - 1)[0]);
        assertSame(ref.get(ref.size() - 1), pairs.get(pairs.size() - 1)[1], "the same place in both");
    }

    private static double maxDifference(Audio a, Audio b) {
        assertEquals(a.frames(), b.frames());
        double max = 0;
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < a.frames(); i++) max = Math.max(max, Math.abs(a.stereo()[c][i] - b.stereo()[c][i]));
        }
        return max;
    }
}
