package mixer.dsp.stages;

import mixer.dsp.Audio;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StereoWidthTest {

    final Audio in = TestSignals.music(44100, 0.3, 8);

    @Test
    void widthOneIsAnExactIdentity() {
        Audio out = TestSignals.run(new StereoWidth(1), in);
        assertArrayEquals(in.left(), out.left());
        assertArrayEquals(in.right(), out.right());
        assertArrayEquals(in.left(), TestSignals.run(new StereoWidth(1).inverse(), in).left());
    }

    @Test
    void widthZeroIsExactlyMono() {
        Audio out = TestSignals.run(new StereoWidth(0), in);
        assertArrayEquals(out.left(), out.right());
        assertEquals((in.left()[100] + (double) in.right()[100]) / 2, out.left()[100], 1e-7);
    }

    @Test
    void widthTwoDoublesTheSideAndKeepsTheMid() {
        Audio out = TestSignals.run(new StereoWidth(2), in);
        for (int i = 0; i < in.frames(); i += 97) {
            double mid = (in.left()[i] + (double) in.right()[i]) / 2;
            double side = (in.left()[i] - (double) in.right()[i]) / 2;
            assertEquals(mid, (out.left()[i] + (double) out.right()[i]) / 2, 1e-6);
            assertEquals(2 * side, (out.left()[i] - (double) out.right()[i]) / 2, 1e-6);
        }
    }

    @Test
    void widthNearZeroHasNoInverse() {
        for (double w : new double[] {0, 5e-4}) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> new StereoWidth(w).inverse());
            assertTrue(e.getMessage().startsWith("width = ") && e.getMessage().contains("side signal"), e.getMessage());
        }
        Audio x = TestSignals.run(new StereoWidth(0.05), in);
        assertTrue(TestSignals.errorDb(TestSignals.run(new StereoWidth(0.05).inverse(), x), in) < -100);
    }

    @Test
    void invalidWidthIsRejectedWithASentenceNamingIt() {
        for (double bad : new double[] {-0.01, 2.01, Double.NaN}) {
            BiquadTest.assertNamed("width", () -> new StereoWidth(bad));
        }
    }
}
