package mixer.dataset.match;

import mixer.dsp.Audio;
import mixer.dsp.Renderer;
import mixer.dsp.SyntheticMusic;
import mixer.dsp.params.MixSettings;
import mixer.dsp.params.Param;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gain structure read from a pair of one crop, given the stages after the compressor, on synthetic music. */
class GainStructureTest {

    private static final double[] TRUE = {0.7, 0.6, 0.4, 0.6, 0.45, 0.55, 0.3, 0.2, 0.6, 0.4};
    private static final Param[] GAINS = {Param.INPUT_GAIN_DB, Param.COMP_RATIO, Param.OUTPUT_LEVEL_DB};

    private static MixSettings trueWithGainsMoved(double by) {
        double[] n = TRUE.clone();
        n[Param.INPUT_GAIN_DB.ordinal()] -= by;
        n[Param.COMP_RATIO.ordinal()] += by;
        n[Param.OUTPUT_LEVEL_DB.ordinal()] += by;
        return MixSettings.ofNormalized(n);
    }

    @Test
    void theInputGainRatioAndOutputLevelAreReadBackWhenTheLaterStagesAreKnown() {
        Audio x = SyntheticMusic.generate(6, 44_100, 5);
        Audio y = Renderer.render(x, MixSettings.ofNormalized(TRUE), false);
        MixSettings start = trueWithGainsMoved(0.25);
        MixSettings found = GainStructure.estimate(x, y, start);
        for (Param p : GAINS) assertEquals(TRUE[p.ordinal()], found.normalized(p), 0.02, p.id + ": " + found);
        for (Param p : Param.all()) {
            if (p != Param.INPUT_GAIN_DB && p != Param.COMP_RATIO && p != Param.OUTPUT_LEVEL_DB) {
                assertEquals(start.normalized(p), found.normalized(p), 1e-12, p.id + " is the network's");
            }
        }
        assertEquals(found, GainStructure.estimate(x, y, start), "deterministic");
    }

    /**
     * A song's quiet start tells nothing: the seconds heard begin where its sound does (rendered from the first frame, as
     * the mix was). A long silence would leave the threshold at its floor when the music begins (see the class).
     */
    @Test
    void aSilentStartIsSkippedAndSilenceLeavesTheNetworksSettings() {
        Audio music = SyntheticMusic.generate(6, 44_100, 6);
        int pad = 44_100 / 5;
        Audio x = new Audio(new float[][] {concat(new float[pad], music.left()), concat(new float[pad], music.right())}, 44_100);
        Audio y = Renderer.render(x, MixSettings.ofNormalized(TRUE), false);
        MixSettings found = GainStructure.estimate(x, y, trueWithGainsMoved(0.25));
        for (Param p : GAINS) assertEquals(TRUE[p.ordinal()], found.normalized(p), 0.02, p.id + ": " + found);
        Audio silence = Audio.silence(44_100 * 3, 44_100);
        assertEquals(trueWithGainsMoved(0.25), GainStructure.estimate(silence, silence, trueWithGainsMoved(0.25)));
    }

    /**
     * Only a changing gain reduction shows the split between input gain and output level: none at ratio 1, several dB on
     * music pushed into a 1:4 compressor.
     */
    @Test
    void theReductionRangeSaysWhetherTheSplitIsHeard() {
        Audio music = SyntheticMusic.generate(6, 44_100, 5);
        MixSettings squeezed = MixSettings.neutral().with(Param.INPUT_GAIN_DB, 9).with(Param.COMP_RATIO, 4);
        Audio y = Renderer.render(music, squeezed, false);
        assertEquals(0, GainStructure.reductionRangeDb(music, y, squeezed.with(Param.COMP_RATIO, 1)), 1e-12, "ratio 1: idle");
        double musicRangeDb = GainStructure.reductionRangeDb(music, y, squeezed);
        assertTrue(musicRangeDb > 3, "music moves in and out of the compressor: " + musicRangeDb);

        Audio silence = Audio.silence(44_100, 44_100);
        assertEquals(0, GainStructure.reductionRangeDb(silence, silence, squeezed), "nothing heard");
    }

    private static float[] concat(float[] a, float[] b) {
        float[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
