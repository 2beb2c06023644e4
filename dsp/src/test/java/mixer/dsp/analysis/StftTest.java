package mixer.dsp.analysis;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StftTest {

    private static final int N = 1024;
    private static final int RATE_HZ = 48_000;
    private final Stft stft = new Stft(N, RATE_HZ);

    /** A full-scale sine of {@code cycles} periods per frame (bin {@code cycles}). */
    private static double[] sine(double cycles, double phase) {
        double[] x = new double[N];
        for (int i = 0; i < N; i++) x[i] = Math.sin(2 * Math.PI * cycles * i / N + phase);
        return x;
    }

    private double[] power(double[] frame) {
        double[] p = new double[stft.bins()];
        stft.power(frame.clone(), p);
        return p;
    }

    private static double sum(double[] p) {
        double s = 0;
        for (double v : p) s += v;
        return s;
    }

    @Test
    void aFullScaleSineOnABinReadsNOver4SquaredThereAndAQuarterOfThatEitherSide() {
        double[] p = power(sine(100, 0.7));
        double peak = stft.fullScaleSinePower();
        assertEquals((N / 4.0) * (N / 4.0), peak);
        assertEquals(peak, p[100], peak * 1e-12);
        assertEquals(peak / 4, p[99], peak * 1e-12, "the Hann window's neighbours are 6 dB down");
        assertEquals(peak / 4, p[101], peak * 1e-12);
        for (int k = 0; k < p.length; k++) {
            if (Math.abs(k - 100) > 1) assertTrue(p[k] < peak * 1e-20, "a bin-centred sine leaks into three bins only: bin " + k);
        }
    }

    @Test
    void aSineBetweenTwoBinsLosesTheHannScallopingLossOf1Point42Db() {
        double[] p = power(sine(100.5, 0.2));
        assertEquals(-1.424, 10 * Math.log10(p[100] / stft.fullScaleSinePower()), 0.002);
        assertEquals(-1.424, 10 * Math.log10(p[101] / stft.fullScaleSinePower()), 0.002);
    }

    @Test
    void aSineAnywhereSpreadsTheNoiseBandwidthOf1Point5BinsOverItsBins() {
        for (double cycles : new double[] {100, 100.5, 237.31}) {
            double spread = sum(power(sine(cycles, 1.1))) / stft.fullScaleSinePower();
            assertEquals(Stft.HANN_NOISE_BANDWIDTH_BINS, spread, 1e-6, cycles + " cycles");
        }
    }

    @Test
    void parsevalTheOneSidedSpectrumHoldsNTimesTheWindowedEnergy() {
        SplittableRandom rng = new SplittableRandom(1);
        double[] x = new double[N];
        for (int i = 0; i < N; i++) x[i] = rng.nextDouble(-1, 1);
        double energy = 0;
        for (int i = 0; i < N; i++) {
            double windowed = x[i] * (0.5 - 0.5 * Math.cos(2 * Math.PI * i / N)); // the periodic Hann window
            energy += windowed * windowed;
        }
        double[] p = power(x);
        double oneSided = p[0] + p[N / 2];
        for (int k = 1; k < N / 2; k++) oneSided += 2 * p[k]; // each inner bin stands for its negative twin too
        assertEquals(N * energy, oneSided, N * energy * 1e-12);
    }

    @Test
    void dcAndNyquistComeFromJTransformsPackedLayout() {
        double[] dc = new double[N], nyquist = new double[N];
        for (int i = 0; i < N; i++) {
            dc[i] = 1;
            nyquist[i] = i % 2 == 0 ? 1 : -1;
        }
        double[] p = power(dc), q = power(nyquist);
        // the periodic Hann window sums to n/2
        assertEquals((N / 2.0) * (N / 2.0), p[0], 1e-6);
        assertEquals((N / 4.0) * (N / 4.0), p[1], 1e-6);
        assertEquals((N / 2.0) * (N / 2.0), q[N / 2], 1e-6);
        assertEquals((N / 4.0) * (N / 4.0), q[N / 2 - 1], 1e-6);
        assertTrue(p[N / 2] < 1e-12 && q[0] < 1e-12);
    }

    @Test
    void theFloatPathsAgreeWithTheDoublePathToFloatPrecision() {
        double[] x = sine(37.3, 0.4);
        float[] xf = new float[N];
        for (int i = 0; i < N; i++) xf[i] = (float) x[i];
        double[] exact = power(x);
        float[] allFloat = new float[stft.bins()];
        double[] floatFft = new double[stft.bins()];
        stft.power(xf.clone(), allFloat);
        stft.power(xf.clone(), floatFft);
        double peak = stft.fullScaleSinePower();
        for (int k = 0; k < exact.length; k++) {
            assertEquals(exact[k], allFloat[k], peak * 1e-5, "bin " + k);
            assertEquals(exact[k], floatFft[k], peak * 1e-5, "bin " + k);
        }
    }

    @Test
    void framesAreWholeAndReadingPastEitherEndGivesSilence() {
        assertEquals(0, stft.frames(N - 1, N / 2));
        assertEquals(1, stft.frames(N, N / 2));
        assertEquals(3, stft.frames(2 * N + N / 2 - 1, N / 2));
        float[] signal = {1, 2, 3};
        float[] frame = new float[N];
        stft.read(signal, -2, frame);
        assertArrayEquals(new float[] {0, 0, 1, 2, 3, 0}, Arrays.copyOf(frame, 6));
        double[] wide = new double[N];
        stft.read(signal, 1, wide);
        assertArrayEquals(new double[] {2, 3, 0}, Arrays.copyOf(wide, 3));
    }

    @Test
    void eachFramesPowerComesInOrderAndAShortSignalGivesOnePaddedFrame() {
        SplittableRandom rng = new SplittableRandom(2);
        float[] x = new float[2 * N + N / 2 - 1]; // three whole frames at hop N / 2, and a remainder
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextGaussian();
        List<double[]> seen = new ArrayList<>();
        assertEquals(3, stft.forEachFramePower(x, N / 2, p -> seen.add(p.clone())));
        assertEquals(3, seen.size());
        for (int f = 0; f < 3; f++) {
            double[] frame = new double[N];
            stft.read(x, f * N / 2, frame);
            assertArrayEquals(power(frame), seen.get(f), "frame " + f);
        }
        seen.clear();
        float[] shortSignal = Arrays.copyOf(x, N - 1);
        assertEquals(1, stft.forEachFramePower(shortSignal, N / 2, p -> seen.add(p.clone())));
        double[] padded = new double[N];
        stft.read(shortSignal, 0, padded);
        assertArrayEquals(power(padded), seen.get(0));
    }

    @Test
    void binsAreRateOverNApartUpToNyquist() {
        assertEquals(N / 2 + 1, stft.bins());
        assertEquals(RATE_HZ / 2.0, stft.binHz(N / 2));
        assertEquals(46.875, stft.binHz(1));
        assertEquals(21.33, stft.bin(1000), 0.01);
        assertEquals(21, stft.nearestBin(1000));
        assertEquals(N / 2, stft.nearestBin(30_000), "nothing above Nyquist");
    }
}
