package mixer.dataset;

import mixer.dsp.params.MixSettings;
import mixer.dsp.params.Param;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FinishedLevelTest {

    private static final MixSettings AT_PLUS_3 = MixSettings.neutral().with(Param.OUTPUT_LEVEL_DB, 3);

    @Test
    void aMixNoLouderThanFinishedMusicKeepsItsLevel() {
        assertEquals(3, FinishedLevel.outputLevelDb(AT_PLUS_3, -14));
        assertEquals(3, FinishedLevel.outputLevelDb(AT_PLUS_3, FinishedLevel.LOUDEST_LUFS));
        assertEquals(3, FinishedLevel.outputLevelDb(AT_PLUS_3, -45), "quiet finished music exists: not raised");
        assertEquals(3, FinishedLevel.outputLevelDb(AT_PLUS_3, Double.NEGATIVE_INFINITY), "too quiet to measure");
        assertEquals(AT_PLUS_3, FinishedLevel.kept(AT_PLUS_3, -14));
    }

    @Test
    void aLouderMixIsBroughtDownToTheLoudestFinishWithinTheParametersRange() {
        assertEquals(3 - 5, FinishedLevel.outputLevelDb(AT_PLUS_3, FinishedLevel.LOUDEST_LUFS + 5), 1e-12);
        assertEquals(-12, FinishedLevel.outputLevelDb(AT_PLUS_3, FinishedLevel.LOUDEST_LUFS + 40), "the level reaches -12 dB at most");
        MixSettings kept = FinishedLevel.kept(AT_PLUS_3.with(Param.MID_EQ_DB, 4), 0);
        assertEquals(4, kept.get(Param.MID_EQ_DB), "only the output level moves");
        assertEquals(3 - 7.1, kept.get(Param.OUTPUT_LEVEL_DB), 1e-12);
    }

    @Test
    void refinementMovesTheLevelPartOfTheWayToWhereFinishedTracksPeak() {
        double peak = FinishedLevel.MEDIAN_TRUE_PEAK_DBTP - 4; // the mix peaks 4 dB below finished tracks
        MixSettings pulled = FinishedLevel.towardFinishedPeak(AT_PLUS_3.with(Param.MID_EQ_DB, 4), peak);
        assertEquals(3 + FinishedLevel.PEAK_PULL * 4, pulled.get(Param.OUTPUT_LEVEL_DB), 1e-12);
        assertEquals(4, pulled.get(Param.MID_EQ_DB), "only the output level moves");
        assertEquals(3 - FinishedLevel.PEAK_PULL * 6, FinishedLevel.towardFinishedPeak(AT_PLUS_3, FinishedLevel.MEDIAN_TRUE_PEAK_DBTP + 6)
                .get(Param.OUTPUT_LEVEL_DB), 1e-12, "a mix peaking higher comes down");
        assertEquals(12, FinishedLevel.towardFinishedPeak(AT_PLUS_3, -60).get(Param.OUTPUT_LEVEL_DB), "within the parameter's range");
        assertEquals(AT_PLUS_3, FinishedLevel.towardFinishedPeak(AT_PLUS_3, Double.NEGATIVE_INFINITY), "silence keeps its level");
        assertEquals(AT_PLUS_3, FinishedLevel.towardFinishedPeak(AT_PLUS_3.with(Param.OUTPUT_LEVEL_DB, 3), FinishedLevel.MEDIAN_TRUE_PEAK_DBTP));
    }
}
