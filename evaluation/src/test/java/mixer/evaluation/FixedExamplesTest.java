package mixer.evaluation;

import mixer.dataset.Example;
import mixer.dataset.Manifest;
import mixer.dataset.Split;
import mixer.dataset.features.FeatureCache;
import mixer.dataset.features.FeatureConfig;
import mixer.dataset.features.Features;
import mixer.dataset.features.SongWindows;
import mixer.dsp.Audio;
import mixer.dsp.SyntheticMusic;
import mixer.dsp.io.AudioReader;
import mixer.dsp.io.AudioWriter;
import mixer.dsp.io.SampleFormat;
import mixer.training.FixedExamples;
import mixer.training.SettingsPredictor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Validation and test rows are heard as `mixer mix` hears a song: its windows, the model's own
 * aggregation. (Here rather than in training: reading a manifest needs the commons-io of this module's
 * class path, not DL4J's older one.)
 */
class FixedExamplesTest {

    @TempDir
    Path dir;

    @Test
    void aRowIsHeardThroughTheSongsWindowsAndPredictedByTheModelsOwnAggregation() throws Exception {
        int rate = 44_100, window = FeatureConfig.DEFAULT.windowSamples(rate);
        Audio music = SyntheticMusic.generate(5.0 * window / rate, rate, 9);
        for (float[] ch : music.stereo()) Arrays.fill(ch, 0, 2 * window, 0f); // a silent intro: two windows of nothing
        AudioWriter.write(music, dir.resolve("v.wav"), SampleFormat.FLOAT_32);
        double[] targets = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0};
        Manifest manifest = new Manifest(dir.resolve("manifest.csv"), List.of(new Example("t#0", Split.VALIDATION, "v.wav", "v.wav", targets, 1)));
        manifest.write();

        FixedExamples rows = FixedExamples.load(Manifest.read(dir.resolve("manifest.csv")), mixer.dataset.Task.RESTORE, Split.VALIDATION, FeatureConfig.DEFAULT,
                new FeatureCache(dir.resolve("cache")), line -> { });
        List<Features> song = SongWindows.features(AudioReader.read(dir.resolve("v.wav")).audio(), FeatureConfig.DEFAULT,
                SongWindows.DEFAULT_MAX_WINDOWS);
        List<Features> heard = rows.rows().get(0).windows();
        assertEquals(3, song.size(), "five windows, the two silent ones left out");
        assertEquals(song.size(), heard.size());
        for (int w = 0; w < song.size(); w++) assertArrayEquals(song.get(w).descriptors(), heard.get(w).descriptors(), "window " + w);

        // a row's prediction is the model's own answer for all its windows at once (its aggregation, not a mean taken here)
        List<List<Features>> given = new ArrayList<>();
        SettingsPredictor middle = new SettingsPredictor() {
            public String name() {
                return "middle";
            }

            public FeatureConfig featureConfig() {
                return FeatureConfig.DEFAULT;
            }

            public double[] predictNormalized(List<Features> windows) {
                given.add(windows);
                double[] p = new double[10];
                Arrays.fill(p, 0.5);
                return p;
            }
        };
        double[] mae = rows.maePerParam(middle);
        assertEquals(List.of(heard), given, "one call per row, with all its windows");
        for (int p = 0; p < 10; p++) assertEquals(Math.abs(0.5 - targets[p]), mae[p], 1e-12);
    }
}
