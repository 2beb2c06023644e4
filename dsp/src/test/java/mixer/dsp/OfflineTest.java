package mixer.dsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class OfflineTest {

    /** A pure delay of {@code frames}: Offline must return the input exactly. */
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
            Audio out = Offline.process(in, new Delay(latency));
            assertEquals(in.frames(), out.frames());
            assertEquals(48_000, out.sampleRateHz());
            assertArrayEquals(in.left(), out.left());
            assertArrayEquals(in.right(), out.right());
        }
        assertArrayEquals(before.left(), in.left(), "the input is not modified");
    }

    @Test
    void emptyAudioStaysEmpty() {
        assertEquals(0, Offline.process(Audio.silence(0, 44_100), new Delay(10)).frames());
    }

    @Test
    void inPlaceGivesTheSameOutputIntoTheCallersArrays() {
        for (int frames : new int[] {0, 1, 4095, 4096, 4097, 20_000}) {
            float[][] s = new float[2][frames];
            for (int i = 0; i < frames; i++) {
                s[0][i] = (float) Math.sin(i * 0.013);
                s[1][i] = (float) Math.cos(i * 0.029);
            }
            Audio in = new Audio(s, 44_100);
            for (int latency : new int[] {0, 1, 118, 4096, 5000, 30_000}) {
                Audio expected = Offline.process(in, latency == 0 ? new Gain2() : new Delay(latency));
                Audio owned = in.copy();
                Audio out = Offline.processInPlace(owned, latency == 0 ? new Gain2() : new Delay(latency));
                assertSame(owned, out);
                assertArrayEquals(expected.left(), out.left(), "frames " + frames + ", latency " + latency);
                assertArrayEquals(expected.right(), out.right(), "frames " + frames + ", latency " + latency);
            }
        }
    }

    /** Doubles the signal, no latency. */
    static final class Gain2 implements Processor {
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
