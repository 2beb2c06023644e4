package mixer.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;

import mixer.dsp.loudness.Loudness;
import mixer.dsp.loudness.LoudnessMeter;
import mixer.dsp.params.MixSettings;
import mixer.dsp.params.Param;
import org.junit.jupiter.api.Test;

/**
 * A property of the renderer: finite input within what the reader accepts (±2^20, +120 dBFS) never
 * gives NaN or infinity, in either direction, with or without the limiter, for random settings over
 * the whole ranges and signals chosen to break DSP: DC, full-scale squares, single impulses, silence,
 * denormals, the largest accepted values, and alternating extremes at Nyquist.
 */
class HostileSignalsTest {

    private static final int RATE = 44_100;
    private static final int FRAMES = RATE / 4;

    /** Each hostile signal as stereo; {@code level} scales it. */
    static Audio[] hostile(float level, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[][] dc = new float[2][FRAMES], square = new float[2][FRAMES], impulse = new float[2][FRAMES],
                silence = new float[2][FRAMES], denormal = new float[2][FRAMES], nyquist = new float[2][FRAMES],
                antiphase = new float[2][FRAMES];
        for (int i = 0; i < FRAMES; i++) {
            dc[0][i] = level;
            dc[1][i] = -level;
            float sq = (i / 50) % 2 == 0 ? level : -level;
            square[0][i] = sq;
            square[1][i] = sq;
            denormal[0][i] = Float.MIN_VALUE * (1 + rng.nextInt(1000));
            denormal[1][i] = -Float.MIN_NORMAL / 2;
            nyquist[0][i] = i % 2 == 0 ? level : -level;
            nyquist[1][i] = i % 2 == 0 ? -level : level;
            antiphase[0][i] = (float) (level * Math.sin(i * 0.05));
            antiphase[1][i] = -antiphase[0][i];
        }
        impulse[0][FRAMES / 3] = level;
        impulse[1][FRAMES / 2] = -level;
        return new Audio[] {new Audio(dc, RATE), new Audio(square, RATE), new Audio(impulse, RATE),
                new Audio(silence, RATE), new Audio(denormal, RATE), new Audio(nyquist, RATE), new Audio(antiphase, RATE)};
    }

    @Test
    void finiteInputGivesFiniteOutputForRandomSettings() {
        SplittableRandom rng = new SplittableRandom(12);
        for (float level : new float[] {1f, Audio.MAX_ABS_SAMPLE}) {
            Audio[] signals = hostile(level, 3);
            for (int trial = 0; trial < 24; trial++) {
                double[] n = new double[Param.COUNT];
                for (int k = 0; k < n.length; k++) {
                    double u = rng.nextDouble();
                    n[k] = u < 0.2 ? 0 : u > 0.8 ? 1 : rng.nextDouble(); // the range's ends often
                }
                // width 0 has no inverse (refused, tested elsewhere); its smallest invertible value is here
                if (n[Param.STEREO_WIDTH.ordinal()] == 0) n[Param.STEREO_WIDTH.ordinal()] = 0.001 / Param.STEREO_WIDTH.max;
                MixSettings s = MixSettings.ofNormalized(n);
                for (int k = 0; k < signals.length; k++) {
                    String what = "signal " + k + " at " + level + ", " + s;
                    finite(Renderer.render(signals[k], s, true), what + ", limiter on");
                    finite(Renderer.render(signals[k], s, false), what + ", limiter off");
                    finite(Renderer.invert(signals[k], s), what + ", inverse");
                }
            }
        }
    }

    @Test
    void audioInMemoryWithANanOrAHugeSampleIsRefusedNamingIt() {
        float[][] s = new float[2][RATE];
        for (int i = 0; i < RATE; i++) s[0][i] = s[1][i] = (float) (0.3 * Math.sin(i * 0.05));
        s[1][RATE / 2] = Float.NaN; // it ended in an index out of bounds inside the compressor
        MixSettings compressing = MixSettings.ofNormalized(0.7, 0.6, 0.5, 0.5, 0.5, 0.5, 0.2, 0.2, 0.5, 0.5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Renderer.render(new Audio(s, RATE), compressing, true));
        assertEquals("the audio in memory holds NaN (not a number) at frame " + RATE / 2 + " (0.500 s), right channel: "
                + "mixer processes only numbers within ±1048576 (+120 dBFS)", e.getMessage());
        s[1][RATE / 2] = 3e7f;
        e = assertThrows(IllegalArgumentException.class, () -> Renderer.invert(new Audio(s, RATE), compressing));
        assertTrue(e.getMessage().contains("holds 3.00e+07 (+150 dBFS) at frame"), e.getMessage());
    }

    @Test
    void theMeterReadsHostileSignalsAsNumbers() {
        for (Audio a : hostile(1f, 5)) {
            Loudness l = LoudnessMeter.measure(a);
            assertTrue(!Double.isNaN(l.integratedLufs()) && !Double.isNaN(l.truePeakDbtp()) && !Double.isNaN(l.samplePeakDbfs()), l.toString());
        }
    }

    private static void finite(Audio a, String what) {
        for (float[] ch : a.stereo()) {
            for (int i = 0; i < ch.length; i++) {
                if (!Float.isFinite(ch[i])) fail(what + ": frame " + i + " is " + ch[i]);
            }
        }
    }
}
