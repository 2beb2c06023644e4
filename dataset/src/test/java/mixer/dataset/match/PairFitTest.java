package mixer.dataset.match;

import mixer.dsp.Audio;
import mixer.dsp.Renderer;
import mixer.dsp.SyntheticMusic;
import mixer.dsp.params.MixSettings;
import mixer.dsp.params.Param;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class PairFitTest {

    private static final MixSettings USED = MixSettings.neutral().with(Param.INPUT_GAIN_DB, 6).with(Param.COMP_RATIO, 4)
            .with(Param.HIGH_EQ_DB, 4).with(Param.REVERB_SEND, 0.3).with(Param.STEREO_WIDTH, 1.4);

    /** The settings that made the mix explain it (nothing left but rounding); the raw take itself does not. */
    @Test
    void theSettingsUsedExplainTheirMix() {
        Audio raw = SyntheticMusic.generate(25, 44_100, 3);
        PairFit.Fit fit = PairFit.of(raw, Renderer.render(raw, USED, false), USED);
        assertTrue(fit.left() < 1e-3, "left " + fit.left());
        assertTrue(fit.before() > 1, "raw itself " + fit.before());
        assertTrue(fit.explained());
    }

    /** Another take's mix is left far from any setting: not explained, whatever the estimate. */
    @Test
    void anotherTakesMixIsNotExplained() {
        Audio raw = SyntheticMusic.generate(12, 44_100, 3), other = SyntheticMusic.generate(12, 44_100, 4);
        Audio mixed = Renderer.render(other, USED, false);
        PairFit.Fit fit = PairFit.of(raw, mixed, SecondStage.estimate(raw, mixed, MixSettings.neutral()));
        assertFalse(fit.explained(), "left " + fit.left());
    }

    @Test
    void aPairHasOneRateAndLength() {
        Audio raw = SyntheticMusic.generate(3, 44_100, 3);
        assertThrows(IllegalArgumentException.class, () -> PairFit.of(raw, raw.slice(0, raw.frames() - 1), USED));
        assertThrows(IllegalArgumentException.class, () -> PairFit.of(raw, SyntheticMusic.generate(3, 48_000, 3), USED));
    }
}
