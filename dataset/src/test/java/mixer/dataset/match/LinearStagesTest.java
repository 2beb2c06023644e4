package mixer.dataset.match;

import mixer.dsp.Audio;
import mixer.dsp.Renderer;
import mixer.dsp.SyntheticMusic;
import mixer.dsp.params.MixSettings;
import mixer.dsp.params.Param;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The stages after the compressor read from a pair of one crop, given its gain structure, on synthetic music. */
class LinearStagesTest {

    static final double[] TRUE = {0.7, 0.6, 0.4, 0.6, 0.45, 0.55, 0.3, 0.2, 0.6, 0.4};
    static final Param[] LATER = {Param.HIGH_EQ_DB, Param.MID_EQ_DB, Param.LOW_EQ_DB, Param.AIR_DB, Param.REVERB_SEND,
            Param.DELAY_SEND, Param.STEREO_WIDTH, Param.OUTPUT_LEVEL_DB};

    /** The truth with every later stage and the output level moved by {@code by} (normalised), up and down in turn. */
    static MixSettings laterMoved(double by) {
        double[] n = TRUE.clone();
        for (int k = 0; k < LATER.length; k++) n[LATER[k].ordinal()] += k % 2 == 0 ? by : -by;
        return MixSettings.ofNormalized(n);
    }

    @Test
    void theLaterStagesAreReadBackGivenTheGainStructure() {
        Audio x = SyntheticMusic.generate(5, 44_100, 5);
        Audio y = Renderer.render(x, MixSettings.ofNormalized(TRUE), false);
        MixSettings found = LinearStages.estimate(x, y, laterMoved(0.08));
        // measured 2026-12-03: every one within 0.0032 (the low shelf; the others within 0.0013)
        for (Param p : LATER) assertEquals(TRUE[p.ordinal()], found.normalized(p), 0.006, p.id + ": " + found);
        assertEquals(TRUE[Param.INPUT_GAIN_DB.ordinal()], found.normalized(Param.INPUT_GAIN_DB), 1e-12, "the gain structure is given");
        assertEquals(TRUE[Param.COMP_RATIO.ordinal()], found.normalized(Param.COMP_RATIO), 1e-12, "the gain structure is given");
        assertEquals(found, LinearStages.estimate(x, y, laterMoved(0.08)), "deterministic");
    }

    /** At 22.05 kHz the chain bypasses the air shelf (12 kHz): nothing of it is heard, so the network's value stays. */
    @Test
    void aShelfTheRateBypassesKeepsTheNetworksGainAndSilenceKeepsEverything() {
        Audio x = SyntheticMusic.generate(5, 22_050, 7);
        Audio y = Renderer.render(x, MixSettings.ofNormalized(TRUE), false);
        MixSettings start = laterMoved(0.08), found = LinearStages.estimate(x, y, start);
        assertEquals(start.normalized(Param.AIR_DB), found.normalized(Param.AIR_DB), 1e-12);
        for (Param p : LATER) {
            if (p != Param.AIR_DB && p != Param.OUTPUT_LEVEL_DB) assertEquals(TRUE[p.ordinal()], found.normalized(p), 0.005, p.id + ": " + found);
        }
        Audio silence = Audio.silence(22_050 * 2, 22_050);
        assertEquals(start, LinearStages.estimate(silence, silence, start));
    }

    /** A mono take has no side to widen: its width is not heard and stays the network's; the rest is read as ever. */
    @Test
    void aMonoTakeKeepsTheNetworksWidth() {
        Audio stereo = SyntheticMusic.generate(5, 44_100, 9);
        Audio x = new Audio(new float[][] {stereo.left(), stereo.left().clone()}, 44_100);
        Audio y = Renderer.render(x, MixSettings.ofNormalized(TRUE), false);
        MixSettings start = laterMoved(0.08), found = LinearStages.estimate(x, y, start);
        assertEquals(start.normalized(Param.STEREO_WIDTH), found.normalized(Param.STEREO_WIDTH), 1e-12);
        for (Param p : LATER) {
            if (p != Param.STEREO_WIDTH) assertEquals(TRUE[p.ordinal()], found.normalized(p), 0.006, p.id + ": " + found);
        }
    }
}
