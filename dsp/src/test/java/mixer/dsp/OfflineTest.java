package mixer.dsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
