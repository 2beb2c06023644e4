package mixer.dataset.features;

import mixer.dsp.Audio;
import mixer.dsp.Renderer;
import mixer.dsp.SyntheticMusic;
import mixer.dsp.params.MixSettings;
import mixer.dsp.params.Param;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Each stage's trace in a pair (a synthetic take and its render), at the levels measured when the probes were written. */
class PairSignaturesTest {

    private static final Audio MUSIC = SyntheticMusic.generate(3.0, 44_100, 5);
    private static final List<String> NAMES = PairSignatures.DOCS.stream().map(s -> s.substring(0, s.indexOf(':'))).toList();
    private static final MixSettings NEUTRAL = MixSettings.neutral();
    private static final String[] RANGES = {"125_500_hz", "500_2000_hz", "2000_8000_hz"};

    private static float get(float[] v, String name) {
        int i = NAMES.indexOf(name);
        assertTrue(i >= 0, name + " is a pair signature");
        return v[i];
    }

    private static float[] heard(MixSettings p) {
        return PairSignatures.compute(MUSIC, Renderer.render(MUSIC, p, false));
    }

    @Test
    void everySignatureIsNamedOnceDocumentedAndFinite() {
        assertEquals(NAMES.size(), new HashSet<>(NAMES).size(), "no name twice");
        for (String line : PairSignatures.DOCS) assertTrue(line.matches("[a-z0-9_]+: .+"), line);
        Audio shorter = MUSIC.slice(0, 20_000);
        for (Audio[] pair : new Audio[][] {{MUSIC, Audio.silence(MUSIC.frames(), 44_100)}, {Audio.silence(MUSIC.frames(), 44_100), MUSIC},
                {shorter, MUSIC}, {MUSIC.slice(0, 10), MUSIC.slice(0, 10)}, {MUSIC, SyntheticMusic.generate(3.0, 44_100, 6)}}) {
            float[] v = PairSignatures.compute(pair[0], pair[1]);
            assertEquals(NAMES.size(), v.length);
            for (int i = 0; i < v.length; i++) assertTrue(Float.isFinite(v[i]), pair[0].frames() + " / " + pair[1].frames() + ": " + NAMES.get(i));
        }
    }

    @Test
    void aNeutralRenderIsExplainedByAGainOfOne() {
        float[] v = heard(NEUTRAL);
        for (int b = 0; b < PairSignatures.BANDS; b++) assertEquals(0, v[b], 0.01, NAMES.get(b));
        for (String r : RANGES) {
            assertEquals(0, get(v, "pair_reverb_" + r), 0.01);
            assertEquals(0, get(v, "pair_delay_" + r), 0.01);
            assertEquals(1, get(v, "pair_width_" + r), 0.01);
            assertTrue(get(v, "pair_residual_" + r + "_db") < -50, r);
        }
        assertEquals(0, get(v, "pair_block_gain_std_db"), 0.01);
    }

    @Test
    void theLinearStagesAreReadOffTheFitsOneByOne() {
        float[] eq = heard(NEUTRAL.with(Param.MID_EQ_DB, 6));
        assertEquals(5.8, get(eq, "pair_gain_905_hz_db"), 0.3, "the band of the 1 kHz peak: measured 5.80 dB");
        assertEquals(0, get(eq, "pair_gain_57_hz_db"), 0.2, "two decades away it is flat: measured 0.05");
        float[] delay = heard(NEUTRAL.with(Param.DELAY_SEND, 0.3));
        float[] reverb = heard(NEUTRAL.with(Param.REVERB_SEND, 0.4));
        float[] width = heard(NEUTRAL.with(Param.STEREO_WIDTH, 0.5));
        for (String r : RANGES) {
            assertEquals(0.3, get(delay, "pair_delay_" + r), 0.01, r);
            assertEquals(0, get(delay, "pair_reverb_" + r), 0.01, r);
            assertEquals(0.4, get(reverb, "pair_reverb_" + r), 0.01, r);
            assertEquals(0.4, get(reverb, "pair_reverb_side_" + r), 0.01, r);
            assertEquals(0, get(reverb, "pair_delay_" + r), 0.01, r);
            assertEquals(0.5, get(width, "pair_width_" + r), 0.01, r);
        }
    }

