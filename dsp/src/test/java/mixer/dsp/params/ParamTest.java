package mixer.dsp.params;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class ParamTest {

    @Test
    void tenParametersInChainOrderWithUniqueNames() {
        assertEquals(10, Param.all().size());
        assertEquals("input_gain_db", Param.all().get(0).id);
        assertEquals("output_level_db", Param.all().get(9).id);
        assertEquals(10, Param.all().stream().map(p -> p.id).distinct().count());
    }

    @Test
    void normalisedAndPhysicalRoundTripOverTheRange() {
        for (Param p : Param.all()) {
            for (double n = 0; n <= 1.0; n += 0.05) {
                assertEquals(n, p.toNormalized(p.toPhysical(n)), 1e-12, p.id);
            }
            assertEquals(p.min, p.toPhysical(0), 1e-12, p.id);
            assertEquals(p.max, p.toPhysical(1), 1e-9, p.id);
        }
    }

    @Test
    void compressorRatioIsLogScaled() {
        // Half-way in normalised space is the geometric mean of 1 and 10.
        assertEquals(Math.sqrt(10), Param.COMP_RATIO.toPhysical(0.5), 1e-12);
        assertEquals(0.0, Param.INPUT_GAIN_DB.toPhysical(0.5), 1e-12);
    }

    @Test
    void neutralValuesAreTheIdentitySettings() {
        assertEquals(0.5, Param.INPUT_GAIN_DB.neutralNormalized(), 1e-12);
        assertEquals(0.0, Param.COMP_RATIO.neutralNormalized(), 1e-12);
        assertEquals(0.0, Param.REVERB_SEND.neutralNormalized(), 1e-12);
        assertEquals(0.5, Param.STEREO_WIDTH.neutralNormalized(), 1e-12);
    }

    @Test
    void outOfRangeValuesAreRejectedWithASentence() {
        var e = assertThrows(IllegalArgumentException.class, () -> Param.COMP_RATIO.checkPhysical(12));
        assertTrue(e.getMessage().contains("comp_ratio = 12") && e.getMessage().contains("1 … 10"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Param.AIR_DB.toPhysical(1.5));
        assertTrue(e.getMessage().contains("air_db") && e.getMessage().contains("normalised"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Param.REVERB_SEND.checkPhysical(Double.NaN));
        e = assertThrows(IllegalArgumentException.class, () -> Param.byId("treble"));
        assertTrue(e.getMessage().contains("high_eq_db"), e.getMessage());
    }

    @Test
    void settingsValidateAndBlendTowardNeutral() {
        assertThrows(IllegalArgumentException.class, () -> MixSettings.neutral().with(Param.DELAY_SEND, 0.9));
        MixSettings full = MixSettings.ofNormalized(1, 1, 1, 1, 1, 1, 1, 1, 1, 1);
        assertEquals(MixSettings.neutral(), full.blendTowardNeutral(0));
        assertEquals(full, full.blendTowardNeutral(1));
        assertEquals(6.0, full.blendTowardNeutral(0.5).get(Param.HIGH_EQ_DB), 1e-12);
        // amount 1 is these settings bit for bit, also where the log scale's round trip would move the last bit
        MixSettings odd = MixSettings.neutral().with(Param.COMP_RATIO, 2.8651200000253274);
        assertEquals(2.8651200000253274, odd.blendTowardNeutral(1).get(Param.COMP_RATIO));
        // a value the check's rounding tolerance admits (0.1 * 6 = 0.6000000000000001) is kept within the range the
        // stages check strictly: a preset that wrote it renders instead of failing in the reverb
        assertEquals(0.6, MixSettings.neutral().with(Param.REVERB_SEND, 0.1 * 6).get(Param.REVERB_SEND));
        assertEquals(1.0, MixSettings.neutral().with(Param.COMP_RATIO, 1 - 1e-12).get(Param.COMP_RATIO));
    }
}
