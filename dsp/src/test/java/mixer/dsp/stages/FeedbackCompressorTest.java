package mixer.dsp.stages;

import mixer.dsp.Audio;
import mixer.dsp.SyntheticMusic;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static mixer.dsp.stages.FeedbackCompressor.MAX_GAIN_REDUCTION_DB;
import static mixer.dsp.stages.FeedbackCompressor.thresholdDb;
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

    /** {@link FeedbackCompressor#gains} is what a render after an input gain applies, sample for sample, bit for bit. */
    @Test
    void theGainsFromTheLouderChannelAreTheRendersGains() {
        Audio in = TestSignals.music(FS, 0.5, 2);
        float[] louder = new float[in.frames()];
        for (int i = 0; i < louder.length; i++) louder[i] = Math.max(Math.abs(in.left()[i]), Math.abs(in.right()[i]));
        double[] gains = new double[louder.length];
        for (double inputGainDb : new double[] {-7.5, 0, 9}) {
            for (double ratio : new double[] {1, 2.5, 10}) {
                Audio gained = TestSignals.run(new Gain(inputGainDb), in);
                Audio out = TestSignals.run(new FeedbackCompressor(ratio), gained);
                FeedbackCompressor.gains(louder, inputGainDb, ratio, FS, gains);
                int reduced = 0;
                for (int i = 0; i < louder.length; i++) {
                    assertEquals(out.left()[i], (float) (gained.left()[i] * gains[i]), inputGainDb + " dB, ratio " + ratio + ", frame " + i);
                    assertEquals(out.right()[i], (float) (gained.right()[i] * gains[i]));
                    if (gains[i] < 1) reduced++;
                }
                assertEquals(ratio == 1, reduced == 0, "ratio " + ratio + " at " + inputGainDb + " dB reduced " + reduced + " frames");
            }
        }
    }

    @Test
    void theThresholdFollowsTheProgramLevelDownToAFloor() {
        assertEquals(-20, thresholdDb(-24), 1e-12, "at the reference program level");
        assertEquals(-14, thresholdDb(-16), 1e-12, "8 dB louder: 6 dB higher");
        assertEquals(-32, thresholdDb(-40), 1e-12, "at the floor");
        assertEquals(-32, thresholdDb(-90), 1e-12, "below the floor, as at the floor");
    }

    @Test
    void quietSignalBelowTheLowestThresholdPassesUntouched() {
        Audio in = TestSignals.sine(FS, 440, 0.02, 2); // peak -34 dBFS, under the -32 dBFS the threshold can fall to
        Audio out = TestSignals.run(new FeedbackCompressor(10), in);
        assertArrayEquals(in.left(), out.left());
    }

    /** The gain computer is the dB formula: -min(range, (ratio - 1) * max(0, envelope - threshold(program))). */
    @Test
    void gainComputerMatchesTheDbFormula() {
        for (double ratio : new double[] {1.2, 2, 4, 10, 100}) {
            FeedbackGainComputer c = new FeedbackGainComputer(ratio);
            c.prepare(44100);
            double tolerance = ratio <= 10 ? 1e-6 : 1e-3;
            for (double programDb : new double[] {-70, -40, -31.3, -24, -12, 0, 20}) {
                for (double envDb = -60; envDb <= 40; envDb += 0.37) {
                    c.setLevels(envDb, programDb);
                    double expected = -Math.min(MAX_GAIN_REDUCTION_DB, (ratio - 1) * Math.max(0, envDb - thresholdDb(programDb)));
                    assertEquals(expected, db(c.gain()), tolerance, "ratio " + ratio + ", envelope " + envDb + " dB, program " + programDb + " dB");
                }
            }
        }
    }

    /**
     * A square wave has a constant |x|, so both detectors settle exactly (envelope and program level are the
     * output's level Lout) and Lin - Lout = (ratio - 1) (Lout - threshold(Lout)): above -8 dBFS, where a
     * steady level meets its own threshold, a steady change of level is compressed at 1 + (ratio - 1) / 4 : 1.
     */
    @Test
    void squareWaveFollowsTheStaticCurveExactly() {
        for (double ratio : new double[] {1.5, 3, 10}) {
            for (double levelDb : new double[] {-12, -3, 0, 6}) {
                Audio out = TestSignals.run(new FeedbackCompressor(ratio), square(levelDb, 16)); // the program level settles in seconds
                double outDb = db(Math.abs(out.left()[out.frames() - 1]));
                double tracking = FeedbackCompressor.THRESHOLD_TRACKING;
                double steadyRatio = 1 + (ratio - 1) * (1 - tracking);
                double kneeDb = (FeedbackCompressor.THRESHOLD_DB - tracking * FeedbackCompressor.PROGRAM_REFERENCE_DB)
                        / (1 - tracking); // -8 dBFS, where Lout = threshold(Lout)
                double expected = levelDb <= kneeDb ? levelDb : kneeDb + (levelDb - kneeDb) / steadyRatio;
                assertEquals(expected, outDb, 0.01, "ratio " + ratio + ", " + levelDb + " dBFS");
            }
        }
    }

    /** A peak well above the program level meets the full ratio, up to the cap: the inverse boosts by 24 dB at most. */
    @Test
    void theInverseBoostsByAtMostTheCap() {
        float[][] s = square(-40, 1.5).stereo(); // a quiet program, then a step to +6 dBFS
        for (int i = FS; i < s[0].length; i++) s[0][i] = s[1][i] = s[0][i] * (float) Math.pow(10, 46 / 20.0);
        Audio y = new Audio(s, FS);
        Audio x = TestSignals.run(new FeedbackCompressor(10).inverse(), y);
        double largestBoostDb = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < y.frames(); i++) largestBoostDb = Math.max(largestBoostDb, db(Math.abs(x.left()[i] / y.left()[i])));
        assertEquals(MAX_GAIN_REDUCTION_DB, largestBoostDb, 1e-5, "the step meets the cap, and nothing passes it");
    }

    /** The synthetic song (peaks at -1 dBFS) at ratio 4, as a user would set it: its loud moments are turned down. */
    @Test
    void aSongAtRatioFourIsAudiblyCompressed() {
        Audio in = SyntheticMusic.generate(8, 44100, 3);
        Audio out = TestSignals.run(new FeedbackCompressor(4), in);
        double[] reductionDb = new double[in.frames() - 44100];
        int n = 0;
        for (int i = 44100; i < in.frames(); i++) { // after the first second
            if (in.left()[i] != 0) reductionDb[n++] = -db(out.left()[i] / in.left()[i]);
        }
        reductionDb = Arrays.copyOf(reductionDb, n);
        Arrays.sort(reductionDb);
        double loudestTenth = reductionDb[(int) (0.9 * n)];
        double reducedShare = Arrays.stream(reductionDb).filter(r -> r > 0.1).count() / (double) n;
        // measured: 3.0 dB or more on the loudest tenth of the samples, more than 0.1 dB on 36 % of them
        assertTrue(loudestTenth > 2.5, "reduction at the 90th percentile " + loudestTenth + " dB");
        assertTrue(reducedShare > 0.3, "reduced by over 0.1 dB on " + reducedShare + " of the samples");
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
        // An output steadily 3.5 dB over its own threshold at ratio 10 needs 31.5 dB: the inverse holds the cap.
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
