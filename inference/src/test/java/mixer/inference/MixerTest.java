package mixer.inference;

import mixer.dataset.FinishedLevel;
import mixer.dataset.features.FeatureConfig;
import mixer.dsp.Audio;
import mixer.dsp.Renderer;
import mixer.dsp.SyntheticMusic;
import mixer.dsp.loudness.LoudnessMeter;
import mixer.dsp.params.MixSettings;
import mixer.dsp.params.Param;
import mixer.training.ConstantPredictor;
import mixer.training.SettingsPredictor;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

class MixerTest {

    private static final Audio SONG = SyntheticMusic.generate(3.5, 44_100, 11);

    @Test
    void theMixIsTheRendererWithThePredictedSettings() {
        TestPredictors.FromDescriptors model = new TestPredictors.FromDescriptors();
        Mixer mixer = new Mixer(model);
        Prediction p = mixer.predict(SONG);
        assertEquals(1, p.windows());
        assertEquals(1, model.lastWindows);
        assertNotEquals(MixSettings.neutral(), p.settings());
        MixResult r = mixer.mix(SONG, MixOptions.DEFAULT);
        assertEquals(p.settings(), r.predicted());
        assertEquals(p.settings(), r.applied(), "amount 1, no target: applied as predicted");
        Audio expected = Renderer.render(SONG, p.settings(), true);
        Audio mix = Mixer.render(SONG, r);
        assertArrayEquals(expected.left(), mix.left());
        assertArrayEquals(expected.right(), mix.right());
    }

