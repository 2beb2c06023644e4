package mixer.inference;

import mixer.dsp.Audio;
import mixer.dsp.Renderer;
import mixer.dsp.SyntheticMusic;
import mixer.dsp.params.MixSettings;
import mixer.dsp.params.Param;
import mixer.training.ConstantPredictor;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class EstimationTest {

    private static final MixSettings USED = MixSettings.neutral()
            .with(Param.INPUT_GAIN_DB, 6).with(Param.COMP_RATIO, 3).with(Param.HIGH_EQ_DB, 2)
            .with(Param.REVERB_SEND, 0.2).with(Param.OUTPUT_LEVEL_DB, -4);

    @Test
    void aStageTheRateBypassesIsEstimatedNeutralAndSaidSo() throws IOException {
        // at 22.05 kHz the air shelf lies above the Nyquist frequency: the pair cannot show it, whatever the network says
        Audio raw = SyntheticMusic.generate(3.5, 22_050, 5);
        Audio mixed = Renderer.render(raw, USED, false);
        ConstantPredictor guess = new ConstantPredictor("guess", USED.with(Param.AIR_DB, 6));
        Mixer mixer = new Mixer(TestPredictors.matchSame("guess", guess), 10, Song.of(mixed));

        Estimation.Result e = Estimation.estimate(mixer, new Estimation.Pair(Song.of(raw), raw, Song.of(mixed), mixed), false);

        assertEquals(Set.of(Param.AIR_DB), e.bypassed());
        assertEquals(6, e.network().settings().get(Param.AIR_DB), 1e-9, "the network's guess is kept as its own");
        assertEquals(Param.AIR_DB.neutral, e.estimated().get(Param.AIR_DB));
        assertEquals(e.estimated(), e.settings(), "not refined");
        assertEquals("guess", e.keptModel());
        assertTrue(e.fit().explained(), "a mix of this take with the chain's settings: " + e.fit());
        assertEquals(0, e.clippedRuns(), "the chain's own mix, kept in float");
        assertFalse(e.monoMixOfStereo());
    }

    @Test
    void aMixCutAtFullScaleIsCountedAsClipped() {
        // a 1 kHz tone at twice full scale, cut as a 16-bit file cuts it: one run at each crest of each channel
        int rate = 48_000, frames = rate / 10;
        float[] cut = new float[frames];
        for (int n = 0; n < frames; n++) cut[n] = (float) Math.max(-1, Math.min(1, 2 * Math.sin(2 * Math.PI * 1000 * n / rate)));
        assertEquals(2 * 2 * 100, Estimation.clippedRuns(new Audio(new float[][] {cut, cut.clone()}, rate)));
        assertEquals(0, Estimation.clippedRuns(SyntheticMusic.generate(0.1, rate, 1)), "music below full scale");
    }
}
