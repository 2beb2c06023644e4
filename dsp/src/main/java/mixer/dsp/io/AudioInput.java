package mixer.dsp.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

import mixer.dsp.Audio;
import mixer.dsp.AudioSource;
import mixer.dsp.AudioSpec;
import mixer.dsp.io.AudioFileException.Reason;

/**
 * An audio file being decoded, block by block ({@link AudioReader#open}): stereo float at the file's
 * own rate, mono duplicated. Every block is checked: a sample that is not a finite number within
 * ±{@value Audio#MAX_ABS_SAMPLE} (+120 dBFS) is an error that names the file, the frame and the channel,
 * never passed on (one NaN would spread through every recursive stage to the end of the file).
 * Close it (try-with-resources): FFmpeg holds native memory.
 */
public abstract class AudioInput implements AudioSource {

    private final Path path;
    private final AudioSpec spec;
    private final String container;
    private final String codec;
    private final int sourceChannels;
    private final int bitsPerSample;
    private final boolean floatingPoint;
    private long framesRead;

    AudioInput(Path path, int sampleRateHz, String container, String codec, int sourceChannels, int bitsPerSample,
               boolean floatingPoint) {
        this.path = path;
        this.spec = new AudioSpec(sampleRateHz);
        this.container = container;
        this.codec = codec;
        this.sourceChannels = sourceChannels;
        this.bitsPerSample = bitsPerSample;
        this.floatingPoint = floatingPoint;
    }

    /** Decodes up to {@code maxFrames} frames; 0 only at the end. */
    abstract int decode(float[][] stereo, int offset, int maxFrames) throws AudioFileException;

    @Override
    public final int read(float[][] stereo, int offset, int maxFrames) throws AudioFileException {
        int n = decode(stereo, offset, maxFrames);
        check(stereo, offset, n);
        framesRead += n;
        return n;
    }

    @Override
    public abstract void close();

    /** Reads the rest of the file into memory. */
    public AudioFile readAll() throws AudioFileException {
        Audio audio;
        try {
            audio = AudioSource.readAll(this, capacityHint());
        } catch (AudioFileException e) {
            throw e;
        } catch (IOException e) {
            throw new AudioFileException(path, Reason.UNSUPPORTED, e.getMessage(), e);
        }
        return new AudioFile(path, audio, container, codec, sourceChannels, bitsPerSample, floatingPoint);
    }

    /** Frames to make room for when reading the whole file: {@link #frames()} where known. */
    long capacityHint() {
        return frames();
    }

    /** The file, as the caller named it. */
    public Path path() {
        return path;
    }

    @Override
    public AudioSpec spec() {
        return spec;
    }

    public int sampleRateHz() {
        return spec.sampleRateHz();
    }

    /** See {@link AudioFile#container()}. */
    public String container() {
        return container;
    }

    /** See {@link AudioFile#codec()}. */
    public String codec() {
        return codec;
    }

    /** Channels in the file: 1 or 2. */
    public int sourceChannels() {
        return sourceChannels;
    }

    public boolean mono() {
        return sourceChannels == 1;
    }

    /** See {@link AudioFile#bitsPerSample()}. */
    public int bitsPerSample() {
        return bitsPerSample;
    }

    public boolean floatingPoint() {
        return floatingPoint;
    }

    /** The WAV format that keeps this source's precision (see {@link SampleFormat#keeping}). */
    public SampleFormat preferredWriteFormat() {
        return SampleFormat.keeping(floatingPoint, bitsPerSample);
    }

    /** Frames delivered so far. */
    public long framesRead() {
        return framesRead;
    }

    private void check(float[][] stereo, int offset, int n) throws AudioFileException {
        float largest = 0;
        for (int ch = 0; ch < AudioSpec.CHANNELS; ch++) {
            float[] x = stereo[ch];
            for (int i = offset; i < offset + n; i++) largest = Math.max(largest, Math.abs(x[i])); // NaN wins
        }
        if (largest <= Audio.MAX_ABS_SAMPLE) return;
        for (int i = offset; i < offset + n; i++) {
            for (int ch = 0; ch < (mono() ? 1 : AudioSpec.CHANNELS); ch++) {
                float v = stereo[ch][i];
                if (Math.abs(v) <= Audio.MAX_ABS_SAMPLE) continue;
                long frame = framesRead + i - offset;
                String what = Audio.describeInvalid(v);
                throw new AudioFileException(path, Reason.INVALID_SAMPLES, String.format(Locale.ROOT,
                        "holds %s at frame %d (%.3f s)%s: mixer processes only finite samples within ±%.0f (+120 dBFS); "
                                + "the file is damaged or was written by a faulty program: repair or re-export it",
                        what, frame, frame / (double) spec.sampleRateHz(), mono() ? "" : ch == 0 ? ", left channel" : ", right channel",
                        Audio.MAX_ABS_SAMPLE));
            }
        }
    }
}
