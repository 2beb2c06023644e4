package mixer.dataset.match;

import mixer.dsp.Audio;
import mixer.dsp.analysis.OctaveBands;
import mixer.dsp.analysis.Stft;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Throwaway: the frame loops of {@link OctaveBands#power(Audio, double...)} and {@link ReferenceDistance#profile} as
 * they stood before they shared one frame loop (copied verbatim below), against the code as it stands, with
 * {@code Arrays.equals} on the doubles: stereo noise and tones at 32, 44.1 and 48 kHz, lengths shorter than a frame
 * and not a multiple of the hop. {@code ./mvnw -o -q -B -pl dataset -am test -Dtest=AverageSpectrumProbe
 * -Dsurefire.failIfNoSpecifiedTests=false}
 */
class AverageSpectrumProbe {

    private static final int[] RATES = {32_000, 44_100, 48_000};
    private static final double[][] CENTRES = {
            {63, 125, 250, 500, 1000, 2000, 4000, 8000, 16000}, // Descriptors', Audibility's
            {8000, 16000}, // AirMatch's
            {20, 31.5, 100, 1000, 15_000, 23_000, 30_000}}; // narrower than a bin, near and above Nyquist

    private static Audio signal(int rate, int frames, long seed, double gain) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] l = new float[frames], r = new float[frames];
        for (int i = 0; i < frames; i++) {
            double t = i / (double) rate;
            l[i] = (float) (gain * (0.1 * rng.nextGaussian() + 0.3 * Math.sin(2 * Math.PI * 440 * t) + 0.05 * Math.sin(2 * Math.PI * 3000 * t)));
            r[i] = (float) (gain * (0.08 * rng.nextGaussian() + 0.4 * Math.sin(2 * Math.PI * 61 * t) + 0.2 * Math.sin(2 * Math.PI * 440 * t + 1)));
        }
        return new Audio(new float[][] {l, r}, rate);
    }

    private static int[] lengths(int rate) {
        // shorter than either FFT, between them, one frame plus a little, and seconds plus an odd remainder
        return new int[] {700, 1500, 3000, 4097, 2 * rate + 1234, 5 * rate + 777};
    }

    @Test
    void octaveBandPowerIsTheSameBitForBit() {
        int cases = 0;
        for (int rate : RATES) {
            for (int n : lengths(rate)) {
                for (double gain : new double[] {1, 1e-6}) {
                    Audio a = signal(rate, n, 31L * rate + n, gain);
                    for (double[] centres : CENTRES) {
                        double[] before = oldOctavePower(a, centres), now = OctaveBands.power(a, centres);
                        assertTrue(Arrays.equals(before, now), rate + " Hz, " + n + " frames, gain " + gain + ": "
                                + Arrays.toString(before) + " vs " + Arrays.toString(now));
                        cases++;
                    }
                }
            }
        }
        System.out.println("OctaveBands.power: " + cases + " cases identical");
    }

    @Test
    void referenceProfileIsTheSameBitForBit() {
        int cases = 0;
        for (int rate : RATES) {
            int[] ns = lengths(rate);
            List<List<Audio>> sets = new ArrayList<>();
            for (int n : ns) sets.add(List.of(signal(rate, n, 7L * rate + n, 1)));
            sets.add(List.of(signal(rate, ns[4], 1, 1), signal(rate, ns[1], 2, 0.5), signal(rate, ns[5], 3, 1e-6)));
            sets.add(List.of(new Audio(new float[][] {new float[ns[4]], new float[ns[4]]}, rate), signal(rate, ns[3], 4, 1)));
            for (List<Audio> pieces : sets) {
                double[] before = oldProfile(pieces), now = ReferenceDistance.profile(pieces);
                assertTrue(Arrays.equals(before, now), rate + " Hz, " + pieces.size() + " pieces of " + pieces.get(0).frames());
                cases++;
            }
        }
        System.out.println("ReferenceDistance.profile: " + cases + " cases identical");
    }

    /** Why Descriptors' loop stays apart: its float transform against the double one the others use, on the same frames. */
    @Test
    void floatAndDoubleTransformsDiffer() {
        for (int rate : RATES) {
            float[] mid = signal(rate, 3 * rate + 99, rate, 1).midSide()[0];
            Stft stft = new Stft(4096, rate);
            float[] f = new float[4096];
            double[] d = new double[4096], pf = new double[stft.bins()], pd = new double[stft.bins()];
            stft.read(mid, 2048, f);
            stft.read(mid, 2048, d);
            stft.power(f, pf);
            stft.power(d, pd);
            int differ = 0;
            double worst = 0;
            for (int k = 0; k < pf.length; k++) {
                if (pf[k] != pd[k]) differ++;
                worst = Math.max(worst, Math.abs(pf[k] - pd[k]) / Math.max(pd[k], 1e-30));
            }
            System.out.println(rate + " Hz: float vs double transform, " + differ + " of " + pf.length + " bins differ, worst relative " + worst);
        }
    }

    // ---- verbatim from OctaveBands at eeb957c ----

    static double[] oldOctavePower(Audio audio, double... centresHz) {
        int MEASURE_FFT_SIZE = OctaveBands.MEASURE_FFT_SIZE;
        Stft stft = new Stft(MEASURE_FFT_SIZE, audio.sampleRateHz());
        OctaveBands bands = new OctaveBands(stft, 1, centresHz);
        double[] sum = new double[centresHz.length];
        double[] frame = new double[MEASURE_FFT_SIZE];
        double[] power = new double[MEASURE_FFT_SIZE / 2 + 1];
        int hop = MEASURE_FFT_SIZE / 2;
        for (float[] channel : audio.stereo()) {
            for (int start = 0; start + MEASURE_FFT_SIZE <= Math.max(MEASURE_FFT_SIZE, channel.length); start += hop) {
                stft.read(channel, start, frame);
                stft.power(frame, power);
                for (int b = 0; b < sum.length; b++) sum[b] += bands.power(power, b);
            }
        }
        return sum;
    }

    // ---- verbatim from ReferenceDistance at eeb957c ----

    private static final int[] PROFILE_FFT_SIZES = ReferenceDistance.PROFILE_FFT_SIZES;
    private static final double BANDS_PER_OCTAVE = ReferenceDistance.BANDS_PER_OCTAVE;
    private static final double LOWEST_BAND_HZ = ReferenceDistance.LOWEST_BAND_HZ;
    private static final double FLOOR_DB = ReferenceDistance.FLOOR_DB;

    static double[] oldProfile(List<Audio> pieces) {
        int rate = pieces.get(0).sampleRateHz();
        OctaveBands[] bands = new OctaveBands[PROFILE_FFT_SIZES.length];
        int length = 0;
        for (int s = 0; s < bands.length; s++) {
            bands[s] = OctaveBands.upToNyquist(new Stft(PROFILE_FFT_SIZES[s], rate), BANDS_PER_OCTAVE, LOWEST_BAND_HZ);
            length += 2 * bands[s].bands();
        }
        // per piece: the sums of the log magnitudes, then the frame count of each size in the last slots
        List<double[]> sums = pieces.parallelStream().map(a -> logSums(a, bands)).toList();
        double[] out = new double[length];
        for (double[] piece : sums) for (int k = 0; k < length; k++) out[k] += piece[k];
        double[] profile = new double[length];
        int kept = 0, at = 0;
        for (int s = 0; s < bands.length; s++) {
            long frames = 0;
            for (double[] piece : sums) frames += (long) piece[length + s];
            for (int ch = 0; ch < 2; ch++) {
                for (int k = 0; k < bands[s].bands(); k++, at++) {
                    if (!bands[s].isEmpty(k)) profile[kept++] = out[at] / frames;
                }
            }
        }
        return Arrays.copyOf(profile, kept);
    }

    private static double[] logSums(Audio a, OctaveBands[] bands) {
        int length = 0;
        for (OctaveBands b : bands) length += 2 * b.bands();
        double[] out = new double[length + bands.length];
        float[][] midSide = a.midSide();
        int at = 0;
        for (int s = 0; s < bands.length; s++) {
            Stft stft = new Stft(PROFILE_FFT_SIZES[s], a.sampleRateHz()); // one per thread: plans are not shared
            OctaveBands b = bands[s];
            int n = stft.fftSize(), hop = n / 2;
            int count = Math.max(1, stft.frames(a.frames(), hop)); // shorter than n: one padded frame
            double floorPower = Math.pow(10, FLOOR_DB / 10) * stft.fullScaleSinePower();
            double[] frame = new double[n], power = new double[stft.bins()];
            for (float[] signal : midSide) {
                for (int f = 0; f < count; f++) {
                    stft.read(signal, f * hop, frame);
                    stft.power(frame, power);
                    for (int k = 0; k < b.bands(); k++) {
                        if (!b.isEmpty(k)) out[at + k] += 0.5 * Math.log(Math.max(b.power(power, k), floorPower));
                    }
                }
                at += b.bands();
            }
            out[length + s] = count;
        }
        return out;
    }
}
