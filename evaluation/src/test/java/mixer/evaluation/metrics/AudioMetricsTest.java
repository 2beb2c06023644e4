package mixer.evaluation.metrics;

import mixer.dsp.Audio;
import mixer.dsp.Renderer;
import mixer.dsp.SyntheticMusic;
import mixer.dsp.analysis.MultiResolutionStft;
import mixer.dsp.params.MixSettings;
import mixer.dsp.params.Param;
import mixer.evaluation.Predictions;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AudioMetricsTest {

    private static final Audio MUSIC = SyntheticMusic.generate(2.0, 44_100, 1);

    @Test
    void identicalAudioScoresZero() {
        MultiResolutionStft stft = MultiResolutionStft.standard();
        assertEquals(0.0, stft.distance(MUSIC, MUSIC));
        AudioMetrics m = new AudioMetrics(MUSIC, MUSIC);
        assertEquals(0.0, m.doNothing().stftDistance());
        assertEquals(0.0, m.doNothing().loudnessErrorLu());
        AudioMetrics.Score neutral = m.score(MixSettings.neutral());
        assertEquals(0.0, neutral.stftDistance(), 1e-6);
        assertEquals(0.0, neutral.loudnessErrorLu(), 1e-6);
        assertFalse(neutral.closerThanInput(), "a tie is not closer");
    }

    @Test
    void sixDecibelsLouderIsSixLu() {
        AudioMetrics m = new AudioMetrics(MUSIC, MUSIC);
        AudioMetrics.Score louder = m.score(MixSettings.neutral().with(Param.OUTPUT_LEVEL_DB, 6));
        assertEquals(6.0, louder.loudnessErrorLu(), 0.01);
        AudioMetrics.Score quieter = m.score(MixSettings.neutral().with(Param.OUTPUT_LEVEL_DB, -6));
        assertEquals(-6.0, quieter.loudnessErrorLu(), 0.01);
        assertTrue(louder.stftDistance() > 0.5, "a level change moves every log magnitude: " + louder);
    }

    /** Issue 14 item 7: scored as mixer mix sets the level, a mix louder than any finished track is brought down to it. */
    @Test
    void aMixLouderThanFinishedMusicIsScoredAtTheLoudestFinish() {
        AudioMetrics m = new AudioMetrics(MUSIC, MUSIC);
        MixSettings hot = MixSettings.neutral().with(Param.INPUT_GAIN_DB, 12).with(Param.OUTPUT_LEVEL_DB, 12);
        AudioMetrics.Score raw = m.score(hot), kept = m.scoreAsMixed(hot);
        assertEquals(0, raw.levelMovedDb());
        assertTrue(kept.levelMovedDb() < 0, kept.toString());
        assertEquals(mixer.dataset.FinishedLevel.LOUDEST_LUFS, m.originalLufs() + kept.loudnessErrorLu(), 0.05);
        assertTrue(kept.stftDistance() < raw.stftDistance(), kept + " against " + raw);
        MixSettings mild = MixSettings.neutral().with(Param.OUTPUT_LEVEL_DB, -3);
        assertEquals(m.score(mild), m.scoreAsMixed(mild), "a mix as loud as finished music is scored as it is");
    }

    @Test
    void theTrueSettingsRestoreTheOriginalAndWrongOnesDoNot() {
        MixSettings p = MixSettings.ofNormalized(0.7, 0.6, 0.3, 0.8, 0.4, 0.65, 0.5, 0.4, 0.7, 0.35);
        Audio input = Renderer.invert(MUSIC, p);
        AudioMetrics m = new AudioMetrics(input, MUSIC);
        AudioMetrics.Score exact = m.score(p);
        // measured 3.3e-6 (float rounding near silence, see MultiResolutionStft.FLOOR_DB)
        assertTrue(exact.stftDistance() < 1e-5, "restore identity: " + exact);
        assertEquals(0.0, exact.loudnessErrorLu(), 1e-3);
        assertTrue(exact.closerThanInput());
        // the further the treble setting is off, the larger the distance
        double off1 = m.score(p.with(Param.HIGH_EQ_DB, p.get(Param.HIGH_EQ_DB) + 1)).stftDistance();
        double off6 = m.score(p.with(Param.HIGH_EQ_DB, p.get(Param.HIGH_EQ_DB) + 6)).stftDistance();
        assertTrue(exact.stftDistance() < off1 && off1 < off6, exact.stftDistance() + " < " + off1 + " < " + off6);
        assertTrue(m.doNothing().stftDistance() > off6, "the raw input is far from the original: " + m.doNothing());
    }

    @Test
    void lengthsMustMatch() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AudioMetrics(MUSIC.slice(0, 40_000), MUSIC));
        assertTrue(e.getMessage().contains("40000 frames"), e.getMessage());
    }

    @Test
    void evaluationScoresEveryModelAndDoingNothingOnTheSameExamples() throws Exception {
        Map<String, AudioEvaluation.Pair> audio = new HashMap<>();
        List<String> ids = new ArrayList<>();
        List<double[]> truth = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            Audio original = SyntheticMusic.generate(1.0, 44_100, 10 + k);
            double[] t = new double[Param.COUNT];
            for (int j = 0; j < Param.COUNT; j++) t[j] = 0.2 + 0.06 * j + 0.05 * k;
            String id = "track" + k + "#0";
            ids.add(id);
            truth.add(t);
            audio.put(id, new AudioEvaluation.Pair(Renderer.invert(original, MixSettings.ofNormalized(t)), original));
        }
        double[][] y = truth.toArray(double[][]::new);
        Predictions exact = Predictions.of("oracle", ids, y, y);
        Predictions mean = MeanPredictor.ofSampler().predict(exact);
        List<String> progress = new ArrayList<>();
        AudioEvaluation ev = AudioEvaluation.run(List.of(exact, mean), audio::get, MultiResolutionStft.standard(),
                Bootstrap.withSeed(1), progress::add);
        assertEquals(List.of("oracle", MeanPredictor.NAME, AudioEvaluation.DO_NOTHING), ev.models());
        assertEquals(3, ev.rows("oracle").size());
        AudioEvaluation.Summary oracle = ev.summary("oracle");
        assertEquals(1.0, oracle.shareCloser().value());
        // measured 2.3e-6: float rounding only, as for the restore identity above
        assertTrue(oracle.stftDistance().value() < 5e-6, oracle.toString());
        assertEquals(0.0, ev.summary(AudioEvaluation.DO_NOTHING).shareCloser().value());
        assertTrue(ev.summary(AudioEvaluation.DO_NOTHING).stftDistance().value() > oracle.stftDistance().value());
        assertTrue(progress.get(progress.size() - 1).startsWith("audio metrics: 3/3"), progress.toString());
        // two threads give the same rows in the same order
        AudioEvaluation two = AudioEvaluation.run(List.of(exact, mean), audio::get, MultiResolutionStft.standard(),
                Bootstrap.withSeed(1), 2, line -> { });
        for (String m : ev.models()) assertEquals(ev.rows(m), two.rows(m), m);
        // a failing example names itself
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> AudioEvaluation.run(List.of(exact),
                id -> new AudioEvaluation.Pair(MUSIC.slice(0, 1000), MUSIC), MultiResolutionStft.standard(), Bootstrap.withSeed(1), 2, line -> { }));
        assertTrue(bad.getMessage().startsWith("track0#0: "), bad.getMessage());
    }
}
