package mixer.dsp.loudness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import mixer.dsp.Audio;
import org.junit.jupiter.api.Test;

class TruePeakMeterTest {

    @Test
    void oversamplingFollowsBs1770() {
        assertEquals(4, TruePeakMeter.oversamplingFor(44_100));
        assertEquals(4, TruePeakMeter.oversamplingFor(48_000));
        assertEquals(4, TruePeakMeter.oversamplingFor(88_200));
        assertEquals(2, TruePeakMeter.oversamplingFor(96_000));
        assertEquals(2, TruePeakMeter.oversamplingFor(192_000));
        assertEquals(1, TruePeakMeter.oversamplingFor(384_000));
    }

    @Test
    void quarterRateSineAt45DegreesReadsThreeDbAboveItsSamplePeak() {
        // sin(pi n / 2 + pi / 4): every sample is ±0.7071 of the amplitude (Tech 3341 case 19 style)
        Audio a = Signals.fadeIn(Signals.sine(12_000, 0, 2, 48_000, Math.PI / 4));
        Loudness l = LoudnessMeter.measure(a);
        assertEquals(-3.01, l.samplePeakDbfs(), 0.01);
        // the true peak is 0 dBTP; Tech 3341 allows +0.2 / -0.4 dB; 4x oversampling lands 1/8 sample
        // from the crest (-0.17 dB)
        assertTrue(l.truePeakDbtp() <= 0.2 && l.truePeakDbtp() >= -0.4, "true peak " + l.truePeakDbtp());
        assertEquals(3.0, l.truePeakDbtp() - l.samplePeakDbfs(), 0.3);
    }

    @Test
    void sineAt997HzReadsItsAmplitude() {
        for (double phase : new double[] {0, 0.3, 1.1}) {
            double tp = TruePeakMeter.measureDbtp(Signals.fadeIn(Signals.sine(997, -6, 1, 48_000, phase)));
            assertTrue(tp <= -6 + 0.2 && tp >= -6 - 0.4, "997 Hz at -6 dBFS read " + tp + " dBTP");
            assertEquals(-6, tp, 0.05);
        }
    }

    @Test
    void anAbruptStepOvershootsBetweenSamples() {
        // silence then a constant: the band-limited reconstruction rings above the step (Gibbs)
        Audio step = Signals.concat(Audio.silence(100, 48_000), Signals.gain(Signals.sine(0, 0, 0.01, 48_000, Math.PI / 2), -6));
        assertTrue(TruePeakMeter.measureDbtp(step) > -6 + 0.3);
    }

    @Test
    void truePeakIsNeverBelowSamplePeak() {
        Audio noise = Signals.noise(0.8, 1, 44_100, 11);
        assertTrue(TruePeakMeter.measureDbtp(noise) >= 20 * Math.log10(noise.samplePeak()));
    }

    @Test
    void estimateIsBlockSizeInvariantAndAgreesWithAccept() {
        Audio a = Signals.noise(1, 0.5, 44_100, 3);
        int n = a.frames();
        float[] whole = new float[n];
        new TruePeakMeter(44_100).estimate(a.stereo(), 0, n, whole, 0);
        for (int block : new int[] {1, 7, 1024, 1025}) {
            TruePeakMeter m = new TruePeakMeter(44_100);
            float[] peaks = new float[n];
            for (int off = 0; off < n; off += block) {
                m.estimate(a.stereo(), off, Math.min(block, n - off), peaks, off);
            }
            assertArrayEquals(whole, peaks, "block " + block);
        }
        float max = 0;
        for (float p : whole) max = Math.max(max, p);
        TruePeakMeter m = new TruePeakMeter(44_100);
        m.accept(a.stereo(), 0, n);
        assertEquals(max, m.truePeak());
    }

    @Test
    void twoTimesAndNoOversamplingAtHighRates() {
        Audio a = Signals.fadeIn(Signals.sine(997, -6, 0.5, 96_000, 0.7));
        assertEquals(-6, TruePeakMeter.measureDbtp(a), 0.05);
        Audio b = Signals.fadeIn(Signals.sine(997, -6, 0.5, 384_000, 0.7));
        assertEquals(-6, TruePeakMeter.measureDbtp(b), 0.01);
    }
}
