package mixer.dataset.features;

import mixer.dsp.Audio;
import mixer.dsp.SyntheticMusic;
import mixer.dsp.Renderer;
import mixer.dsp.analysis.OctaveBands;
import mixer.dsp.analysis.Stft;
import mixer.dsp.params.MixSettings;
import mixer.dsp.params.Param;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;

class DescriptorsTest {

    private static final Audio MUSIC = SyntheticMusic.generate(6.0, 44_100, 5);

    private static final int LATEST = FeatureConfig.LATEST_VERSION;

    private static float get(float[] d, String name) {
        return get(d, name, LATEST);
    }

    private static float get(float[] d, String name, int version) {
        int i = Descriptors.names(version).indexOf(name);
        assertTrue(i >= 0, name + " is a descriptor of version " + version);
        return d[i];
    }

    private static float[] compute(Audio audio) {
        return Descriptors.compute(audio, LATEST);
    }

    private static float[] with(Param p, double value) {
        return compute(Renderer.render(MUSIC, MixSettings.neutral().with(p, value), false));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void everyDescriptorIsNamedOnceDocumentedAndFinite(int version) {
        float[] d = Descriptors.compute(MUSIC, version);
        List<String> names = Descriptors.names(version);
        assertEquals(Descriptors.size(version), d.length);
        assertEquals(names.size(), Descriptors.docs(version).size());
        assertEquals(names.size(), new java.util.HashSet<>(names).size(), "no name twice");
        for (String line : Descriptors.docs(version)) assertTrue(line.matches("[a-z0-9_]+: .+"), line);
        for (int i = 0; i < d.length; i++) assertTrue(Float.isFinite(d[i]), names.get(i));
        for (Audio odd : new Audio[] {Audio.silence(44_100, 44_100), SyntheticMusic.generate(0.05, 44_100, 1)}) {
            float[] v = Descriptors.compute(odd, version);
            for (int i = 0; i < v.length; i++) assertTrue(Float.isFinite(v[i]), odd.frames() + " frames: " + names.get(i));
        }
    }

    @Test
    void version2DropsTheLoudnessRangeAndTheClampedEchoAndKeepsTheRestInOrder() {
        List<String> kept = new java.util.ArrayList<>(Descriptors.names(1));
        kept.removeAll(List.of("loudness_range_lu", "echo_250ms", "echo_500ms"));
        assertEquals(kept, Descriptors.names(2).subList(0, kept.size()));
        float[] v1 = Descriptors.compute(MUSIC, 1), v2 = Descriptors.compute(MUSIC, 2);
        for (String name : kept) assertEquals(get(v1, name, 1), get(v2, name, 2), name + ": the same number in both versions");
        assertArrayEquals(v2, Descriptors.compute(MUSIC, 3), "version 3 adds to a pair only; a window is heard as in 2");
        assertThrows(IllegalArgumentException.class, () -> Descriptors.compute(MUSIC, FeatureConfig.LATEST_VERSION + 1));
    }

    /** Above 48 kHz the window is heard resampled to 48 kHz: the same music reads the same, whatever its rate. */
    @ParameterizedTest
    @ValueSource(ints = {96_000, 192_000, 384_000})
    void aFasterRateReadsAsTheSameMusicAt48kHz(int rate) throws Exception {
        Audio at48 = SyntheticMusic.generate(3.0, 48_000, 5);
        Audio faster;
        try (mixer.dsp.io.Resampler r = new mixer.dsp.io.Resampler(mixer.dsp.AudioSource.of(at48), rate)) {
            faster = mixer.dsp.AudioSource.readAll(r);
        }
        float[] a = compute(at48), b = compute(faster);
        for (String name : List.of("integrated_lufs", "octave_63_db", "octave_125_db", "octave_8000_db", "tilt_db_per_octave",
                "side_to_mid_db", "crest_factor_db")) {
            assertEquals(get(a, name), get(b, name), 0.3, name + " at " + rate + " Hz");
        }
    }

    @Test
    void sixDbOfGainRaisesIntegratedLoudnessBySixLu() {
        float before = get(compute(MUSIC), "integrated_lufs");
        float after = get(with(Param.OUTPUT_LEVEL_DB, 6), "integrated_lufs");
        assertEquals(6.0, after - before, 0.01);
    }

    @Test
    void widthZeroLeavesNoSideEnergy() {
        float[] d = with(Param.STEREO_WIDTH, 0);
        assertEquals(-100f, get(d, "side_to_mid_db"), 1e-3);
        assertEquals(1f, get(d, "correlation"), 1e-6);
        assertTrue(get(compute(MUSIC), "side_to_mid_db") > -40);
    }

    @Test
    void version1SawTheDelaySendOfARenderAsAnEchoAt250Ms() {
        float dry = get(Descriptors.compute(MUSIC, 1), "echo_250ms", 1);
        float wet = get(Descriptors.compute(Renderer.render(MUSIC, MixSettings.neutral().with(Param.DELAY_SEND, 0.5), false), 1),
                "echo_250ms", 1);
        assertTrue(wet > dry + 0.1, "echo at 250 ms: dry " + dry + ", wet " + wet);
    }

    @Test
    void theReverbSendSlowsTheDecayAfterOnsets() {
        float dry = get(compute(MUSIC), "decay_db_per_s");
        float wet = get(with(Param.REVERB_SEND, 0.6), "decay_db_per_s");
        // measured -7.67 dry, -4.55 wet: 3.1 dB/s slower
        assertTrue(wet > dry + 1.5, "decay after onsets: dry " + dry + " dB/s, wet " + wet + " dB/s");
    }

    @Test
    void aTrebleCutLowersTheCentroidAndTheTopOctaves() {
        float[] flat = compute(MUSIC);
        float[] dull = with(Param.HIGH_EQ_DB, -12);
        // measured: the centroid 2.07 octaves lower (-1.02 -> -3.09), the 8 kHz octave 11.1 dB lower
        assertTrue(get(dull, "centroid_log2") < get(flat, "centroid_log2") - 1);
        assertTrue(get(dull, "octave_8000_db") < get(flat, "octave_8000_db") - 6);
    }

    @Test
    void theFastEchoIsBitForBitTheOneLagAtATimeSum() {
        java.util.SplittableRandom rng = new SplittableRandom(3);
        float[] noise = new float[44_100 * 2 + 17];
        for (int n = 0; n < noise.length; n++) noise[n] = (float) rng.nextDouble(-1, 1);
        float[] music = MUSIC.left();
        for (float[] x : new float[][] {noise, music}) {
            for (int rate : new int[] {44_100, 48_000}) {
                for (double[] range : new double[][] {{0.240, 0.260}, {0.490, 0.510}, {0.1, 0.1003}}) {
                    assertEquals(echoOneLagAtATime(x, rate, range[0], range[1]), Descriptors.echo(x, rate, range[0], range[1]));
                }
            }
        }
    }

    /** The reference: the loop Descriptors.echo had before it summed eight lags per pass. */
    private static double echoOneLagAtATime(float[] x, int rate, double loS, double hiS) {
        int lo = (int) Math.round(loS * rate), hi = (int) Math.round(hiS * rate);
        if (x.length <= hi * 2) return 0;
        int step = 4;
        double e0 = 0;
        for (int i = 0; i + hi < x.length; i += step) e0 += x[i] * (double) x[i];
        if (e0 == 0) return 0;
        double best = 0;
        for (int lag = lo; lag <= hi; lag += 2) {
            double c = 0;
            for (int i = 0; i + hi < x.length; i += step) c += x[i] * (double) x[i + lag];
            best = Math.max(best, c / e0);
        }
        return best;
    }

    @Test
    void version1Has21Descriptors() {
        assertEquals(21, Descriptors.size(1));
    }

    /**
     * Up to 42e36b3 an octave summed the bins 1 .. n/2 - 1 whose frequency f met c/sqrt(2) <= f < c*sqrt(2);
     * now OctaveBands takes c*2^(-1/2) to c*2^(1/2), edges included, over a spectrum that stops below
     * Nyquist. Same bins at every rate from 8 to 384 kHz (all checked when the change was made); the
     * usual rates and a seeded sample here. A run of bins is known by its length and its index sum.
     */
    @Test
    void theOctaveBandsHoldTheSameBinsAsThe42e36b3FrequencyTestAtAnyRate() {
        int n = Descriptors.FFT_SIZE;
        double[] ones = new double[n / 2], index = new double[n / 2];
        for (int k = 0; k < n / 2; k++) {
            ones[k] = 1;
            index[k] = k;
        }
        IntStream usual = IntStream.of(8_000, 11_025, 16_000, 22_050, 32_000, 44_100,
                48_000, 88_200, 96_000, 176_400, 192_000, 352_800, 384_000);
        IntStream sample = new SplittableRandom(4).ints(1000, 8_000, 384_001);
        IntStream.concat(usual, sample).forEach(rate -> {
            OctaveBands octaves = new OctaveBands(new Stft(n, rate), 1, Descriptors.OCTAVES_HZ);
            for (int o = 0; o < Descriptors.OCTAVES_HZ.length; o++) {
                double lo = Descriptors.OCTAVES_HZ[o] / Math.sqrt(2), hi = Descriptors.OCTAVES_HZ[o] * Math.sqrt(2);
                double count = 0, indexSum = 0;
                for (int k = 1; k < n / 2; k++) {
                    double f = k * (double) rate / n;
                    if (f >= lo && f < hi) {
                        count++;
                        indexSum += k;
                    }
                }
                assertEquals(count, octaves.power(ones, o), rate + " Hz, octave " + o);
                assertEquals(indexSum, octaves.power(index, o), rate + " Hz, octave " + o);
            }
        });
    }
}
