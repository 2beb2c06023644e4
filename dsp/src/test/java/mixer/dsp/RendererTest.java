package mixer.dsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import mixer.dsp.chain.MixChain;
import mixer.dsp.limiter.TruePeakLimiter;
import mixer.dsp.params.MixSettings;
import org.junit.jupiter.api.Test;

class RendererTest {

    @Test
    void rendersTheChainThenTheLimiterBitForBitWithoutTouchingTheInput() {
        Audio in = SyntheticMusic.generate(3, 44_100, 5);
        Audio before = in.copy();
        double[] n = new double[10];
        Arrays.fill(n, 0.8); // hot: the limiter works
        MixSettings settings = MixSettings.ofNormalized(n);
        Audio expected = Offline.process(MixChain.render(in, settings), new TruePeakLimiter(Renderer.LIMITER_CEILING_DBTP));
        Audio out = Renderer.render(in, settings, true);
        assertArrayEquals(expected.left(), out.left());
        assertArrayEquals(expected.right(), out.right());
        assertArrayEquals(before.left(), in.left(), "the input is not modified");
        assertArrayEquals(before.right(), in.right(), "the input is not modified");
    }
}
