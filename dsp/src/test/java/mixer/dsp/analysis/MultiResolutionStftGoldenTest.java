package mixer.dsp.analysis;

import mixer.dsp.Audio;
import mixer.dsp.Renderer;
import mixer.dsp.SyntheticMusic;
import mixer.dsp.params.MixSettings;
import mixer.dsp.params.Param;
import mixer.dsp.provenance.Sha256;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The STFT distance, bit for bit: each line is a case and the SHA-256 of its terms at every FFT size and
 * its distance, as exact hex text (Double.toHexString). Measured on commit 42e36b3, before the short-time
 * analysis moved to mixer.dsp.analysis; a change that moves one bit of a reported distance fails here.
 * The class itself later moved from mixer.evaluation.metrics to here (so the reference refiner in dataset
 * uses the same distance as the evaluation); the hashes are unchanged.
 */
class MultiResolutionStftGoldenTest {

    @Test
    void distancesAreBitForBitThoseOf42e36b3() {
        StringBuilder actual = new StringBuilder();
        MultiResolutionStft standard = MultiResolutionStft.standard();
        for (int rate : new int[] {32_000, 44_100, 48_000}) {
            Audio music = SyntheticMusic.generate(1.0, rate, rate + 3);
            Audio brighter = Renderer.render(music, MixSettings.neutral().with(Param.HIGH_EQ_DB, 3), false);
            line(actual, "eq " + rate, standard, brighter, music);
            line(actual, "other music " + rate, standard, SyntheticMusic.generate(1.0, rate, rate + 4), music);
        }
        // shorter than every FFT: one zero-padded frame each
        line(actual, "shorter than the fft", standard, SyntheticMusic.generate(300 / 44_100.0, 44_100, 6),
                SyntheticMusic.generate(300 / 44_100.0, 44_100, 7));
        Audio odd = SyntheticMusic.generate(0.3, 48_000, 8);
        line(actual, "sizes 16 and 4096", new MultiResolutionStft(16, 4096), odd.slice(0, 10_007),
                Renderer.render(odd, MixSettings.neutral().with(Param.STEREO_WIDTH, 1.5), false).slice(0, 10_007));
        assertEquals("""
                eq 32000 e0fccff56e9a9fa3398d233270b64f5839e79adce014e1bfc02a6d9ca0ecc835
                other music 32000 f0df86968a9e3a6c362789c37be58d6631941244ea7c11bb7935176ceceecc7e
                eq 44100 24548e0c9e11e9ffac4832aaa237aaaca00c2c5b37883641c6741721c684c291
                other music 44100 18ca462a90321fd0178c4bf3959ec0b4dafa3e7de9f781dcac2c542c11aae4aa
                eq 48000 0502089850687b8eee06f7196e6fcd205b7dbbd6b1acbb0ed4e46259b1607085
                other music 48000 361e8e95fa2aa179c36233def34c9d985427817e0f6a6b74857257c95b172da1
                shorter than the fft 94f098e68dd18ae6a9f3da43377a56584df45e393a84b2475d494562c52f273f
                sizes 16 and 4096 d9460b672ccdc7a2e545a9a4186c2bfb51ee6b6e5db7d5b4f4e79ddb0b635eb3
                """, actual.toString());
    }

    private static void line(StringBuilder out, String name, MultiResolutionStft stft, Audio estimate, Audio reference) {
        StringBuilder hex = new StringBuilder();
        for (MultiResolutionStft.Terms t : stft.terms(estimate, reference)) {
            hex.append(t.fftSize()).append(' ').append(Double.toHexString(t.spectralConvergence()))
                    .append(' ').append(Double.toHexString(t.logMagnitudeL1())).append(' ');
        }
        hex.append(Double.toHexString(stft.distance(estimate, reference)));
        // a search compares hundreds of renders with one reference whose spectra it computes once: the same numbers
        MultiResolutionStft.Reference prepared = stft.prepare(reference);
        assertArrayEquals(stft.terms(estimate, reference), stft.terms(estimate, prepared), name + ": prepared, bit for bit");
        assertEquals(stft.distance(estimate, reference), stft.distance(estimate, prepared), name);
        out.append(name).append(' ').append(Sha256.of(hex.toString())).append('\n');
    }
}
