package mixer.dataset.features;

import mixer.dsp.Audio;
import mixer.dsp.Renderer;
import mixer.dsp.SyntheticMusic;
import mixer.dsp.params.MixSettings;
import mixer.dsp.provenance.Sha256;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The log-mel spectrogram and the descriptors, bit for bit: each line is a case and the SHA-256 of its
 * output's IEEE bits. Version 1's hashes were measured on commit 42e36b3, before the short-time analysis
 * moved to mixer.dsp.analysis; version 2's and 3's when they were made. A change that moves one bit of a network
 * input of either version fails here.
 */
class FeaturesGoldenTest {

    private static final int[] RATES_HZ = {32_000, 44_100, 48_000};
    /** The features of 42e36b3: feature version 1. */
    private static final FeatureConfig V1 = new FeatureConfig(LogMelConfig.DEFAULT, 128, 1);

    @Test
    void version1LogMelSpectrogramIsBitForBitThatOf42e36b3() {
        StringBuilder actual = new StringBuilder();
        for (int rate : RATES_HZ) {
            Audio music = SyntheticMusic.generate(1.5, rate, rate + 1);
            LogMelSpectrogram spec = new LogMelSpectrogram(V1, rate);
            int hop = spec.hopSamples();
            line(actual, "whole " + rate, spec.compute(music, 0, spec.framesIn(music.frames())));
            line(actual, "past the end " + rate, spec.compute(music, music.frames() - 3 * hop + 101, 5));
            line(actual, "before the start " + rate, spec.compute(music, -1500, 3));
            line(actual, "band centres " + rate, centres(spec));
        }
        Audio shorterThanTheFft = SyntheticMusic.generate(1000 / 44_100.0, 44_100, 3);
        line(actual, "shorter than the fft", new LogMelSpectrogram(V1, 44_100).compute(shorterThanTheFft, 0, 2));
        // 256 points at 48 kHz: 15 of the lowest bands are narrower than a bin, and 24 kHz is clamped to Nyquist
        LogMelSpectrogram small = new LogMelSpectrogram(new FeatureConfig(new LogMelConfig(256, 0.005, 96, 20, 24_000, -80), 40, 1), 48_000);
        line(actual, "small fft", small.compute(SyntheticMusic.generate(0.5, 48_000, 4), 0, 40));
        line(actual, "small fft centres", centres(small));
        assertEquals("""
                whole 32000 19eb312d79ed095c07e68abf0ccfd148abd59efe6f20feadc4faf865f53c3316
                past the end 32000 9028f32322917551b8cf3c0439d210c10805683321fa781d727c443c2fdf171d
                before the start 32000 a6ccca6247c57b705ebf93d980ad9087b79eff33e1cbabc85fd82d566b52be41
                band centres 32000 d306a30c227b58cb3a84ad548acf296f50043cf6198e064591b34b60daa95f51
                whole 44100 95a7ac5923536498dde69f24d2d663d03ff80e2afa94ce50e53fe0b929f03729
                past the end 44100 f6889fb63bce46d7270cb0232f93e1b111d7954771b5d68f58c63d1a42cee240
                before the start 44100 cf1e500bdd6495fe6043852baebdc6af887bfe7a53f8e473685b2a2867d49979
                band centres 44100 793de2a25771817dabba286b127b8985bb8244ddddb71623b9c24016c67e37c8
                whole 48000 4a35bdb67251bdb97e4bd0436bb88f959dac12eed860d92c9ff79bdfe897fd60
                past the end 48000 3e5213c59328d903b9289eb1e54ba182cef72197854b134d8137e765f5d268ce
                before the start 48000 9828ec14e1d850670200ba2e1b3f686c5565ea3701ac2e3a150549465d66eed0
                band centres 48000 793de2a25771817dabba286b127b8985bb8244ddddb71623b9c24016c67e37c8
                shorter than the fft 6d47f388bbe22c7f41c9494e2181f56fac6ef2cd5856650121a9b07d3d525b51
                small fft d8b285a155aa96bb3377af43d0c145efa9081c56a30b2adf4cb75beb848a23f5
                small fft centres 5a7dc772bbd98f59733daa9613fbacb4ba04e916192241168d65a47a8deb346b
                """, actual.toString());
    }

    @Test
    void version1DescriptorsAreBitForBitThoseOf42e36b3() {
        StringBuilder actual = new StringBuilder();
        for (int rate : RATES_HZ) line(actual, "music " + rate, Descriptors.compute(SyntheticMusic.generate(2.5, rate, rate + 2), 1));
        line(actual, "shorter than the fft", Descriptors.compute(SyntheticMusic.generate(3000 / 44_100.0, 44_100, 5), 1));
        line(actual, "silence", Descriptors.compute(Audio.silence(44_100, 44_100), 1));
        assertEquals("""
                music 32000 333a9199b7622edf956624f3d3d5fadf805400ef4b761cb24535d637e12a66f2
                music 44100 bcf1aac6ccaab2d20c3ebe012314dbe22e56b852bcbc70cef70601c89c73b505
                music 48000 3fe7453d562a40ec089911f2102889ebdb715ae410572a880f1fa7710732ca1c
                shorter than the fft 8b94609c1dbe000d1102de57201cfe98c1c03d4eda6c51b524e221c8a5f3e9f4
                silence 9d70d781ecf16e4141fb0006bb078cee6b9f55827956eb2a85524b9b219e88bf
                """, actual.toString());
    }

