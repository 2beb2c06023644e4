package mixer.dsp;

import java.io.IOException;
import java.util.Arrays;

/**
 * Stereo float audio that arrives in blocks, so that a file of any length is processed in bounded
 * memory: a file being decoded ({@code mixer.dsp.io.AudioReader#open}), audio in memory ({@link #of}),
 * a generated signal. Mono sources arrive duplicated into both channels.
 */
public interface AudioSource extends AutoCloseable {

    /** The rate of the stream, which processing keeps. */
    AudioSpec spec();

    /** The number of frames the source will deliver when it is known exactly before reading, else -1. */
    long frames();

    /**
     * Reads up to {@code maxFrames} frames into {@code stereo[0..1][offset …]}; returns how many were
     * read, 0 only at the end of the stream.
     */
    int read(float[][] stereo, int offset, int maxFrames) throws IOException;

    @Override
    default void close() throws IOException {
    }

    /**
     * Audio in memory as a source (not copied: it must not change while being read); its samples are checked as a file's
     * are ({@link Audio#requireValidSamples}).
     */
    static AudioSource of(Audio audio) {
        audio.requireValidSamples();
        return new AudioSource() {
            private int position;

            @Override
            public AudioSpec spec() {
                return audio.spec();
            }

            @Override
            public long frames() {
                return audio.frames();
            }

            @Override
            public int read(float[][] stereo, int offset, int maxFrames) {
                int n = Math.min(maxFrames, audio.frames() - position);
                for (int ch = 0; ch < AudioSpec.CHANNELS; ch++) System.arraycopy(audio.stereo()[ch], position, stereo[ch], offset, n);
                position += n;
                return n;
            }
        };
    }

    /** Reads the rest of the source into memory (its length must fit in an array). */
    static Audio readAll(AudioSource source) throws IOException {
        return readAll(source, source.frames());
    }

    /** As {@link #readAll(AudioSource)}, with room made first for {@code expectedFrames} (-1: unknown). */
    static Audio readAll(AudioSource source, long expectedFrames) throws IOException {
        long known = expectedFrames;
        int capacity = known >= 0 ? (int) Math.min(known, Integer.MAX_VALUE - 8) : 1 << 16;
        float[][] data = new float[AudioSpec.CHANNELS][capacity];
        float[][] probe = new float[AudioSpec.CHANNELS][1 << 12]; // tells a full array from the end of the stream
        int frames = 0;
        while (true) {
            int n = frames < data[0].length
                    ? source.read(data, frames, data[0].length - frames)
                    : source.read(probe, 0, probe[0].length);
            if (n == 0) break;
            if (frames == data[0].length) { // more than expected: grow, then take the probe's frames
                if ((long) frames + n > Integer.MAX_VALUE - 8) {
                    throw new IOException("the audio is too long to hold in memory as float arrays");
                }
                int grown = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(frames + (long) n, Math.max(1 << 16, 2L * frames)));
                data = new float[][] {Arrays.copyOf(data[0], grown), Arrays.copyOf(data[1], grown)};
                for (int ch = 0; ch < AudioSpec.CHANNELS; ch++) System.arraycopy(probe[ch], 0, data[ch], frames, n);
            }
            frames += n;
        }
        if (frames != data[0].length) {
            data = new float[][] {Arrays.copyOf(data[0], frames), Arrays.copyOf(data[1], frames)};
        }
        return new Audio(data, source.spec().sampleRateHz());
    }
}