    /**
     * A model trained for the estimate task reads the settings a finished mix was made with; `mixer mix` with it applied
     * them to the song a second time, without a word (seen by hand: `--model models/estimate/...zip`). It is refused.
     */
    @Test
    void anEstimateModelDoesNotMix() {
        SettingsPredictor estimate = TestPredictors.estimate("reads-mixes", ConstantPredictor.neutral());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Mixer(estimate, 4, null));
        assertTrue(e.getMessage().startsWith("model 'reads-mixes' was trained for estimate: it hears a finished mix"), e.getMessage());
    }

    @Test
    void amountZeroIsTheNeutralChainAndAmountBlendsInNormalisedSpace() {
        Mixer mixer = new Mixer(new TestPredictors.FromDescriptors());
        MixResult none = mixer.mix(SONG, MixOptions.DEFAULT.withAmount(0));
        assertEquals(MixSettings.neutral(), none.applied());
        Audio neutral = Renderer.render(SONG, MixSettings.neutral(), true);
        assertArrayEquals(neutral.left(), Mixer.render(SONG, none).left());
        assertArrayEquals(neutral.right(), Mixer.render(SONG, none).right());
        // the neutral chain without the limiter leaves -3 dBFS music untouched (to float precision)
        Audio raw = Mixer.render(SONG, mixer.mix(SONG, MixOptions.DEFAULT.withAmount(0).withLimiter(false)));
        for (int n = 0; n < SONG.frames(); n++) assertEquals(SONG.left()[n], raw.left()[n], 1e-5);

        MixResult half = mixer.mix(SONG, MixOptions.DEFAULT.withAmount(0.5));
        for (Param q : Param.all()) {
            double expected = (half.predicted().normalized(q) + q.neutralNormalized()) / 2;
            assertEquals(expected, half.applied().normalized(q), 1e-9, q.id);
        }
    }

    @Test
    void aLoudnessTargetSetsTheOutputLevelAndWarnsWhenOutOfReach() {
        Mixer mixer = new Mixer(new TestPredictors.FromDescriptors());
        MixResult r = mixer.mix(SONG, MixOptions.DEFAULT.withTargetLufs(-20).withLimiter(false));
        assertEquals(-20, LoudnessMeter.measure(Mixer.render(SONG, r)).integratedLufs(), 0.05);
        assertTrue(r.warnings().isEmpty(), r.warnings().toString());
        for (Param q : Param.all()) {
            if (q != Param.OUTPUT_LEVEL_DB) assertEquals(r.predicted().get(q), r.applied().get(q), q.id);
        }
        MixResult far = mixer.mix(SONG, MixOptions.DEFAULT.withTargetLufs(-60).withLimiter(false));
        assertEquals(-12, far.applied().get(Param.OUTPUT_LEVEL_DB));
        assertEquals(1, far.warnings().size());
        assertTrue(far.warnings().get(0).contains("clamped"), far.warnings().get(0));
        MixResult silent = mixer.mix(Audio.silence(44_100 * 4, 44_100), MixOptions.DEFAULT.withTargetLufs(-14));
        assertTrue(silent.warnings().get(0).contains(Mixer.NO_LOUDNESS), silent.warnings().toString());
    }

    /** +12 dB of input gain and +12 dB of output level, no compression: far louder than any finished track. */
    private static double[] hot() {
        double[] hot = new double[Param.COUNT];
        Arrays.fill(hot, 0.5);
        hot[Param.INPUT_GAIN_DB.ordinal()] = 1;   // +12 dB
        hot[Param.COMP_RATIO.ordinal()] = 0;      // no compression
        hot[Param.OUTPUT_LEVEL_DB.ordinal()] = 1; // +12 dB
        return hot;
    }

    @Test
    void theLimiterKeepsAHotMixUnderMinusOneDbtp() {
        Mixer mixer = new Mixer(TestPredictors.fixed("hot", hot()));
        MixOptions loud = MixOptions.DEFAULT.withTargetLufs(-3); // a target sets the level, whatever finished music does
        double on = LoudnessMeter.measure(Mixer.render(SONG, mixer.mix(SONG, loud))).truePeakDbtp();
        double off = LoudnessMeter.measure(Mixer.render(SONG, mixer.mix(SONG, loud.withLimiter(false)))).truePeakDbtp();
        assertTrue(on <= -1.0 + 1e-6, "limiter on: " + on + " dBTP");
        assertTrue(off > 5, "limiter off, the same settings are over full scale: " + off + " dBTP");
    }

    /**
     * Issue 14 item 7: a prediction that makes the mix louder than any finished track the models learnt from
     * gets the output level that brings it down to that loudness, with a warning; a quiet mix keeps its level.
     */
    @Test
    void aMixLouderThanFinishedMusicIsBroughtDownToIt() {
        MixResult r = new Mixer(TestPredictors.fixed("hot", hot())).mix(SONG, MixOptions.DEFAULT.withLimiter(false));
        assertEquals(12, r.predicted().get(Param.OUTPUT_LEVEL_DB));
        assertTrue(r.applied().get(Param.OUTPUT_LEVEL_DB) < 0, r.applied().toString());
        assertEquals(FinishedLevel.LOUDEST_LUFS, LoudnessMeter.measure(Mixer.render(SONG, r)).integratedLufs(), 0.05);
        assertEquals(1, r.warnings().size());
        assertTrue(r.warnings().get(0).contains("louder than any finished track"), r.warnings().get(0));
        for (Param q : Param.all()) {
            if (q != Param.OUTPUT_LEVEL_DB) assertEquals(r.predicted().get(q), r.applied().get(q), q.id);
        }

        double[] quiet = hot();
        quiet[Param.INPUT_GAIN_DB.ordinal()] = 0;
        quiet[Param.OUTPUT_LEVEL_DB.ordinal()] = 0;
        MixResult soft = new Mixer(TestPredictors.fixed("quiet", quiet)).mix(SONG, MixOptions.DEFAULT.withLimiter(false));
        assertEquals(soft.predicted(), soft.applied(), "24 dB down stands");
        assertTrue(soft.warnings().isEmpty(), soft.warnings().toString());

        Audio blaring = SONG.copy(); // a float file 40 dB over full scale: the lowest output level cannot bring it down
        for (float[] channel : blaring.stereo()) for (int i = 0; i < channel.length; i++) channel[i] *= 100;
        MixResult stillLoud = new Mixer(TestPredictors.fixed("hot", hot())).mix(blaring, MixOptions.DEFAULT.withLimiter(false));
        assertEquals(Param.OUTPUT_LEVEL_DB.min, stillLoud.applied().get(Param.OUTPUT_LEVEL_DB));
        assertTrue(stillLoud.warnings().get(0).contains("output level -12.0 dB instead of +12.0 dB; at -12.0 dB the mix is still")
                && stillLoud.warnings().get(0).contains("the limiter takes the rest off"), stillLoud.warnings().get(0));
        double[] quietest = hot(); // the level at its lowest already: said so, not "-12.0 dB instead of -12.0 dB"
        quietest[Param.OUTPUT_LEVEL_DB.ordinal()] = 0;
        MixResult atLowest = new Mixer(TestPredictors.fixed("hot", quietest)).mix(blaring, MixOptions.DEFAULT.withLimiter(false));
        assertTrue(atLowest.warnings().get(0).contains("the output level is at its lowest already, -12.0 dB; at -12.0 dB the mix is still"),
                atLowest.warnings().get(0));
    }

    @Test
    void aModelsOutputIsCheckedAndClampedIntoRange() {
        double[] slightlyOut = new double[Param.COUNT];
        Arrays.fill(slightlyOut, 0.5);
        slightlyOut[0] = 1.02;
        slightlyOut[1] = -0.01;
        Prediction p = new Mixer(TestPredictors.fixed("ens", slightlyOut)).predict(SONG);
        assertEquals(Param.INPUT_GAIN_DB.max, p.settings().get(Param.INPUT_GAIN_DB));
        assertEquals(Param.COMP_RATIO.min, p.settings().get(Param.COMP_RATIO));

        Mixer nine = new Mixer(TestPredictors.fixed("nine", new double[9]));
        assertTrue(assertThrows(IllegalStateException.class, () -> nine.predict(SONG)).getMessage().contains("9 values"));
        double[] nan = slightlyOut.clone();
        nan[4] = Double.NaN;
        Mixer broken = new Mixer(TestPredictors.fixed("broken", nan));
        String msg = assertThrows(IllegalStateException.class, () -> broken.predict(SONG)).getMessage();
        assertTrue(msg.contains("broken") && msg.contains("low_eq_db"), msg);
    }

    @Test
    void aStageTheSongsRateCannotCarryIsBypassedWithANoteAndTheAppliedSettingSaysSo() {
        double[] bright = new double[Param.COUNT];
        Arrays.fill(bright, 0.5);
        bright[Param.AIR_DB.ordinal()] = 1; // +12 dB at 12 kHz
        Mixer mixer = new Mixer(TestPredictors.fixed("bright", bright));
        Audio song = SyntheticMusic.generate(3.5, 22_050, 11);
        MixResult r = mixer.mix(song, MixOptions.DEFAULT);
        assertEquals(12, r.predicted().get(Param.AIR_DB));
        assertEquals(0, r.applied().get(Param.AIR_DB), "the preset holds what was applied");
        assertEquals(2, r.notes().size());
        assertTrue(r.notes().get(0).startsWith("the song is at 22050 Hz, below the 32000-48000 Hz the models learnt from"), r.notes().get(0));
        assertTrue(r.notes().get(1).startsWith("air_db = 12 dB not applied") && r.notes().get(1).contains("22050 Hz"), r.notes().get(1));
        assertArrayEquals(Renderer.render(song, r.predicted(), true).left(), Mixer.render(song, r).left(),
                "the same audio as the chain gives the prediction at this rate");
        assertTrue(mixer.mix(SONG, MixOptions.DEFAULT).notes().isEmpty(), "44.1 kHz carries every stage");
    }

    /** The models of one comparison hear the reference as one reading of it; a blind model is refused there as anywhere. */
    @Test
    void mixersOfOneComparisonShareTheirReadingOfTheReference() {
        Song reference = Song.of(SyntheticMusic.generate(1, 44_100, 5));
        Mixer first = new Mixer(TestPredictors.matchOther("a", ConstantPredictor.neutral()), 4, reference);
        Mixer second = first.with(TestPredictors.matchOther("b", ConstantPredictor.neutral()));
        assertSame(first.reference(44_100), second.reference(44_100));
        assertNotSame(first.reference(44_100), new Mixer(TestPredictors.matchOther("c", ConstantPredictor.neutral()), 4, reference)
                .reference(44_100), "another mixer reads it again");
        assertThrows(IllegalArgumentException.class, () -> first.with(ConstantPredictor.neutral()));
    }

    /** The note for a short song keys on the model's own window (2.995 s at 44.1 kHz), not on BS.1770's 3 s short-term loudness. */
    @Test
    void aSongShorterThanTheModelsWindowGetsANoteAndOneThatFillsItNone() throws java.io.IOException {
        FeatureConfig config = FeatureConfig.DEFAULT;
        int window = config.windowSamples(44_100);
        assertTrue(window < 3 * 44_100, "the window is a little under 3 s: " + window);
        Audio song = SyntheticMusic.generate(4, 44_100, 5);
        assertEquals(java.util.Optional.empty(), Mixer.shorterThanAWindow(Song.of(song.slice(0, window)), config, "song"));
        assertEquals(java.util.Optional.of("shorter than one 2.995 s window: the model hears it padded with silence, as a quieter song"),
                Mixer.shorterThanAWindow(Song.of(song.slice(0, window - 1)), config, "song"));
    }

    /**
     * Refinement toward a reference reads the song's windows it hears in one pass and hears the reference's evenly spaced
     * windows, holding neither whole: on a reference of one such window, the very search of the two held in memory.
     */
    @Test
    void refinementTowardAReferenceReadsOnlyTheWindowsItHears() throws IOException {
        Audio song = SyntheticMusic.generate(14, 44_100, 21), reference = SyntheticMusic.generate(8, 44_100, 22);
        MixSettings start = MixSettings.neutral().with(Param.HIGH_EQ_DB, 4);
        MixSettings streamed = Mixer.refinedToward(Song.of(song), new Reference(Song.of(reference), 44_100), start);
        assertEquals(mixer.dataset.match.ReferenceRefiner.refine(song, reference, start, false), streamed);
        assertNotEquals(start, streamed, "it searched");
    }
}
