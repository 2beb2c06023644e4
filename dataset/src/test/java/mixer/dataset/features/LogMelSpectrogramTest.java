package mixer.dataset.features;

import mixer.dsp.Audio;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class LogMelSpectrogramTest {

    private static Audio sine(double hz, double amplitude, double seconds, int rate, boolean antiPhase) {
        int n = (int) (seconds * rate);
        float[][] s = new float[2][n];
        for (int i = 0; i < n; i++) {
            float v = (float) (amplitude * Math.sin(2 * Math.PI * hz * i / rate));
            s[0][i] = v;
            s[1][i] = antiPhase ? -v : v;
        }
        return new Audio(s, rate);
    }

    private static int loudestBand(float[][] channel, int frame) {
        int best = 0;
        for (int b = 1; b < channel.length; b++) if (channel[b][frame] > channel[best][frame]) best = b;
        return best;
    }

    @Test
    void shapeIsTwoChannelsByBandsByFrames() {
        LogMelSpectrogram spec = new LogMelSpectrogram(FeatureConfig.DEFAULT, 44_100);
        float[][][] x = spec.compute(sine(440, 0.5, 1.0, 44_100, false), 0, 20);
        assertEquals(2, x.length);
        assertEquals(64, x[0].length);
        assertEquals(20, x[0][0].length);
        assertEquals(1024, spec.hopSamples());
        assertEquals(1115, new LogMelSpectrogram(FeatureConfig.DEFAULT, 48_000).hopSamples());
    }

    @Test
    void aSinePeaksInTheBandAroundItsFrequencyAtBothRates() {
        for (int rate : new int[] {32_000, 44_100, 48_000}) {
            LogMelSpectrogram spec = new LogMelSpectrogram(FeatureConfig.DEFAULT, rate);
            for (double hz : new double[] {120, 1000, 4000, 12_000}) {
                float[][][] x = spec.compute(sine(hz, 0.5, 0.5, rate, false), 0, 5);
                double centre = spec.bandCentreHz(loudestBand(x[0], 2));
                assertEquals(1.0, centre / hz, 0.12, hz + " Hz at " + rate + " Hz peaks in band centred at " + centre);
            }
        }
    }

    @Test
    void monoHasNoSideAndAntiPhaseHasNoMid() {
        LogMelSpectrogram spec = new LogMelSpectrogram(FeatureConfig.DEFAULT, 44_100);
        float[][][] mono = spec.compute(sine(1000, 0.5, 0.5, 44_100, false), 0, 5);
        float[][][] anti = spec.compute(sine(1000, 0.5, 0.5, 44_100, true), 0, 5);
        int b = loudestBand(mono[0], 2);
        assertEquals(-100f, mono[1][b][2], 1e-6, "side of a mono signal sits at the floor");
        assertEquals(-100f, anti[0][b][2], 1e-6, "mid of an anti-phase signal sits at the floor");
        assertEquals(mono[0][b][2], anti[1][b][2], 1e-4);
    }

    @Test
    void sixDbMoreLevelIsSixDbMoreInEveryBand() {
        LogMelSpectrogram spec = new LogMelSpectrogram(FeatureConfig.DEFAULT, 44_100);
        float[][][] a = spec.compute(sine(1000, 0.25, 0.5, 44_100, false), 0, 5);
        float[][][] b = spec.compute(sine(1000, 0.5, 0.5, 44_100, false), 0, 5);
        int band = loudestBand(a[0], 2);
        assertEquals(20 * Math.log10(2), b[0][band][2] - a[0][band][2], 0.01);
    }

    /**
     * Version 2 keeps one mel grid at every rate: a 32 kHz track's bands sit where a 44.1 kHz track's do, and the
     * top band (16.2-18 kHz) reads the floor; version 1 stretched the grid to 16 kHz.
     */
    @Test
    void version2HasOneGridAtEveryRateAndVersion1ClampedIt() {
        LogMelSpectrogram at32 = new LogMelSpectrogram(FeatureConfig.DEFAULT, 32_000), at44 = new LogMelSpectrogram(FeatureConfig.DEFAULT, 44_100);
        for (int b = 0; b < 64; b++) assertEquals(at44.bandCentreHz(b), at32.bandCentreHz(b));
        java.util.SplittableRandom rng = new java.util.SplittableRandom(3);
        float[][] noise = new float[2][16_000];
        for (float[] ch : noise) for (int i = 0; i < ch.length; i++) ch[i] = (float) rng.nextDouble(-0.5, 0.5);
        float[][][] white = at32.compute(new Audio(noise, 32_000), 0, 5);
        assertEquals(-100f, white[0][63][2], "nothing above 16 kHz at 32 kHz");
        assertTrue(white[0][62][2] > -100f, "the band below holds what lies below 16 kHz");
        LogMelSpectrogram v1 = new LogMelSpectrogram(new FeatureConfig(LogMelConfig.DEFAULT, 128, 1), 32_000);
        assertTrue(v1.bandCentreHz(63) < 16_000 && at32.bandCentreHz(63) > 16_000, v1.bandCentreHz(63) + " Hz in version 1");
    }
}
