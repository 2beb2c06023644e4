package mixer.dsp.loudness;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import mixer.dsp.Audio;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** EBU Tech 3341 / 3342 style cases that need no reference program. */
class LoudnessMeterTest {

    @Test
    void kWeightingAt48kHzReproducesTheBs1770Tables() {
        var k = new LoudnessMeter.KWeighting(48_000);
        assertAll(
                () -> assertEquals(1.53512485958697, k.preB0, 1e-8),
                () -> assertEquals(-2.69169618940638, k.preB1, 1e-8),
                () -> assertEquals(1.19839281085285, k.preB2, 1e-8),
                () -> assertEquals(-1.69065929318241, k.preA1, 1e-8),
                () -> assertEquals(0.73248077421585, k.preA2, 1e-8),
                () -> assertEquals(-1.99004745483398, k.rlbA1, 1e-8),
                () -> assertEquals(0.99007225036621, k.rlbA2, 1e-8));
    }

    @ParameterizedTest(name = "{0} Hz")
    @ValueSource(ints = {32_000, 44_100, 48_000, 96_000})
    void stereoSineAtMinus23DbfsReadsMinus23Lufs(int rateHz) {
        Loudness l = LoudnessMeter.measure(Signals.sine(1000, -23, 20, rateHz));
        assertEquals(-23.0, l.integratedLufs(), 0.1);
        assertEquals(-23.0, l.maxMomentaryLufs(), 0.1);
        assertEquals(-23.0, l.maxShortTermLufs(), 0.1);
        assertEquals(0.0, l.loudnessRangeLu(), 0.1);
        assertEquals(-23.0, l.samplePeakDbfs(), 0.01);
    }

    @Test
    void stereoSineAtMinus33DbfsReadsMinus33Lufs() {
        assertEquals(-33.0, LoudnessMeter.measure(Signals.sine(1000, -33, 20, 48_000)).integratedLufs(), 0.1);
    }

    @Test
    void sixDecibelsOfGainAddSixLu() {
        // programme with loud and quiet parts, so that both gates act
        Audio programme = Signals.concat(
                Signals.noise(0.3, 5, 44_100, 1), Signals.noise(0.02, 5, 44_100, 2),
                Signals.sine(440, -12, 5, 44_100), Signals.noise(0.001, 3, 44_100, 3));
        double before = LoudnessMeter.measure(programme).integratedLufs();
        double after = LoudnessMeter.measure(Signals.gain(programme, 6)).integratedLufs();
        assertEquals(6.0, after - before, 0.05);
    }

    @Test
    void absoluteGateIgnoresSilence() {
        Audio tone = Signals.sine(1000, -23, 10, 48_000);
        Audio withSilence = Signals.concat(tone, Audio.silence(48_000 * 20, 48_000), tone);
        assertEquals(-23.0, LoudnessMeter.measure(withSilence).integratedLufs(), 0.1);
    }

    @Test
    void relativeGateTech3341Case4() {
        // -72, -36, -23, -36, -72 dBFS tones of 10, 10, 60, 10, 10 s: -23.0 LUFS
        int fs = 48_000;
        Audio a = Signals.concat(Signals.sine(1000, -72, 10, fs), Signals.sine(1000, -36, 10, fs),
                Signals.sine(1000, -23, 60, fs), Signals.sine(1000, -36, 10, fs),
                Signals.sine(1000, -72, 10, fs));
        assertEquals(-23.0, LoudnessMeter.measure(a).integratedLufs(), 0.1);
    }

    @Test
    void loudnessRangeTech3342Cases() {
        int fs = 48_000;
        // case 1: 20 s at -20 then 20 s at -30 dBFS: 10 LU; case 3: -40 then -20: 20 LU (both ±1)
        Audio case1 = Signals.concat(Signals.sine(1000, -20, 20, fs), Signals.sine(1000, -30, 20, fs));
        Audio case3 = Signals.concat(Signals.sine(1000, -40, 20, fs), Signals.sine(1000, -20, 20, fs));
        assertEquals(10, LoudnessMeter.measure(case1).loudnessRangeLu(), 1);
        assertEquals(20, LoudnessMeter.measure(case3).loudnessRangeLu(), 1);
    }

    @Test
    void silenceGivesInfinitiesAndNaNWithoutCrashing() {
        Loudness l = LoudnessMeter.measure(Audio.silence(48_000 * 5, 48_000));
        assertAll(
                () -> assertEquals(Double.NEGATIVE_INFINITY, l.integratedLufs()),
                () -> assertTrue(Double.isNaN(l.loudnessRangeLu())),
                () -> assertEquals(Double.NEGATIVE_INFINITY, l.truePeakDbtp()),
                () -> assertEquals(Double.NEGATIVE_INFINITY, l.samplePeakDbfs()),
                () -> assertEquals(Double.NEGATIVE_INFINITY, l.maxMomentaryLufs()),
                () -> assertEquals(Double.NEGATIVE_INFINITY, l.maxShortTermLufs()));
        Loudness empty = LoudnessMeter.measure(Audio.silence(0, 44_100));
        assertEquals(Double.NEGATIVE_INFINITY, empty.integratedLufs());
        // a tone shorter than one block has a peak but no loudness
        Loudness shortTone = LoudnessMeter.measure(Signals.sine(1000, -10, 0.3, 48_000));
        assertEquals(Double.NEGATIVE_INFINITY, shortTone.integratedLufs());
        assertEquals(-10, shortTone.samplePeakDbfs(), 0.01);
    }

    @Test
    void streamingInBlocksOfAnySizeGivesTheSameResult() {
        Audio a = Signals.concat(Signals.noise(0.5, 4, 44_100, 7), Signals.sine(300, -20, 3.05, 44_100));
        Loudness whole = LoudnessMeter.measure(a);
        for (int block : new int[] {1, 64, 65, 4410, 100_000}) {
            LoudnessMeter m = new LoudnessMeter(44_100);
            for (int off = 0; off < a.frames(); off += block) {
                m.accept(a.stereo(), off, Math.min(block, a.frames() - off));
            }
            assertEquals(whole, m.result(), "block size " + block);
        }
    }

    @Test
    void resetStartsANewStream() {
        LoudnessMeter m = new LoudnessMeter(48_000);
        Audio loud = Signals.sine(1000, -10, 5, 48_000);
        m.accept(loud.stereo(), 0, loud.frames());
        m.reset();
        Audio quiet = Signals.sine(1000, -30, 5, 48_000);
        m.accept(quiet.stereo(), 0, quiet.frames());
        assertEquals(LoudnessMeter.measure(quiet), m.result());
    }
}
