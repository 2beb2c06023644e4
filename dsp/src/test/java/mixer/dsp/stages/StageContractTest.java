package mixer.dsp.stages;

import mixer.dsp.Audio;
import mixer.dsp.AudioSpec;
import mixer.dsp.InvertibleProcessor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Facts every stage owes the chain: block-size invariance, reset, and an inverse that undoes it. */
class StageContractTest {

    static final int[] BLOCKS = {1, 64, 65, 4096};

    static Stream<Arguments> stages() {
        return Stream.of(
                stage("gain +7.5 dB", () -> new Gain(7.5)),
                stage("compressor ratio 10", () -> new FeedbackCompressor(10)),
                stage("compressor ratio 2.5", () -> new FeedbackCompressor(2.5)),
                stage("high shelf 4 kHz -12 dB", () -> new HighShelf(4000, -12)),
                stage("low shelf 120 Hz +12 dB", () -> new LowShelf(120, 12)),
                stage("peaking 1 kHz Q 0.8 -9 dB", () -> new Peaking(1000, 0.8, -9)),
                stage("air shelf 12 kHz +12 dB", () -> new HighShelf(12000, 12)),
                stage("reverb send 0.6", () -> new ReverbSend(0.6)),
                stage("delay send 0.5", () -> new DelaySend(0.5)),
                stage("width 0.05", () -> new StereoWidth(0.05)),
                stage("width 2", () -> new StereoWidth(2)));
    }

    static Arguments stage(String name, Supplier<InvertibleProcessor> factory) {
        return Arguments.of(name, factory);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stages")
    void blockSizeDoesNotChangeOneBitInEitherDirection(String name, Supplier<InvertibleProcessor> factory) {
        for (int rate : new int[] {44100, 48000}) {
            Audio in = TestSignals.music(rate, 0.6, 7);
            Audio whole = TestSignals.run(factory.get(), in);
            Audio wholeInverse = TestSignals.run(factory.get().inverse(), in);
            for (int block : BLOCKS) {
                Audio blocked = TestSignals.run(factory.get(), in, block);
                assertArrayEquals(whole.left(), blocked.left(), name + " L, blocks of " + block + " at " + rate);
                assertArrayEquals(whole.right(), blocked.right(), name + " R, blocks of " + block + " at " + rate);
                Audio inv = TestSignals.run(factory.get().inverse(), in, block);
                assertArrayEquals(wholeInverse.left(), inv.left(), name + " inverse, blocks of " + block);
                assertArrayEquals(wholeInverse.right(), inv.right(), name + " inverse, blocks of " + block);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stages")
    void resetStartsTheStreamAgain(String name, Supplier<InvertibleProcessor> factory) {
        Audio in = TestSignals.music(44100, 0.4, 3);
        InvertibleProcessor p = factory.get();
        Audio first = TestSignals.run(p, in);
        Audio again = in.copy();
        p.process(again.stereo()); // dirty the state with another pass
        p.reset();
        Audio afterReset = in.copy();
        p.process(afterReset.stereo());
        assertArrayEquals(first.left(), afterReset.left(), name);
        assertArrayEquals(first.right(), afterReset.right(), name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stages")
    void inverseUndoesTheStageBothWays(String name, Supplier<InvertibleProcessor> factory) {
        for (int rate : new int[] {44100, 48000}) {
            Audio x = TestSignals.music(rate, 0.6, 11);
            double forwardThenInverse = TestSignals.errorDb(
                    TestSignals.run(factory.get().inverse(), TestSignals.run(factory.get(), x)), x);
            double inverseThenForward = TestSignals.errorDb(
                    TestSignals.run(factory.get(), TestSignals.run(factory.get().inverse(), x)), x);
            assertTrue(forwardThenInverse < -100, name + ": invert(render(x)) error " + forwardThenInverse + " dB");
            assertTrue(inverseThenForward < -100, name + ": render(invert(x)) error " + inverseThenForward + " dB");
            // The inverse of the inverse is the stage itself.
            assertArrayEquals(TestSignals.run(factory.get(), x).left(),
                    TestSignals.run(factory.get().inverse().inverse(), x).left(), name);
        }
    }

    /** Any rate from 8 to 384 kHz works (where an EQ's frequency is below Nyquist). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("stages")
    void worksAtTheExtremeRates(String name, Supplier<InvertibleProcessor> factory) {
        for (int rate : new int[] {8000, 384000}) {
            InvertibleProcessor p = factory.get();
            if (p instanceof Biquad b && b.frequencyHz() >= new AudioSpec(rate).nyquistHz()) continue;
            Audio x = TestSignals.music(rate, 0.3, 21);
            double err = TestSignals.errorDb(TestSignals.run(factory.get().inverse(), TestSignals.run(p, x)), x);
            assertTrue(err < -100, name + " at " + rate + " Hz: round trip error " + err + " dB");
        }
    }

    /**
     * Tails decay to exact zeros: no subnormal limit cycles left running (they are ~100x slower). The
     * slowest is the inverse reverb at send 0.6 (1 / (1 + 0.6 R) rings longer than R): about 7 dB/s.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("stages")
    void tailsDecayToExactSilence(String name, Supplier<InvertibleProcessor> factory) {
        int rate = 8000;
        for (InvertibleProcessor p : new InvertibleProcessor[] {factory.get(), factory.get().inverse()}) {
            if (p instanceof Biquad b && b.frequencyHz() >= new AudioSpec(rate).nyquistHz()) continue;
            float[][] s = new float[2][100 * rate];
            s[0][0] = 1;
            s[1][0] = -0.5f;
            Audio out = TestSignals.run(p, new Audio(s, rate));
            for (float[] ch : out.stereo()) {
                for (int i = 95 * rate; i < ch.length; i++) assertEquals(0f, ch[i], p + ", sample " + i);
            }
        }
    }
}
