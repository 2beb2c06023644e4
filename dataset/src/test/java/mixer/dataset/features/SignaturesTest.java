package mixer.dataset.features;

import mixer.dataset.Task;
import mixer.dsp.Audio;
import mixer.dsp.SyntheticMusic;
import mixer.dsp.io.AudioReader;
import mixer.dsp.params.MixSettings;
import mixer.dsp.params.Param;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each stage's signature moves monotonically with its setting, on real music (excerpts of the dsp module's
 * test FLACs, 48 and 44.1 kHz) and synthetic music at 32 kHz: the window a model hears (3 s after 1 s of
 * pre-roll) of the restore input x = invert(r, p), and of a render where the sign flips.
 */
class SignaturesTest {


    /** 4.1 s of a source: the pre-roll and one window. */
    private static Audio music(String source) throws IOException {
        if (source.startsWith("synthetic")) return SyntheticMusic.generate(4.1, Integer.parseInt(source.split(" ")[1]), 5);
        Audio a = AudioReader.read(Path.of("../dsp/src/test/resources/music", source)).audio();
        return a.slice(0, (int) (4.1 * a.sampleRateHz()));
    }

    private static float[] heard(Audio music, Task task, MixSettings p) {
        int rate = music.sampleRateHz();
        return Descriptors.compute(task.input(music, p).slice(rate, rate + FeatureConfig.DEFAULT.windowSamples(rate)), 2);
    }

    private static float[] restored(Audio music, Param p, double value) {
        return heard(music, Task.RESTORE, MixSettings.neutral().with(p, value));
    }

    private static float get(float[] d, String name) {
        int i = Descriptors.names(2).indexOf(name);
        assertTrue(i >= 0, name);
        return d[i];
    }

    /** About -s / (1 + s^2), as for a pure echo (measured within 0.03 at sends 0.1 and 0.5; the inverse's feedback adds a little). */
    @ParameterizedTest
    @ValueSource(strings = {"calmrace.flac", "start1.flac", "synthetic 32000"})
    void theDelaySignatureFallsWithTheSendAfterTheRestoreInverse(String source) throws IOException {
        Audio music = music(source);
        float[] previous = null;
        for (double send : new double[] {0, 0.1, 0.25, 0.5}) {
            float[] d = restored(music, Param.DELAY_SEND, send);
            for (String ch : new String[] {"mid", "side"}) {
                float v = get(d, "delay_" + ch + "_n");
                assertEquals(-send / (1 + send * send), v, 0.04, ch + " at send " + send);
                if (previous != null) assertTrue(v < get(previous, "delay_" + ch + "_n") - 0.05, ch + " falls at send " + send);
            }
            previous = d;
        }
        float[] rendered = heard(music, Task.ESTIMATE, MixSettings.neutral().with(Param.DELAY_SEND, 0.5));
        assertTrue(get(rendered, "delay_mid_n") > 0.35 && get(rendered, "delay_side_n") > 0.35, "a render adds the echo");
    }

    /**
     * About -send (the 500-2000 Hz probe measured within 0.05, 0.049 at send 0.6 on the synthetic music); every band
     * falls, the top one least on calmrace, which has little side above 2 kHz.
     */
    @ParameterizedTest
    @ValueSource(strings = {"calmrace.flac", "start1.flac", "synthetic 32000"})
    void theReverbProbeFallsWithTheSendAfterTheRestoreInverse(String source) throws IOException {
        Audio music = music(source);
        float[] previous = null;
        for (double send : new double[] {0, 0.2, 0.4, 0.6}) {
            float[] d = restored(music, Param.REVERB_SEND, send);
            assertEquals(-send, get(d, "reverb_probe_500_2000_hz"), 0.07, "send " + send);
            for (double[] band : Signatures.REVERB_BANDS_HZ) {
                String name = "reverb_probe_" + (int) band[0] + "_" + (int) band[1] + "_hz";
                if (previous != null) assertTrue(get(d, name) < get(previous, name) - 0.03, name + " falls at send " + send);
            }
            previous = d;
        }
        float[] rendered = heard(music, Task.ESTIMATE, MixSettings.neutral().with(Param.REVERB_SEND, 0.6));
        assertTrue(get(rendered, "reverb_probe_500_2000_hz") > 0.4, "a render adds the reverb");
    }

    /**
     * The inverse divides by the input gain and expands what lay above the threshold by the ratio, so the level
     * histogram moves down with the input gain and up with the ratio (measured: about 4 dB per 4 dB of gain; with the
     * threshold following the program level, 0.58-1.26 dB from ratio 1 to 2 on these three sources).
     */
    @ParameterizedTest
    @ValueSource(strings = {"calmrace.flac", "start1.flac", "synthetic 32000"})
    void theLevelHistogramMovesWithTheInputGainAndTheRatioAfterTheRestoreInverse(String source) throws IOException {
        Audio music = music(source);
        double previous = Double.POSITIVE_INFINITY;
        for (double gainDb : new double[] {-12, 0, 12}) {
            double level = meanLevelDb(restored(music, Param.INPUT_GAIN_DB, gainDb));
            assertTrue(level < previous - 6, "input gain " + gainDb + " dB: mean level " + level + " dB over the threshold");
            previous = level;
        }
        previous = Double.NEGATIVE_INFINITY;
        for (double ratio : new double[] {1, 2, 5}) {
            double level = meanLevelDb(restored(music, Param.COMP_RATIO, ratio));
            assertTrue(level > previous + 0.4, "ratio " + ratio + ": mean level " + level + " dB over the threshold");
            previous = level;
        }
    }

    /** The mean of the level histogram: each bin's share at its centre, in dB relative to the threshold. */
    private static double meanLevelDb(float[] d) {
        int first = Descriptors.names(2).indexOf("level_tm42_db");
        double sum = 0, mean = 0;
        for (int b = 0; b < Signatures.LEVEL_BINS; b++) {
            sum += d[first + b];
            mean += d[first + b] * (Signatures.LEVEL_LOWEST_DB + (b + 0.5) * Signatures.LEVEL_BIN_DB);
        }
        assertEquals(1, sum, 1e-5, "the shares sum to 1");
        return mean;
    }
}
