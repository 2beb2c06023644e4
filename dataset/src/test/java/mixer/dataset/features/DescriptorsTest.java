package mixer.dataset.features;

import mixer.dsp.Audio;
import mixer.dsp.SyntheticMusic;
import mixer.dsp.chain.MixChain;
import mixer.dsp.params.MixSettings;
import mixer.dsp.params.Param;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class DescriptorsTest {

    private static final Audio MUSIC = SyntheticMusic.generate(6.0, 44_100, 5);

    private static float get(float[] d, String name) {
        return d[Descriptors.NAMES.indexOf(name)];
    }

    private static float[] with(Param p, double value) {
        return Descriptors.compute(MixChain.render(MUSIC, MixSettings.neutral().with(p, value)));
    }

    @Test
    void everyDescriptorIsNamedDocumentedAndFinite() {
        float[] d = Descriptors.compute(MUSIC);
        assertEquals(Descriptors.size(), d.length);
        assertEquals(Descriptors.NAMES.size(), Descriptors.DOCS.size());
        for (int i = 0; i < d.length; i++) assertTrue(Float.isFinite(d[i]), Descriptors.NAMES.get(i));
        float[] silent = Descriptors.compute(Audio.silence(44_100, 44_100));
        for (int i = 0; i < silent.length; i++) assertTrue(Float.isFinite(silent[i]), "silence: " + Descriptors.NAMES.get(i));
    }

    @Test
    void sixDbOfGainRaisesIntegratedLoudnessBySixLu() {
        float before = get(Descriptors.compute(MUSIC), "integrated_lufs");
        float after = get(with(Param.OUTPUT_LEVEL_DB, 6), "integrated_lufs");
        assertEquals(6.0, after - before, 0.01);
    }

    @Test
    void widthZeroLeavesNoSideEnergy() {
        float[] d = with(Param.STEREO_WIDTH, 0);
        assertEquals(-100f, get(d, "side_to_mid_db"), 1e-3);
        assertEquals(1f, get(d, "correlation"), 1e-6);
        assertTrue(get(Descriptors.compute(MUSIC), "side_to_mid_db") > -40);
    }

    @Test
    void theDelaySendShowsAsAnEchoAt250Ms() {
        float dry = get(Descriptors.compute(MUSIC), "echo_250ms");
        float wet = get(with(Param.DELAY_SEND, 0.5), "echo_250ms");
        assertTrue(wet > dry + 0.1, "echo at 250 ms: dry " + dry + ", wet " + wet);
    }

    @Test
    void theReverbSendSlowsTheDecayAfterOnsets() {
        float dry = get(Descriptors.compute(MUSIC), "decay_db_per_s");
        float wet = get(with(Param.REVERB_SEND, 0.6), "decay_db_per_s");
        assertTrue(wet > dry, "decay after onsets: dry " + dry + " dB/s, wet " + wet + " dB/s");
    }

    @Test
    void aTrebleCutLowersTheCentroidAndTheTopOctaves() {
        float[] flat = Descriptors.compute(MUSIC);
        float[] dull = with(Param.HIGH_EQ_DB, -12);
        assertTrue(get(dull, "centroid_log2") < get(flat, "centroid_log2"));
        assertTrue(get(dull, "octave_8000_db") < get(flat, "octave_8000_db") - 6);
    }
}
