package mixer.inference;

import mixer.dsp.Audio;
import mixer.dsp.AudioSource;
import mixer.dsp.io.AudioInput;
import mixer.dsp.io.AudioReader;
import mixer.dsp.io.Resampler;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A song to mix, readable from the start as often as mixing needs (its windows, a loudness pass, the
 * render): a file, decoded again each time, so that memory stays bounded whatever its length; or
 * audio already in memory.
 */
public interface Song {

    /** A new stream from the first frame. */
    AudioSource open() throws IOException;

    int sampleRateHz();

    /** Channels of the source: 1 (mono, read duplicated) or 2. */
    int sourceChannels();

    /** The exact number of frames; a file that does not state it (lossy codecs) is read through once to count. */
    long frames() throws IOException;

    /** This song heard at {@code rateHz}: itself at its own rate, else converted as it is read ({@link Converted}). */
    default Song atRate(int rateHz) {
        return rateHz == sampleRateHz() ? this : new Converted(this, rateHz);
    }

    static Song of(Audio audio) {
        return new Song() {
            public AudioSource open() {
                return AudioSource.of(audio);
            }

            public int sampleRateHz() {
                return audio.sampleRateHz();
            }

            public int sourceChannels() {
                return 2;
            }

            public long frames() {
                return audio.frames();
            }
        };
    }

    /** A file; opening it here fails at once when it is missing or not audio. */
    static FileSong of(Path file) throws IOException {
        try (AudioInput in = AudioReader.open(file)) {
            return new FileSong(file, in);
        }
    }

    /** A song in a file, with what the file holds. */
    final class FileSong implements Song {
        private final Path file;
        private final int rate;
        private final int channels;
        private final mixer.dsp.io.SampleFormat preferredFormat;
        private long frames;

        private FileSong(Path file, AudioInput first) {
            this.file = file;
            this.rate = first.sampleRateHz();
            this.channels = first.sourceChannels();
            this.preferredFormat = first.preferredWriteFormat();
            this.frames = first.frames();
        }

        @Override
        public AudioInput open() throws IOException {
            return AudioReader.open(file);
        }

        public Path file() {
            return file;
        }

        @Override
        public int sampleRateHz() {
            return rate;
        }

        @Override
        public int sourceChannels() {
            return channels;
        }

        /** The WAV format that keeps the file's precision. */
        public mixer.dsp.io.SampleFormat preferredWriteFormat() {
            return preferredFormat;
        }

        @Override
        public long frames() throws IOException {
            if (frames < 0) frames = countFrames(this);
            return frames;
        }
    }

    /**
     * A song heard at another rate than its own, converted block by block as it is read ({@link Resampler}), so memory
     * stays bounded: a reference mixed toward from a song at another rate. Its length is counted once, by reading.
     */
    final class Converted implements Song {
        private final Song source;
        private final int rateHz;
        private long frames = -1;

        private Converted(Song source, int rateHz) {
            this.source = source;
            this.rateHz = rateHz;
        }

        @Override
        public AudioSource open() throws IOException {
            return new Resampler(source.open(), rateHz);
        }

        @Override
        public int sampleRateHz() {
            return rateHz;
        }

        @Override
        public int sourceChannels() {
            return source.sourceChannels();
        }

        @Override
        public long frames() throws IOException {
            if (frames < 0) frames = countFrames(this);
            return frames;
        }
    }

    private static long countFrames(Song song) throws IOException {
        long n = 0;
        float[][] block = new float[2][1 << 16];
        try (AudioSource in = song.open()) {
            for (int m; (m = in.read(block, 0, block[0].length)) > 0; ) n += m;
        }
        return n;
    }
}
