package mixer.dsp.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;

import org.junit.jupiter.api.Test;

import mixer.dsp.Audio;
import mixer.dsp.AudioSource;
import mixer.dsp.AudioSpec;

class ResamplerTest {

    private static Audio sine(double hz, double seconds, int rateHz, double amplitude) {
        int n = (int) Math.round(seconds * rateHz);
        float[][] s = new float[AudioSpec.CHANNELS][n];
        for (int i = 0; i < n; i++) {
            s[0][i] = (float) (amplitude * Math.sin(2 * Math.PI * hz * i / rateHz));
            s[1][i] = (float) (0.5 * s[0][i]);
        }
        return new Audio(s, rateHz);
    }

    private static Audio convert(Audio audio, int rateHz, int readFrames) throws IOException {
        try (Resampler r = new Resampler(AudioSource.of(audio), rateHz)) {
            assertEquals(rateHz, r.spec().sampleRateHz());
            float[][] out = new float[AudioSpec.CHANNELS][audio.frames() * 2 + 1024];
            int frames = 0;
            for (int n; (n = r.read(out, frames, Math.min(readFrames, out[0].length - frames))) > 0; ) frames += n;
            return new Audio(new float[][] {java.util.Arrays.copyOf(out[0], frames), java.util.Arrays.copyOf(out[1], frames)}, rateHz);
        }
    }

    /** The converted sine is the sine sampled at the new rate: same frequency, level and time, each channel its own. */
    @Test
    void aSineKeepsItsFrequencyLevelAndTimingAtTheNewRate() throws IOException {
        for (int[] rates : new int[][] {{48_000, 44_100}, {44_100, 48_000}, {32_000, 48_000}}) {
            Audio out = convert(sine(1000, 2, rates[0], 0.5), rates[1], 4096);
            assertEquals(2.0 * rates[1], out.frames(), 2, "the length scales with the rate: " + rates[0] + " -> " + rates[1]);
            Audio ideal = sine(1000, 2, rates[1], 0.5);
            double worst = 0;
            for (int i = rates[1] / 10; i < out.frames() - rates[1] / 10; i++) { // away from the edges, where the filter starts and stops
                worst = Math.max(worst, Math.abs(out.stereo()[0][i] - ideal.stereo()[0][i]));
                worst = Math.max(worst, Math.abs(out.stereo()[1][i] - ideal.stereo()[1][i]));
            }
            assertTrue(worst < 1e-5, rates[0] + " -> " + rates[1] + ": the sine sampled at the new rate, within -100 dB of full scale "
                    + "(measured: 3.6e-6 at worst, 32 kHz -> 48 kHz; float rounding); was " + worst);
        }
    }

    @Test
    void readingInBlocksOfAnySizeGivesTheSameOutput() throws IOException {
        Audio music = mixer.dsp.SyntheticMusic.generate(1.5, 48_000, 3);
        Audio whole = convert(music, 44_100, Integer.MAX_VALUE);
        for (int block : new int[] {1, 511, 4096}) {
            Audio blocks = convert(music, 44_100, block);
            assertArrayEquals(whole.stereo()[0], blocks.stereo()[0], "left, blocks of " + block);
            assertArrayEquals(whole.stereo()[1], blocks.stereo()[1], "right, blocks of " + block);
        }
    }

    @Test
    void aRateTheChainCannotUseIsRefused() {
        // AudioSpec validates the rate before FFmpeg is asked
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Resampler(AudioSource.of(sine(100, 0.1, 44_100, 0.5)), 0));
        assertEquals("sample rate 0 Hz is outside the supported 8000 … 384000 Hz", e.getMessage());
    }
}
