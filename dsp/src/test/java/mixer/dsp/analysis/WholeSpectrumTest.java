package mixer.dsp.analysis;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WholeSpectrumTest {

    @Test
    void theTransformIsTheSmallestFastSizeThatHoldsTheSignal() {
        assertEquals(16, WholeSpectrum.fastSize(1));
        assertEquals(16, WholeSpectrum.fastSize(16));
        assertEquals(24, WholeSpectrum.fastSize(17));
        assertEquals(163_840, WholeSpectrum.fastSize(132_096 + 2 * 11_025 + 1), "a 3 s window and two echo lags at 44.1 kHz");
        assertEquals(131_072, WholeSpectrum.fastSize(131_072));
        assertEquals(196_608, WholeSpectrum.fastSize(163_841));
    }

    @Test
    void aSinePeaksInItsBinWithTheHannWindowsGain() {
        int rate = 48_000;
        double hz = 683 * 48_000 / 32_768.0; // on a bin of the 32,768-point transform, about 1 kHz
        float[] x = new float[30_000];
        for (int i = 0; i < x.length; i++) x[i] = (float) Math.sin(2 * Math.PI * hz * i / rate);
        WholeSpectrum s = WholeSpectrum.of(x, rate, 0);
        assertEquals(32_768, s.fftSize());
        double[] p = s.power();
        int peak = 0;
        for (int k = 1; k < p.length; k++) if (p[k] > p[peak]) peak = k;
        assertEquals(683, peak);
        assertEquals(x.length / 4.0, Math.sqrt(p[peak]), x.length / 4.0 * 0.01, "amplitude n/4 through the Hann window");
    }

    /**
     * White noise plus an echo of gain a, N samples late: the autocorrelation at N is a / (1 + a^2), with a
     * minus sign for a subtracted echo, and about 0 at lags without an echo.
     */
    @Test
    void theAutocorrelationOfAFlattenedSpectrumFindsAnEchoWithItsSign() {
        int rate = 44_100, lag = 11_025;
        for (double a : new double[] {0.5, 0.2, -0.3}) {
            SplittableRandom rng = new SplittableRandom(5);
            double[] noise = new double[3 * rate + lag];
            for (int i = 0; i < noise.length; i++) noise[i] = rng.nextGaussian();
            float[] x = new float[3 * rate];
            for (int i = 0; i < x.length; i++) x[i] = (float) (noise[i + lag] + a * noise[i]);
            WholeSpectrum s = WholeSpectrum.of(x, rate, x.length + 2 * lag);
            double[] p = s.power(), level = s.movingAverage(p, 40), flat = new double[p.length];
            for (int k = 0; k < p.length; k++) flat[k] = p[k] / level[k];
            double[] r = s.autocorrelation(flat);
            assertEquals(a / (1 + a * a), r[lag] / r[0], 0.03, "echo of gain " + a);
            assertEquals(0, r[lag / 2] / r[0], 0.03, "no echo at half the lag");
        }
    }

    @Test
    void theMovingAverageKeepsAConstantAndSmoothsOverItsWidth() {
        float[] x = new float[1000];
        WholeSpectrum s = WholeSpectrum.of(x, 1000, 0); // 1024 points: bins of 0.98 Hz
        double[] v = new double[s.bins()];
        java.util.Arrays.fill(v, 3);
        for (double m : s.movingAverage(v, 10)) assertEquals(3, m, 1e-12);
        v[100] = 11; // a spike spreads over 11 bins (10 Hz rounds to 5 bins each side)
        double[] m = s.movingAverage(v, 10);
        assertEquals(3 + 8 / 11.0, m[100], 1e-12);
        assertEquals(3 + 8 / 11.0, m[105], 1e-12);
        assertEquals(3, m[106], 1e-12);
        assertTrue(m[0] == 3 && m[m.length - 1] == 3);
    }
}
