package mixer.dsp.loudness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import mixer.dsp.Audio;
import mixer.dsp.loudness.TruePeakMeter.Interpolator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TruePeakMeterTest {

    @Test
    void oversamplingFollowsBs1770() {
        assertEquals(4, TruePeakMeter.oversamplingFor(44_100));
        assertEquals(4, TruePeakMeter.oversamplingFor(48_000));
        assertEquals(4, TruePeakMeter.oversamplingFor(88_200));
        assertEquals(2, TruePeakMeter.oversamplingFor(96_000));
        assertEquals(2, TruePeakMeter.oversamplingFor(192_000));
        assertEquals(1, TruePeakMeter.oversamplingFor(384_000));
        assertEquals(Interpolator.SINC_129, new TruePeakMeter(48_000).interpolator());
    }

    @ParameterizedTest
    @EnumSource(Interpolator.class)
    void quarterRateSineAt45DegreesReadsThreeDbAboveItsSamplePeak(Interpolator interpolator) {
        // sin(pi n / 2 + pi / 4): every sample is ±0.7071 of the amplitude (Tech 3341 case 19 style)
        Audio a = Signals.faded(Signals.sine(12_000, 0, 2, 48_000, Math.PI / 4));
        double sp = 20 * Math.log10(a.samplePeak());
        double tp = TruePeakMeter.measureDbtp(a, interpolator);
        assertEquals(-3.01, sp, 0.01);
        // the true peak is 0 dBTP; Tech 3341 allows +0.2 / -0.4 dB. The crest lies midway between two
        // samples, on the 4x grid's midpoint phase: measured +0.045 dB with the BS1770 Annex 2 filter (its
        // gain at fs/4), 0.000 dB with the sinc
        assertTrue(tp <= 0.2 && tp >= -0.4, "true peak " + tp);
        assertEquals(interpolator == Interpolator.BS1770 ? 0.045 : 0.0, tp, 0.03, "true peak read");
        assertEquals(3.0, tp - sp, 0.3);
    }

    @ParameterizedTest
    @EnumSource(Interpolator.class)
    void sineAt997HzReadsItsAmplitude(Interpolator interpolator) {
        for (double phase : new double[] {0, 0.3, 1.1}) {
            double tp = TruePeakMeter.measureDbtp(Signals.faded(Signals.sine(997, -6, 1, 48_000, phase)), interpolator);
            assertTrue(tp <= -6 + 0.2 && tp >= -6 - 0.4, "997 Hz at -6 dBFS read " + tp + " dBTP");
        }
        double tp = TruePeakMeter.measureDbtp(Signals.faded(Signals.sine(997, -6, 1, 48_000, 0.3)));
        assertEquals(-6, tp, 0.01, "the sinc interpolator is flat at 1 kHz");
    }

    @Test
    void theSincReadsABandLimitedPeakNearNyquist() {
        // 20 kHz at 44.1 kHz (0.45 fs): few samples near the crest; the Annex 2 example filter is
        // -1.2 dB there, the sinc within 0.3 dB
        Audio a = Signals.faded(Signals.sine(20_000, -6, 1, 44_100, 0.2));
        assertEquals(-6, TruePeakMeter.measureDbtp(a, Interpolator.SINC_129), 0.3);
    }

    @Test
    void parabolicRefinementFindsThePeakBetweenTheQuarterPoints() {
        // fs/3: every crest of |x| sits at the same offset from the 4x grid, up to 1/8 sample away
        // (-0.30 dB at this frequency), depending on the phase
        double worstGrid = 0, worstRefined = 0;
        for (int k = 0; k < 16; k++) {
            Audio a = Signals.faded(Signals.sine(14_700, -6, 0.25, 44_100, k * Math.PI / 32));
            double grid = TruePeakMeter.measureDbtp(a, Interpolator.SINC_129) + 6;
            double refined = TruePeakMeter.measureDbtp(a, Interpolator.SINC_129_PARABOLIC) + 6;
            assertTrue(refined >= grid, "refinement only adds");
            worstGrid = Math.min(worstGrid, grid);
            worstRefined = Math.max(worstRefined, Math.abs(refined));
        }
        assertTrue(worstGrid < -0.2, "the bare grid misses the crest: " + worstGrid);
        assertTrue(worstRefined < 0.1, "refined within 0.1 dB: " + worstRefined);
    }

    @ParameterizedTest
    @EnumSource(Interpolator.class)
    void estimatesAboveAFloorAreExactAndTheOthersStayBelowIt(Interpolator interpolator) {
        // loud and quiet passages, so that whole chunks fall below the floor
        Audio a = Signals.concat(Signals.noise(0.05, 0.2, 44_100, 1), Signals.noise(0.9, 0.1, 44_100, 2),
                Signals.noise(0.02, 0.2, 44_100, 3), Signals.noise(0.7, 0.1, 44_100, 4));
        int n = a.frames();
        float[] exact = new float[n];
        new TruePeakMeter(44_100, interpolator).estimate(a.stereo(), 0, n, exact, 0);
        float floor = 0.6f;
        for (int block : new int[] {n, 1000, 77}) {
            TruePeakMeter m = new TruePeakMeter(44_100, interpolator);
            float[] peaks = new float[n];
            for (int off = 0; off < n; off += block) {
                m.estimate(a.stereo(), off, Math.min(block, n - off), peaks, off, floor);
            }
            int above = 0;
            for (int i = 0; i < n; i++) {
                if (exact[i] >= floor) {
                    assertEquals(exact[i], peaks[i], "frame " + i + ", block " + block);
                    above++;
                } else {
                    assertTrue(peaks[i] < floor, "frame " + i + ", block " + block);
                }
            }
            assertTrue(above > 10);
        }
    }

    @ParameterizedTest
    @EnumSource(Interpolator.class)
    void anAbruptStepOvershootsBetweenSamples(Interpolator interpolator) {
        // silence then a constant: the band-limited reconstruction rings above the step (Gibbs)
        Audio step = Signals.concat(Audio.silence(100, 48_000),
                Signals.gain(Signals.sine(0, 0, 0.01, 48_000, Math.PI / 2), -6));
        assertTrue(TruePeakMeter.measureDbtp(step, interpolator) > -6 + 0.3);
    }

    @ParameterizedTest
    @EnumSource(Interpolator.class)
    void truePeakIsNeverBelowSamplePeak(Interpolator interpolator) {
        Audio noise = Signals.noise(0.8, 1, 44_100, 11);
        assertTrue(TruePeakMeter.measureDbtp(noise, interpolator) >= 20 * Math.log10(noise.samplePeak()));
    }

    @ParameterizedTest
    @EnumSource(Interpolator.class)
    void estimateIsBlockSizeInvariantAndAgreesWithAccept(Interpolator interpolator) {
        Audio a = Signals.noise(1, 0.5, 44_100, 3);
        int n = a.frames();
        float[] whole = new float[n];
        new TruePeakMeter(44_100, interpolator).estimate(a.stereo(), 0, n, whole, 0);
        for (int block : new int[] {1, 7, 1024, 1025}) {
            TruePeakMeter m = new TruePeakMeter(44_100, interpolator);
            float[] peaks = new float[n];
            for (int off = 0; off < n; off += block) {
                m.estimate(a.stereo(), off, Math.min(block, n - off), peaks, off);
            }
            assertArrayEquals(whole, peaks, "block " + block);
        }
        // accept reads the stream as ending with it: the estimates of the stream followed by silence
        TruePeakMeter padded = new TruePeakMeter(44_100, interpolator);
        int support = padded.supportFrames();
        float[] withTail = new float[n + support];
        padded.estimate(a.stereo(), 0, n, withTail, 0);
        padded.estimate(new float[2][support], 0, support, withTail, n);
        float max = 0;
        for (float p : withTail) max = Math.max(max, p);
        TruePeakMeter m = new TruePeakMeter(44_100, interpolator);
        m.accept(a.stereo(), 0, n);
        assertEquals(max, m.truePeak());
    }

    @ParameterizedTest
    @EnumSource(Interpolator.class)
    void aStreamsLastFramesCountAndReadingDoesNotDisturbIt(Interpolator interpolator) {
        // a file of one frame: its sample is its peak (the sinc reads frame n - 15; without the tail it read -91.6 dBTP)
        float[][] one = {{0.5f}, {0.25f}};
        TruePeakMeter m = new TruePeakMeter(44_100, interpolator);
        m.accept(one, 0, 1);
        assertTrue(m.truePeak() >= 0.5, "one frame reads " + m.truePeak());
        // a loud last frame after quiet music; asking midway changes nothing that follows
        Audio quiet = Signals.noise(0.1, 0.5, 44_100, 5);
        float[][] end = {{0.9f}, {0f}};
        TruePeakMeter asked = new TruePeakMeter(44_100, interpolator), unasked = new TruePeakMeter(44_100, interpolator);
        for (TruePeakMeter t : new TruePeakMeter[] {asked, unasked}) {
            t.accept(quiet.stereo(), 0, quiet.frames());
            if (t == asked) assertTrue(asked.truePeak() < 0.5, "the quiet part alone: " + asked.truePeak());
            t.accept(end, 0, 1);
        }
        assertTrue(asked.truePeak() >= 0.9f, "the last frame counts: " + asked.truePeak());
        assertEquals(unasked.truePeak(), asked.truePeak());
    }

    @ParameterizedTest
    @EnumSource(Interpolator.class)
    void estimateUsesOnlyItsSupport(Interpolator interpolator) {
        // an impulse at frame 100 shows in the estimates of frames 100 … 100 + support - 1 only
        float[][] x = new float[2][400];
        x[1][100] = 0.5f;
        float[] peaks = new float[400];
        TruePeakMeter m = new TruePeakMeter(48_000, interpolator);
        m.estimate(x, 0, 400, peaks, 0);
        for (int i = 0; i < 400; i++) {
            boolean inside = i >= 100 && i < 100 + m.supportFrames();
            if (!inside) assertEquals(0f, peaks[i], "frame " + i);
        }
        float max = 0;
        for (float p : peaks) max = Math.max(max, p);
        assertEquals(0.5f, max, 1e-6f);
    }

    @ParameterizedTest
    @EnumSource(Interpolator.class)
    void twoTimesAndNoOversamplingAtHighRates(Interpolator interpolator) {
        Audio a = Signals.faded(Signals.sine(997, -6, 0.5, 96_000, 0.7));
        assertEquals(-6, TruePeakMeter.measureDbtp(a, interpolator), 0.2);
        Audio b = Signals.faded(Signals.sine(997, -6, 0.5, 384_000, 0.7));
        assertEquals(-6, TruePeakMeter.measureDbtp(b, interpolator), 0.01);
    }
}
