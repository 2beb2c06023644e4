package mixer.inference;

import mixer.dsp.Audio;
import mixer.dsp.Renderer;
import mixer.dsp.SyntheticMusic;
import mixer.dsp.params.MixSettings;
import mixer.dsp.params.Param;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class PipelinedRendererTest {

    @Test
    void thePipelineGivesTheRenderersOutputBitForBit() {
        SplittableRandom rng = new SplittableRandom(5);
        // lengths around the block and handover sizes, and a hot setting that makes the limiter work
        int[] frames = {PipelinedRenderer.MIN_FRAMES, 3 * 16_384 + 1, 5 * 16_384 - 1, 150_001};
        for (int i = 0; i < frames.length; i++) {
            int rate = i % 2 == 0 ? 44_100 : 48_000;
            Audio song = SyntheticMusic.generate(frames[i] / (double) rate, rate, i);
            double[] n = new double[Param.COUNT];
            for (int k = 0; k < n.length; k++) n[k] = rng.nextDouble();
            if (i == 3) Arrays.fill(n, 0.9);
            MixSettings s = MixSettings.ofNormalized(n);
            for (boolean limiter : new boolean[] {true, false}) {
                Audio before = song.copy();
                Audio expected = Renderer.render(song, s, limiter);
                Audio actual = PipelinedRenderer.render(song, s, limiter);
                String what = frames[i] + " frames at " + rate + " Hz, limiter " + limiter;
                assertEquals(song.frames(), actual.frames(), what);
                assertArrayEquals(expected.left(), actual.left(), what);
                assertArrayEquals(expected.right(), actual.right(), what);
                assertArrayEquals(before.left(), song.left(), "the input is not modified");
            }
        }
    }

    @Test
    void shortAudioTakesTheSingleThreadedPath() {
        Audio song = SyntheticMusic.generate(0.1, 44_100, 1);
        MixSettings s = MixSettings.neutral().with(Param.INPUT_GAIN_DB, 6);
        assertArrayEquals(Renderer.render(song, s, true).left(), PipelinedRenderer.render(song, s, true).left());
    }
}
