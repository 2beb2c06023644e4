package mixer.dsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

import mixer.dsp.chain.MixChain;
import mixer.dsp.limiter.TruePeakLimiter;
import mixer.dsp.params.MixSettings;
import mixer.dsp.params.Param;
import org.junit.jupiter.api.Test;

class RendererTest {

    @Test
    void rendersTheChainThenTheLimiterBitForBitWithoutTouchingTheInput() {
        Audio in = SyntheticMusic.generate(3, 44_100, 5);
        Audio before = in.copy();
        double[] n = new double[10];
        Arrays.fill(n, 0.8); // hot: the limiter works
        MixSettings settings = MixSettings.ofNormalized(n);
        Audio expected = Pipeline.process(Pipeline.process(in, MixChain.of(settings)), new TruePeakLimiter(Renderer.LIMITER_CEILING_DBTP));
        Audio out = Renderer.render(in, settings, true);
        assertArrayEquals(expected.left(), out.left());
        assertArrayEquals(expected.right(), out.right());
        assertArrayEquals(before.left(), in.left(), "the input is not modified");
        assertArrayEquals(before.right(), in.right(), "the input is not modified");
    }

    @Test
    void aStreamOnSeveralCoresGivesTheSameOutputBitForBit() throws IOException {
        SplittableRandom rng = new SplittableRandom(5);
        // lengths around the block size, and a hot setting that makes the limiter work
        int[] frames = {1000, 3 * Pipeline.BLOCK_FRAMES + 1, 5 * Pipeline.BLOCK_FRAMES - 1, 150_001};
        for (int i = 0; i < frames.length; i++) {
            int rate = i % 2 == 0 ? 44_100 : 48_000;
            Audio song = SyntheticMusic.generate(frames[i] / (double) rate, rate, i);
            double[] n = new double[Param.COUNT];
            for (int k = 0; k < n.length; k++) n[k] = rng.nextDouble();
            if (i == 3) Arrays.fill(n, 0.9);
            MixSettings s = MixSettings.ofNormalized(n);
            for (boolean limiter : new boolean[] {true, false}) {
                String what = frames[i] + " frames at " + rate + " Hz, limiter " + limiter;
                Audio expected = Renderer.render(song, s, limiter);
                Audio actual = collect(song, sink -> Renderer.render(AudioSource.of(song), s, limiter, sink, true));
                assertArrayEquals(expected.left(), actual.left(), what);
                assertArrayEquals(expected.right(), actual.right(), what);
            }
            Audio inverted = Renderer.invert(song, s);
            Audio streamed = collect(song, sink -> Renderer.invert(AudioSource.of(song), s, sink, true));
            assertArrayEquals(inverted.left(), streamed.left(), "invert, " + frames[i]);
            assertArrayEquals(inverted.right(), streamed.right(), "invert, " + frames[i]);
        }
    }

    /**
     * The renderer's output, hashed (SHA-256 of the float bits, first 16 hex digits, and the length). The
     * hashes of commit 77f8f62 (whole audio in place) held to 9338b00: the block pipeline changed nothing.
     * Updated on purpose by commit 5b2fffb (issue 14): the compressor's threshold now follows the program
     * level, and every case here has a ratio above 1; and on 2026-12-06 for the limiter at 96 kHz (cases 3 and
     * 7 with it): its detector now oversamples 4x at every rate. Any other change of these hashes is a change
     * of the sound.
     */
    private static final List<String> GOLDEN = List.of(
            "0 render+limiter e83dc12673e9244c 96000",
            "0 render        696b1949d42d4d5b 96000",
            "0 invert        b2775b543e0697a5 96000",
            "1 render+limiter f99cc4273886bf78 148617",
            "1 render        f99cc4273886bf78 148617",
            "1 invert        c388ba2f66a6b8ba 148617",
            "2 render+limiter b669d0732067f9d8 179520",
            "2 render        874cbc1ad609234d 179520",
            "2 invert        28ab0b2da8f64a6f 179520",
            "3 render+limiter 3370a87392d2afa1 394560",
            "3 render        b0103c1c087c102b 394560",
            "3 invert        823452d692be16cc 394560",
            "4 render+limiter cdb1125ccfa3b4ec 143360",
            "4 render        405e26c7549fc4fe 143360",
            "4 invert        8322732a61f42da4 143360",
            "5 render+limiter 60e3ca5dafb4fee9 213885",
            "5 render        60e3ca5dafb4fee9 213885",
            "5 invert        e9e522bfcf507cff 213885",
            "6 render+limiter f071f52092c761df 250560",
            "6 render        74925282f127cfcd 250560",
            "6 invert        33299be51a7a49e8 250560",
            "7 render+limiter 6f5a243c4c36f560 536640",
            "7 render        3804c3cf6b392e65 536640",
            "7 invert        e0e2c24219371df1 536640");

    @Test
    void theOutputIsBitForBitTheGoldenOne() throws Exception {
        SplittableRandom rng = new SplittableRandom(42);
        int[] rates = {32000, 44100, 48000, 96000};
        List<String> now = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int rate = rates[t % rates.length];
            Audio x = SyntheticMusic.generate(3.0 + t * 0.37, rate, t);
            double[] n = new double[10];
            for (int k = 0; k < 10; k++) n[k] = rng.nextDouble();
            if (t == 3) Arrays.fill(n, 0.9);
            n[8] = Math.max(n[8], 0.05);
            MixSettings s = MixSettings.ofNormalized(n);
            now.add(t + " render+limiter " + hash(Renderer.render(x, s, true)));
            now.add(t + " render        " + hash(Renderer.render(x, s, false)));
            now.add(t + " invert        " + hash(Renderer.invert(x, s)));
        }
        assertEquals(GOLDEN, now);
    }

    private static String hash(Audio a) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        for (float[] ch : a.stereo()) {
            for (float v : ch) {
                int b = Float.floatToRawIntBits(v);
                d.update(new byte[] {(byte) b, (byte) (b >> 8), (byte) (b >> 16), (byte) (b >> 24)});
            }
        }
        return HexFormat.of().formatHex(d.digest()).substring(0, 16) + " " + a.frames();
    }

    interface Run {
        long into(AudioSink sink) throws IOException;
    }

    static Audio collect(Audio like, Run run) throws IOException {
        float[][] out = new float[2][like.frames()];
        int[] at = {0};
        long n = run.into((block, offset, frames) -> {
            for (int ch = 0; ch < 2; ch++) System.arraycopy(block[ch], offset, out[ch], at[0], frames);
            at[0] += frames;
        });
        assertEquals(like.frames(), n);
        return new Audio(out, like.sampleRateHz());
    }
}
