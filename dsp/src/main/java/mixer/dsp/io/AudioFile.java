package mixer.dsp.io;

import java.nio.file.Path;
import java.util.Objects;

import mixer.dsp.Audio;

/**
 * Audio read from a file, with what the file held before it became stereo float.
 *
 * @param path           the file, as the caller named it
 * @param audio          the samples: stereo float at the file's own rate (mono duplicated, no resampling)
 * @param container      the container: {@code "wav"}, or FFmpeg's demuxer name ({@code "flac"},
 *                       {@code "ogg"}, {@code "mp3"}, …)
 * @param codec          FFmpeg's codec name: {@code "pcm_s16le"}, {@code "pcm_s24le"}, {@code "pcm_f32le"},
 *                       {@code "flac"}, {@code "vorbis"}, {@code "mp3"}, …
 * @param sourceChannels channels in the file: 1 or 2
 * @param bitsPerSample  bits per sample of a lossless source (16, 24, 32, …); 0 for a lossy codec
 * @param floatingPoint  whether the source stores floating-point samples (float WAV); false for
 *                       integer PCM and for lossy codecs
 */
public record AudioFile(Path path, Audio audio, String container, String codec, int sourceChannels,
                        int bitsPerSample, boolean floatingPoint) {

    public AudioFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(audio, "audio");
        Objects.requireNonNull(container, "container");
        Objects.requireNonNull(codec, "codec");
        if (sourceChannels < 1 || sourceChannels > 2) {
            throw new IllegalArgumentException("source channels must be 1 or 2, not " + sourceChannels);
        }
        if (bitsPerSample < 0) {
            throw new IllegalArgumentException("bits per sample must be 0 (lossy) or positive, not " + bitsPerSample);
        }
    }

    /** The file's sample rate, which the audio keeps. */
    public int sampleRateHz() {
        return audio.sampleRateHz();
    }

    public boolean lossy() {
        return bitsPerSample == 0;
    }

    public boolean mono() {
        return sourceChannels == 1;
    }

    /** The WAV format that keeps this source's precision (see {@link SampleFormat#keeping}). */
    public SampleFormat preferredWriteFormat() {
        return SampleFormat.keeping(floatingPoint, bitsPerSample);
    }
}
