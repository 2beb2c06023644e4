package mixer.dsp.stages;

import mixer.dsp.Audio;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GainTest {

    @Test
    void zeroDbIsAnExactIdentity() {
        Audio in = TestSignals.music(44100, 0.3, 1);
        Audio out = TestSignals.run(new Gain(0), in);
        assertArrayEquals(in.left(), out.left());
        assertArrayEquals(in.right(), out.right());
    }

    @Test
    void sixDbIsTwiceTheAmplitude() {
        Audio in = TestSignals.sine(48000, 1000, 0.25, 1);
        Audio out = TestSignals.run(new Gain(6.0206), in);
        double gain = TestSignals.amplitude(out.left(), 0, 48000, 1000, 48000)
                / TestSignals.amplitude(in.left(), 0, 48000, 1000, 48000);
        assertEquals(2.0, gain, 1e-4);
        assertEquals(-12.5, new Gain(12.5).inverse().gainDb());
    }

    @Test
    void invalidGainIsRejectedWithASentenceNamingIt() {
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, 121, -500}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Gain(bad));
            assertTrue(e.getMessage().startsWith("gainDb = "), e.getMessage());
        }
    }
}