    /** Version 2, bit for bit as it was made (issue 14), so that a change that moves a version-2 input fails here too. */
    @Test
    void version2FeaturesAreBitForBitThoseItWasMadeWith() {
        StringBuilder actual = new StringBuilder();
        Audio music32 = SyntheticMusic.generate(1.5, 32_000, 32_001);
        LogMelSpectrogram spec = new LogMelSpectrogram(new FeatureConfig(LogMelConfig.DEFAULT, 128, 2), 32_000); // not DEFAULT: the latest
        line(actual, "log-mel 32000", spec.compute(music32, 0, spec.framesIn(music32.frames())));
        line(actual, "band centres 32000", centres(spec));
        for (int rate : RATES_HZ) line(actual, "descriptors " + rate, Descriptors.compute(SyntheticMusic.generate(2.5, rate, rate + 2), 2));
        line(actual, "descriptors shorter than the fft", Descriptors.compute(SyntheticMusic.generate(3000 / 44_100.0, 44_100, 5), 2));
        line(actual, "descriptors of silence", Descriptors.compute(Audio.silence(44_100, 44_100), 2));
        assertEquals("""
                log-mel 32000 69fd086e94060d3e2ad538a0542302e41575fb39b721ca3d253a6e968dc930f8
                band centres 32000 793de2a25771817dabba286b127b8985bb8244ddddb71623b9c24016c67e37c8
                descriptors 32000 3ead453ed33e1a1a4492c9ad04f5cad2546525888e53940c45a57469b58781cd
                descriptors 44100 5eea8ab96ff39978c155646da7bdb2696c1026fe102a151a374b6306d905de4f
                descriptors 48000 bb2dc6ff801eb14597171673b52c7d567d20853f05d87a02274129e98f7937ec
                descriptors shorter than the fft e4d6131287ad237b3c42239b6472fe5ae424061cd2b93f9e55c539976078cd14
                descriptors of silence 044d2e470b3ad9264a552b04c80393996ac12b5a20ea14a615feb234b3073176
                """, actual.toString(), "the band centres at 32 kHz are those of version 1 at 44.1 kHz: one grid");
    }

    /** Version 3's pair signatures (a window alone is heard as in version 2), bit for bit as they were made (issue 15). */
    @Test
    void version3PairSignaturesAreBitForBitThoseTheyWereMadeWith() {
        StringBuilder actual = new StringBuilder();
        MixSettings p = MixSettings.ofNormalized(0.7, 0.6, 0.3, 0.8, 0.4, 0.55, 0.5, 0.4, 0.3, 0.6);
        for (int rate : RATES_HZ) {
            Audio take = SyntheticMusic.generate(3.0, rate, rate + 3);
            line(actual, "pair " + rate, PairSignatures.compute(take, Renderer.render(take, p, false)));
        }
        Audio take = SyntheticMusic.generate(3.0, 44_100, 7);
        line(actual, "pair of another take", PairSignatures.compute(take, Renderer.render(SyntheticMusic.generate(3.0, 44_100, 8), p, false)));
        line(actual, "pair with silence", PairSignatures.compute(take, Audio.silence(take.frames(), 44_100)));
        assertEquals("""
                pair 32000 8a4cf70fb6729278c29576a5c8ba32957be852b2976735aba72a54145177c5be
                pair 44100 add652428e807a901308292cf1bb08185510c7e62b5383713c645114fad3f182
                pair 48000 eeb1aaa155110419317a62cf382c468fa1ef48f62886dd78ffacb3af9b3b5e30
                pair of another take 471d5fddb0d551b87b4918640ac586d4f74f764de90a5825d9b6f21e0f17ff1f
                pair with silence 113f2dd3e945001b0b80a3b7fafeac93514829d6dcd08f68cd00945372da8d59
                """, actual.toString());
    }

    /**
     * Raising {@link FeatureConfig#LATEST_VERSION} without code of its own made the new version compute the last one's
     * features under a new name, and every test passed (seen by a newcomer's walk of docs/ARCHITECTURE.md): a new
     * version is pinned here, in a test of its own like those above, before this number moves.
     */
    @Test
    void everyFeatureVersionIsPinnedHere() {
        assertEquals(3, FeatureConfig.LATEST_VERSION, "a new feature version: pin its features in a test here, then raise this");
    }

    private static double[] centres(LogMelSpectrogram spec) {
        double[] hz = new double[spec.config().melBands()];
        for (int b = 0; b < hz.length; b++) hz[b] = spec.bandCentreHz(b);
        return hz;
    }

    private static void line(StringBuilder out, String name, float[] values) {
        line(out, name, new float[][][] {{values}});
    }

    /** The case's name and the SHA-256 of its values' exact hex text (Float.toHexString), in index order. */
    private static void line(StringBuilder out, String name, float[][][] values) {
        StringBuilder hex = new StringBuilder();
        for (float[][] plane : values) for (float[] row : plane) for (float v : row) hex.append(Float.toHexString(v)).append(' ');
        out.append(name).append(' ').append(Sha256.of(hex.toString())).append('\n');
    }

    private static void line(StringBuilder out, String name, double[] values) {
        String hex = Arrays.stream(values).mapToObj(Double::toHexString).collect(Collectors.joining(" "));
        out.append(name).append(' ').append(Sha256.of(hex)).append('\n');
    }
}
