package mixer.dsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The one block feeder: latency compensated, length kept, serial and parallel alike, failures reported. */
class PipelineTest {

    /** A pure delay of {@code frames}: the pipeline must return the input exactly. */
    static final class Delay implements Processor {
        final int frames;
        float[][] line;
        int pos;
        boolean prepared;

        Delay(int frames) {
            this.frames = frames;
        }

        @Override
        public void prepare(AudioSpec spec) {
            line = new float[2][frames];
            pos = 0;
            prepared = true;
        }

        @Override
        public void process(float[][] stereo, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                for (int ch = 0; ch < 2; ch++) {
                    float out = line[ch][pos];
                    line[ch][pos] = stereo[ch][i];
                    stereo[ch][i] = out;
                }
                pos = (pos + 1) % frames;
            }
        }

        @Override
        public void reset() {
            prepare(null);
        }

        @Override
        public int latencyFrames() {
            return frames;
        }
    }

    @Test
    void compensatesLatencyAndKeepsLengthAndRate() {
        float[][] s = new float[2][10_000];
        for (int i = 0; i < s[0].length; i++) {
            s[0][i] = (float) Math.sin(i * 0.01);
            s[1][i] = i % 7 / 7f;
        }
        Audio in = new Audio(s, 48_000);
        Audio before = in.copy();
        for (int latency : new int[] {1, 100, 5000}) {
            Audio out = Pipeline.process(in, new Delay(latency));
            assertEquals(in.frames(), out.frames());
            assertEquals(48_000, out.sampleRateHz());
            assertArrayEquals(in.left(), out.left());
            assertArrayEquals(in.right(), out.right());
        }
        assertArrayEquals(before.left(), in.left(), "the input is not modified");
    }

    @Test
    void emptyAudioStaysEmpty() {
        assertEquals(0, Pipeline.process(Audio.silence(0, 44_100), new Delay(10)).frames());
    }

    @Test
    void serialAndParallelGiveTheSameOutputWhateverTheLengthAndLatencies() throws Exception {
        for (int frames : new int[] {0, 1, 4095, Pipeline.BLOCK_FRAMES, Pipeline.BLOCK_FRAMES + 1, 3 * Pipeline.BLOCK_FRAMES + 17, 100_000}) {
            float[][] s = new float[2][frames];
            for (int i = 0; i < frames; i++) {
                s[0][i] = (float) Math.sin(i * 0.013);
                s[1][i] = (float) Math.cos(i * 0.029);
            }
            Audio in = new Audio(s, 44_100);
            for (int latency : new int[] {0, 1, 118, 5000, 40_000}) {
                Audio expected = Pipeline.process(in, new Gain2(), new Delay(Math.max(1, latency)), new Gain2());
                float[][] parallel = new float[2][frames];
                int[] at = {0};
                long written = Pipeline.run(AudioSource.of(in), java.util.List.of(new Gain2(), new Delay(Math.max(1, latency)), new Gain2()),
                        (block, offset, n) -> {
                            for (int ch = 0; ch < 2; ch++) System.arraycopy(block[ch], offset, parallel[ch], at[0], n);
                            at[0] += n;
                        }, true);
                String what = "frames " + frames + ", latency " + latency;
                assertEquals(frames, written, what);
                assertArrayEquals(expected.left(), parallel[0], what);
                assertArrayEquals(expected.right(), parallel[1], what);
                for (int i = 0; i < frames; i++) assertEquals(4 * in.left()[i], expected.left()[i], what);
            }
        }
    }

    @Test
    void aFailingStepSourceOrSinkStopsTheRunAndIsRethrown() {
        Audio in = new Audio(new float[2][200_000], 44_100);
        for (boolean parallel : new boolean[] {false, true}) {
            Processor breaks = new Gain2() {
                int calls;

                @Override
                public void process(float[][] stereo, int offset, int length) {
                    if (++calls == 3) throw new IllegalStateException("step broke");
                }
            };
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Pipeline.run(AudioSource.of(in),
                    java.util.List.of(new Gain2(), breaks, new Delay(10)), (b, o, n) -> { }, parallel));
            assertEquals("step broke", e.getMessage());
            java.io.IOException sinkFails = assertThrows(java.io.IOException.class, () -> Pipeline.run(AudioSource.of(in),
                    java.util.List.of(new Gain2(), new Gain2()), (b, o, n) -> {
                        throw new java.io.IOException("disk full");
                    }, parallel));
            assertEquals("disk full", sinkFails.getMessage());
            AudioSource failing = new AudioSource() {
                int reads;

                public AudioSpec spec() {
                    return new AudioSpec(44_100);
                }

                public long frames() {
                    return -1;
                }

                public int read(float[][] stereo, int offset, int max) throws java.io.IOException {
                    if (++reads == 4) throw new java.io.IOException("truncated");
                    return Math.min(max, 1000);
                }
            };
            assertThrows(java.io.IOException.class, () -> Pipeline.run(failing, java.util.List.of(new Gain2(), new Gain2()),
                    (b, o, n) -> { }, parallel));
        }
    }

    /** Doubles the signal, no latency. */
    static class Gain2 implements Processor {
        @Override
        public void prepare(AudioSpec spec) {
        }

        @Override
        public void process(float[][] stereo, int offset, int length) {
            for (float[] ch : stereo) {
                for (int i = offset; i < offset + length; i++) ch[i] *= 2;
            }
        }

        @Override
        public void reset() {
        }
    }
}
