package mixer.dsp.stages;

import mixer.dsp.Audio;
import mixer.dsp.AudioSpec;
import org.junit.jupiter.api.Test;

import static mixer.dsp.stages.TestSignals.amplitude;
import static mixer.dsp.stages.TestSignals.db;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The chain's four EQ stages, measured the way an engineer would: a steady sine through the filter. */
class BiquadTest {

    static final int[] RATES = {44100, 48000};
    static final double[] GAINS_DB = {12, -12, 6, -6};

    /** Gain in dB of a steady sine at {@code freqHz} (integer Hz) through a fresh filter, after 1 s. */
    static double measuredGainDb(Biquad filter, int rate, double freqHz) {
        Audio in = TestSignals.sine(rate, freqHz, 0.25, 2);
        Audio out = TestSignals.run(filter, in);
        return db(amplitude(out.left(), rate, rate, freqHz, rate) / amplitude(in.left(), rate, rate, freqHz, rate));
    }

    @Test
    void peakingHasItsFullGainAtTheCentre() {
        for (int rate : RATES) {
            for (double g : GAINS_DB) {
                assertEquals(g, measuredGainDb(new Peaking(1000, 0.8, g), rate, 1000), 0.1, rate + " Hz, " + g + " dB");
            }
        }
    }

    @Test
    void highShelvesHaveHalfTheGainAtTheCornerAndAllOfItInside() {
        for (int rate : RATES) {
            int nearNyquist = (int) Math.round(0.45 * rate);
            for (double g : GAINS_DB) {
                String at = rate + " Hz, " + g + " dB";
                assertEquals(g / 2, measuredGainDb(new HighShelf(4000, g), rate, 4000), 0.1, "4 kHz corner, " + at);
                assertEquals(g, measuredGainDb(new HighShelf(4000, g), rate, 16000), 0.1, "4 kHz shelf at 16 kHz, " + at);
                assertEquals(g / 2, measuredGainDb(new HighShelf(12000, g), rate, 12000), 0.1, "12 kHz corner, " + at);
                assertEquals(g, measuredGainDb(new HighShelf(12000, g), rate, nearNyquist), 0.1, "12 kHz shelf near Nyquist, " + at);
            }
        }
    }

    @Test
    void lowShelfHasHalfTheGainAtTheCornerAndAllOfItInside() {
        for (int rate : RATES) {
            for (double g : GAINS_DB) {
                String at = rate + " Hz, " + g + " dB";
                assertEquals(g / 2, measuredGainDb(new LowShelf(120, g), rate, 120), 0.1, "120 Hz corner, " + at);
                assertEquals(g, measuredGainDb(new LowShelf(120, g), rate, 20), 0.1, "120 Hz shelf at 20 Hz, " + at);
            }
        }
    }

    @Test
    void inverseHasTheOppositeGain() {
        assertEquals(-12, measuredGainDb(new Peaking(1000, 0.8, 12).inverse(), 44100, 1000), 0.1);
        assertEquals(3, measuredGainDb(new HighShelf(4000, -6).inverse(), 48000, 4000), 0.1);
        assertEquals(-12, measuredGainDb(new LowShelf(120, 12).inverse(), 48000, 20), 0.1);
    }

    @Test
    void zeroDbIsAnExactIdentity() {
        Audio in = TestSignals.music(44100, 0.3, 5);
        for (Biquad f : new Biquad[] {new HighShelf(4000, 0), new LowShelf(120, 0), new Peaking(1000, 0.8, 0),
                new HighShelf(12000, 0).inverse()}) {
            Audio out = TestSignals.run(f, in);
            assertArrayEquals(in.left(), out.left(), f.toString());
            assertArrayEquals(in.right(), out.right(), f.toString());
        }
    }

    @Test
    void inversesStayStableFromLowToHighRates() {
        for (int rate : new int[] {8000, 22050, 96000, 384000}) {
            Audio x = TestSignals.noise(rate, 0.1, 0.25, 9);
            for (double g : new double[] {12, -12}) {
                for (Biquad f : new Biquad[] {new LowShelf(120, g), new Peaking(1000, 0.8, g), new HighShelf(3000, g)}) {
                    Audio y = TestSignals.run(f, x);
                    double err = TestSignals.errorDb(TestSignals.run(f.inverse(), y), x);
                    assertTrue(err < -100, f + " at " + rate + " Hz: round trip error " + err + " dB");
                }
            }
        }
    }

    @Test
    void cornerAtOrAboveNyquistIsRejectedAtPrepare() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new HighShelf(12000, 3).prepare(new AudioSpec(22050)));
        assertTrue(e.getMessage().contains("Nyquist"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Peaking(4000, 1, 3).prepare(new AudioSpec(8000)));
        new HighShelf(3999, 3).prepare(new AudioSpec(8000)); // just below: fine
    }

    @Test
    void invalidSettingsAreRejectedWithASentenceNamingThem() {
        assertNamed("cornerHz", () -> new HighShelf(0, 3));
        assertNamed("cornerHz", () -> new LowShelf(Double.NaN, 3));
        assertNamed("centreHz", () -> new Peaking(-5, 1, 3));
        assertNamed("q", () -> new Peaking(1000, 0, 3));
        assertNamed("q", () -> new Peaking(1000, Double.POSITIVE_INFINITY, 3));
        assertNamed("gainDb", () -> new HighShelf(4000, Double.NaN));
        assertNamed("gainDb", () -> new LowShelf(120, 200));
    }

    static void assertNamed(String name, org.junit.jupiter.api.function.Executable construct) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, construct);
        assertTrue(e.getMessage().startsWith(name + " = "), e.getMessage());
        assertTrue(e.getMessage().endsWith("."), "a sentence: " + e.getMessage());
    }
}
