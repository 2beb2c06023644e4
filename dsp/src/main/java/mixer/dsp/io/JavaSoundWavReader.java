package mixer.dsp.io;

import java.io.IOException;
import java.nio.file.Path;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

import mixer.dsp.Audio;
import mixer.dsp.io.AudioFileException.Reason;
import mixer.dsp.io.PcmCodec.Encoding;

/**
 * WAV through Java Sound: its RIFF readers (plain PCM, IEEE float, WAVE_FORMAT_EXTENSIBLE) parse the
 * header and bound the data chunk; the samples are converted here in bulk, exactly ({@code n / 2^23}
 * for 24-bit).
 */
final class JavaSoundWavReader {

    /** Frames per block read: 64 Ki frames is at most 512 KiB of bytes for stereo float64. */
    private static final int BLOCK_FRAMES = 1 << 16;

    private JavaSoundWavReader() {
    }

    /**
     * Reads a RIFF/WAVE file, or returns null where Java Sound cannot (a codec other than PCM/float,
     * a data chunk of unknown size from a streaming writer): FFmpeg gets those.
     */
    static AudioFile read(Path file, long fileSize) throws AudioFileException {
        AudioInputStream opened;
        try {
            opened = AudioSystem.getAudioInputStream(file.toFile());
        } catch (UnsupportedAudioFileException | IOException | RuntimeException e) {
            // not a WAV Java Sound parses, or a damaged header (an EOF, a chunk size past the end that
            // breaks its provider chain: "Resetting to invalid mark"): FFmpeg decides and explains
            return null;
        }
        try (AudioInputStream in = opened) {
            AudioFormat format = in.getFormat();
            Encoding encoding = encoding(format);
            if (encoding == null || format.isBigEndian() && encoding != Encoding.U8) {
                return null;
            }
            int channels = format.getChannels();
            if (channels != 1 && channels != 2) {
                throw AudioReader.unsupportedChannels(file, channels);
            }
            if (format.getFrameSize() != channels * encoding.bytes) {
                return null;
            }
            int rate = AudioReader.checkedRate(file, Math.round(format.getSampleRate()));
            long declared = in.getFrameLength();
            long unknownSize = 0xFFFF_FFFFL / format.getFrameSize();
            if (declared <= 0 || declared == unknownSize) {
                return null; // streaming writers leave the data size 0 or -1; FFmpeg reads to the end
            }
            int frameBytes = format.getFrameSize();
            if (declared * frameBytes > fileSize) {
                throw new AudioFileException(file, Reason.TRUNCATED, String.format(
                        "truncated: the WAV header declares %d frames (%.2f s, %d bytes of data) but the file has only %d bytes",
                        declared, declared / (double) rate, declared * frameBytes, fileSize));
            }
            if (declared > Integer.MAX_VALUE - 8) {
                throw new AudioFileException(file, Reason.UNSUPPORTED,
                        "has " + declared + " frames; at most " + (Integer.MAX_VALUE - 8) + " fit in memory as float arrays");
            }
            int frames = (int) declared;
            float[][] stereo = new float[2][frames];
            float[][] target = channels == 2 ? stereo : new float[][] {stereo[0]};
            byte[] block = new byte[Math.min(frames, BLOCK_FRAMES) * frameBytes];
            int done = 0;
            while (done < frames) {
                int want = Math.min(frames - done, BLOCK_FRAMES) * frameBytes;
                int got = in.readNBytes(block, 0, want);
                int gotFrames = got / frameBytes;
                PcmCodec.decode(encoding, block, gotFrames, channels, target, done);
                done += gotFrames;
                if (got < want) {
                    throw new AudioFileException(file, Reason.TRUNCATED, String.format(
                            "truncated: the WAV header declares %d frames (%.2f s) but the data ends after %d frames (%.2f s)",
                            declared, declared / (double) rate, done, done / (double) rate));
                }
            }
            if (channels == 1) {
                System.arraycopy(stereo[0], 0, stereo[1], 0, frames);
            }
            String codec = codecName(encoding);
            int bits = encoding == Encoding.U8 ? 8 : encoding.bytes * 8;
            boolean isFloat = encoding == Encoding.F32 || encoding == Encoding.F64;
            return new AudioFile(file, new Audio(stereo, rate), "wav", codec, channels, bits, isFloat);
        } catch (AudioFileException e) {
            throw e;
        } catch (IOException e) {
            throw new AudioFileException(file, Reason.UNREADABLE, "cannot be read (" + e + ")", e);
        }
    }

    private static Encoding encoding(AudioFormat format) {
        AudioFormat.Encoding enc = format.getEncoding();
        int bits = format.getSampleSizeInBits();
        if (AudioFormat.Encoding.PCM_FLOAT.equals(enc)) {
            return bits == 32 ? Encoding.F32 : bits == 64 ? Encoding.F64 : null;
        }
        if (AudioFormat.Encoding.PCM_UNSIGNED.equals(enc)) {
            return bits == 8 ? Encoding.U8 : null;
        }
        if (AudioFormat.Encoding.PCM_SIGNED.equals(enc)) {
            return switch (bits) {
                case 16 -> Encoding.S16;
                case 24 -> Encoding.S24;
                case 32 -> Encoding.S32;
                default -> null;
            };
        }
        return null;
    }

    private static String codecName(Encoding encoding) {
        return switch (encoding) {
            case U8 -> "pcm_u8";
            case S16 -> "pcm_s16le";
            case S24 -> "pcm_s24le";
            case S32 -> "pcm_s32le";
            case F32 -> "pcm_f32le";
            case F64 -> "pcm_f64le";
        };
    }
}
