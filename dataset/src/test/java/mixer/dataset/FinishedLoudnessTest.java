package mixer.dataset;

import mixer.dsp.params.MixSettings;
import mixer.dsp.params.Param;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FinishedLoudnessTest {

    private static final MixSettings AT_PLUS_3 = MixSettings.neutral().with(Param.OUTPUT_LEVEL_DB, 3);

    @Test
    void aMixNoLouderThanFinishedMusicKeepsItsLevel() {
        assertEquals(3, FinishedLoudness.outputLevelDb(AT_PLUS_3, -14));
        assertEquals(3, FinishedLoudness.outputLevelDb(AT_PLUS_3, FinishedLoudness.LOUDEST_LUFS));
        assertEquals(3, FinishedLoudness.outputLevelDb(AT_PLUS_3, -45), "quiet finished music exists: not raised");
        assertEquals(3, FinishedLoudness.outputLevelDb(AT_PLUS_3, Double.NEGATIVE_INFINITY), "too quiet to measure");
        assertEquals(AT_PLUS_3, FinishedLoudness.kept(AT_PLUS_3, -14));
    }

    @Test
    void aLouderMixIsBroughtDownToTheLoudestFinishWithinTheParametersRange() {
        assertEquals(3 - 5, FinishedLoudness.outputLevelDb(AT_PLUS_3, FinishedLoudness.LOUDEST_LUFS + 5), 1e-12);
        assertEquals(-12, FinishedLoudness.outputLevelDb(AT_PLUS_3, FinishedLoudness.LOUDEST_LUFS + 40), "the level reaches -12 dB at most");
        MixSettings kept = FinishedLoudness.kept(AT_PLUS_3.with(Param.MID_EQ_DB, 4), 0);
        assertEquals(4, kept.get(Param.MID_EQ_DB), "only the output level moves");
        assertEquals(3 - 7.1, kept.get(Param.OUTPUT_LEVEL_DB), 1e-12);
    }
}
