package mixer.dsp.stages;

import mixer.dsp.Audio;
import mixer.dsp.SyntheticMusic;
import org.junit.jupiter.api.Test;

import static mixer.dsp.stages.TestSignals.amplitude;
import static mixer.dsp.stages.TestSignals.db;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeedbackCompressorTest {

    static final int FS = 48000;

    @Test
    void ratioOneIsAnExactIdentityEvenWhenLoud() {
        Audio in = TestSignals.music(FS, 0.5, 2);
        Audio out = TestSignals.run(new FeedbackCompressor(1), in);
        assertArrayEquals(in.left(), out.left());
        assertArrayEquals(in.right(), out.right());
        Audio inv = TestSignals.run(new FeedbackCompressor(1).inverse(), in);
        assertArrayEquals(in.left(), inv.left());
    }

    @Test
    void quietSignalBelowThresholdPassesUntouched() {
        Audio in = TestSignals.sine(FS, 440, 0.09, 0.5); // peak -20.9 dBFS, under the -20 dBFS threshold
        Audio out = TestSignals.run(new FeedbackCompressor(10), in);
        assertArrayEquals(in.left(), out.left());
    }

    /**
     * A steady sine 12 dB louder comes out 12/ratio dB louder: the static ratio. (The absolute level of a
     * sine sits (1 - 1/ratio) * 1.0 dB above the ideal curve, because a peak follower with a 10 ms attack
     * settles 1.0 dB under a 1 kHz sine's peak; the square-wave test below checks the absolute curve.)
     */
    @Test
    void steadySineSettlesToTheRatioAboveThreshold() {
        for (double ratio : new double[] {2, 4, 10}) {
            double quietOut = settledSineLevelDb(ratio, -12);
            double loudOut = settledSineLevelDb(ratio, 0);
            assertEquals(12 / ratio, loudOut - quietOut, 0.05, "ratio " + ratio);
            double ideal = FeedbackCompressor.THRESHOLD_DB + (0 - FeedbackCompressor.THRESHOLD_DB) / ratio;
            assertEquals(ideal + (1 - 1 / ratio) * 1.0, loudOut, 0.3, "ratio " + ratio + ", 0 dBFS sine");
        }
    }

    private static double settledSineLevelDb(double ratio, double peakDbfs) {
        Audio out = TestSignals.run(new FeedbackCompressor(ratio), TestSignals.sine(FS, 1000, Math.pow(10, peakDbfs / 20), 2));
        return db(amplitude(out.left(), FS, FS, 1000, FS)); // second 1 s, after settling
    }

    /** A square wave has a constant |x|, so the envelope settles exactly: Lin - T = ratio (Lout - T). */
    @Test
    void squareWaveFollowsTheStaticCurveExactly() {
        for (double ratio : new double[] {1.5, 3, 10}) {
            for (double levelDb : new double[] {-15, -6, 0}) {
                float a = (float) Math.pow(10, levelDb / 20);
                float[][] s = new float[2][FS];
                for (int i = 0; i < FS; i++) s[0][i] = s[1][i] = (i / 240) % 2 == 0 ? a : -a; // 100 Hz
                Audio out = TestSignals.run(new FeedbackCompressor(ratio), new Audio(s, FS));
                double outDb = db(Math.abs(out.left()[FS - 1]));
                double t = FeedbackCompressor.THRESHOLD_DB;
                assertEquals(t + (levelDb - t) / ratio, outDb, 0.02, "ratio " + ratio + ", " + levelDb + " dBFS");
            }
        }
    }

    @Test
    void gainReductionStopsAt24Db() {
        float[][] s = new float[2][FS];
        java.util.Arrays.fill(s[0], 8f); // +18 dBFS: ratio 10 would want over 100 dB of reduction
        java.util.Arrays.fill(s[1], 8f);
        Audio out = TestSignals.run(new FeedbackCompressor(10), new Audio(s, FS));
        assertEquals(db(8) - FeedbackCompressor.MAX_GAIN_REDUCTION_DB, db(out.left()[FS - 1]), 1e-6);
    }

    @Test
    void gainComputerMatchesTheDbFormula() {
        for (double ratio : new double[] {1.2, 2, 4, 10, 100}) {
            FeedbackGainComputer c = new FeedbackGainComputer(ratio, -20, 10, 120, 24);
            c.prepare(44100);
            double tolerance = ratio <= 10 ? 1e-6 : 1e-3;
            for (double envDb = -60; envDb <= 40; envDb += 0.37) {
                c.setEnvelope(Math.pow(10, envDb / 20));
                double expected = -Math.min(24, (ratio - 1) * Math.max(0, envDb + 20));
                assertEquals(expected, db(c.gain()), tolerance, "ratio " + ratio + ", envelope " + envDb + " dB");
            }
        }
    }

    @Test
    void loudPassageIsCompressedAndStereoLinked() {
        Audio in = TestSignals.music(FS, 1, 4);
        Audio out = TestSignals.run(new FeedbackCompressor(8), in);
        int from = (int) (0.45 * FS);
        int to = (int) (0.58 * FS);
        double reductionL = db(TestSignals.rms(out.left(), from, to) / TestSignals.rms(in.left(), from, to));
        double reductionR = db(TestSignals.rms(out.right(), from, to) / TestSignals.rms(in.right(), from, to));
        assertTrue(reductionL < -6, "loud passage reduced by " + reductionL + " dB");
        assertEquals(reductionL, reductionR, 0.5, "one gain for both channels");
    }

    /** Pinned: at the cap more than half the time; idle: reducing gain on under 1 % of samples. */
    @Test
    void activitySaysWhenTheCompressorIsPinnedOrIdle() {
        FeedbackCompressor.Activity quiet = FeedbackCompressor.activity(square(-40, 2), 10);
        assertEquals(0, quiet.reduced());
        assertTrue(quiet.idle() && !quiet.pinned());
        // An output steadily 26 dB over the threshold at ratio 10 needs 234 dB: the inverse holds the cap.
        FeedbackCompressor.Activity loud = FeedbackCompressor.activity(square(6, 2), 10);
        assertTrue(loud.pinned() && !loud.idle(), loud.toString());
        assertEquals(2 * FS, loud.samples());
        Audio music = TestSignals.run(new FeedbackCompressor(4), SyntheticMusic.generate(3, FS, 5));
        FeedbackCompressor.Activity heard = FeedbackCompressor.activity(music, 4);
        assertFalse(heard.pinned() || heard.idle(), heard.toString());
        assertEquals(0, FeedbackCompressor.activity(music, 1).reduced(), "ratio 1 never reduces");
    }

    @Test
    void invalidRatioIsRejectedWithASentenceNamingIt() {
        for (double bad : new double[] {0.5, 0, -2, Double.NaN, 1000}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new FeedbackCompressor(bad));
            assertTrue(e.getMessage().startsWith("ratio = "), e.getMessage());
        }
        assertThrows(IllegalStateException.class,
                () -> new FeedbackCompressor(2).process(new float[2][8], 0, 8), "process before prepare");
    }

    /** A 100 Hz square wave at this peak level, the same in both channels. */
    private static Audio square(double levelDb, double seconds) {
        float a = (float) Math.pow(10, levelDb / 20);
        float[][] s = new float[2][(int) (seconds * FS)];
        for (int i = 0; i < s[0].length; i++) s[0][i] = s[1][i] = (i / 240) % 2 == 0 ? a : -a;
        return new Audio(s, FS);
    }
}