    @Test
    void theCompressorShowsInTheBlockGainsTheHarderTheMoreItIsDriven() {
        MixSettings ratio8 = NEUTRAL.with(Param.COMP_RATIO, 8);
        float[] soft = heard(ratio8.with(Param.INPUT_GAIN_DB, -10)), at0 = heard(ratio8), hot = heard(ratio8.with(Param.INPUT_GAIN_DB, 10));
        // measured: spread 0.36, 1.67, 2.06 dB; slope above +3 dB -0.10, -0.69, -0.81
        assertTrue(get(at0, "pair_block_gain_std_db") > 1.2);
        assertTrue(get(soft, "pair_block_gain_std_db") < 0.6);
        assertTrue(get(hot, "pair_block_gain_std_db") > get(at0, "pair_block_gain_std_db") + 0.2);
        assertTrue(get(at0, "pair_gain_slope_above_p3_db") < -0.5);
        assertTrue(get(hot, "pair_gain_slope_above_p3_db") < get(at0, "pair_gain_slope_above_p3_db") - 0.05);
        assertTrue(get(soft, "pair_gain_slope_above_p3_db") > -0.2);
        for (String r : RANGES) assertTrue(get(at0, "pair_residual_" + r + "_db") > -20, "no linear stage explains the compressor: " + r);
    }

    @Test
    void version3AppendsThePairSignaturesToVersion2sPair() {
        Audio mix = Renderer.render(MUSIC, NEUTRAL.with(Param.HIGH_EQ_DB, 4), false);
        FeatureConfig v2 = new FeatureConfig(LogMelConfig.DEFAULT, 32, 2), v3 = new FeatureConfig(LogMelConfig.DEFAULT, 32, 3);
        Features two = Features.pair(MUSIC, 100, mix, 100, true, v2, new LogMelSpectrogram(v2, 44_100));
        Features three = Features.pair(MUSIC, 100, mix, 100, true, v3, new LogMelSpectrogram(v3, 44_100));
        assertEquals(Features.PAIR_PARTS * Descriptors.size(2), two.descriptors().length);
        assertEquals(two.descriptors().length + PairSignatures.DOCS.size(), three.descriptors().length);
        assertArrayEquals(two.logMel()[4][7], three.logMel()[4][7]);
        for (int i = 0; i < two.descriptors().length; i++) assertEquals(two.descriptors()[i], three.descriptors()[i], "descriptor " + i);
        assertEquals(PairDocs.of(3, true), PairSignatures.DOCS);
        assertEquals(List.of(), PairDocs.of(2, true));
    }

    @Test
    void twoCropsAreHeardAsInVersion2() { // match other: the fits of one crop on another find little and cost accuracy
        Audio mixOfAnotherCrop = Renderer.render(SyntheticMusic.generate(3.0, 44_100, 8), NEUTRAL.with(Param.HIGH_EQ_DB, 4), false);
        FeatureConfig v2 = new FeatureConfig(LogMelConfig.DEFAULT, 32, 2), v3 = new FeatureConfig(LogMelConfig.DEFAULT, 32, 3);
        Features two = Features.pair(MUSIC, 100, mixOfAnotherCrop, 100, false, v2, new LogMelSpectrogram(v2, 44_100));
        Features three = Features.pair(MUSIC, 100, mixOfAnotherCrop, 100, false, v3, new LogMelSpectrogram(v3, 44_100));
        assertArrayEquals(two.descriptors(), three.descriptors());
        assertArrayEquals(two.logMel()[5][3], three.logMel()[5][3]);
        assertEquals(List.of(), PairDocs.of(3, false));
    }
}
