package mixer.dsp.io;

import java.io.IOException;
import java.nio.file.Path;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

import mixer.dsp.io.AudioFileException.Reason;
import mixer.dsp.io.PcmCodec.Encoding;

/**
 * WAV through Java Sound: its RIFF readers (plain PCM, IEEE float, WAVE_FORMAT_EXTENSIBLE) parse the
 * header and bound the data chunk; the samples are converted here in bulk, exactly ({@code n / 2^23}
 * for 24-bit), block by block.
 */
final class JavaSoundWavInput extends AudioInput {

    /** Frames per block read: 64 Ki frames is at most 512 KiB of bytes for stereo float64. */
    private static final int BLOCK_FRAMES = 1 << 16;

    private final AudioInputStream in;
    private final Encoding encoding;
    private final int frameBytes;
    private final long declared;
    private final byte[] block;
    private final float[][] mono = new float[1][];

    private JavaSoundWavInput(Path file, AudioInputStream in, Encoding encoding, int channels, int sampleRateHz, long declared) {
        super(file, sampleRateHz, "wav", codecName(encoding), channels, encoding == Encoding.U8 ? 8 : encoding.bytes * 8,
                encoding == Encoding.F32 || encoding == Encoding.F64);
        this.in = in;
        this.encoding = encoding;
        this.frameBytes = channels * encoding.bytes;
        this.declared = declared;
        this.block = new byte[(int) Math.min(declared, BLOCK_FRAMES) * frameBytes];
    }

    /**
     * Opens a RIFF/WAVE file, or returns null where Java Sound cannot read it (a codec other than
     * PCM/float, a data chunk of unknown size from a streaming writer): FFmpeg gets those.
     */
    static JavaSoundWavInput open(Path file, long fileSize) throws AudioFileException {
        AudioInputStream opened;
        try {
            opened = AudioSystem.getAudioInputStream(file.toFile());
        } catch (UnsupportedAudioFileException | IOException | RuntimeException e) {
            // not a WAV Java Sound parses, or a damaged header (an EOF, a chunk size past the end that
            // breaks its provider chain: "Resetting to invalid mark"): FFmpeg decides and explains
            return null;
        }
        boolean keep = false;
        try {
            AudioFormat format = opened.getFormat();
            Encoding encoding = encoding(format);
            if (encoding == null || format.isBigEndian() && encoding != Encoding.U8) return null;
            int channels = format.getChannels();
            if (channels != 1 && channels != 2) throw AudioReader.unsupportedChannels(file, channels);
            if (format.getFrameSize() != channels * encoding.bytes) return null;
            int sampleRateHz = AudioReader.checkedRate(file, Math.round(format.getSampleRate()));
            long declared = opened.getFrameLength();
            long unknownSize = 0xFFFF_FFFFL / format.getFrameSize();
            if (declared <= 0 || declared == unknownSize) {
                return null; // streaming writers leave the data size 0 or -1; FFmpeg reads to the end
            }
            int frameBytes = format.getFrameSize();
            if (declared * frameBytes > fileSize) {
                throw new AudioFileException(file, Reason.TRUNCATED, String.format(
                        "truncated: the WAV header declares %d frames (%.2f s, %d bytes of data) but the file has only %d bytes",
                        declared, declared / (double) sampleRateHz, declared * frameBytes, fileSize));
            }
            keep = true;
            return new JavaSoundWavInput(file, opened, encoding, channels, sampleRateHz, declared);
        } finally {
            if (!keep) closeQuietly(opened);
        }
    }

    /** Exact: the header's data size, checked against the file's size on opening. */
    @Override
    public long frames() {
        return declared;
    }

    @Override
    int decode(float[][] stereo, int offset, int maxFrames) throws AudioFileException {
        long left = declared - framesRead();
        int want = (int) Math.min(Math.min(maxFrames, left), BLOCK_FRAMES);
        if (want <= 0) return 0;
        int got;
        try {
            got = in.readNBytes(block, 0, want * frameBytes);
        } catch (IOException e) {
            throw new AudioFileException(path(), Reason.UNREADABLE, "cannot be read (" + e + ")", e);
        }
        int frames = got / frameBytes;
        if (mono()) {
            mono[0] = stereo[0];
            PcmCodec.decode(encoding, block, frames, 1, mono, offset);
            System.arraycopy(stereo[0], offset, stereo[1], offset, frames);
        } else {
            PcmCodec.decode(encoding, block, frames, 2, stereo, offset);
        }
        if (frames < want) {
            long done = framesRead() + frames;
            throw new AudioFileException(path(), Reason.TRUNCATED, String.format(
                    "truncated: the WAV header declares %d frames (%.2f s) but the data ends after %d frames (%.2f s)",
                    declared, declared / (double) sampleRateHz(), done, done / (double) sampleRateHz()));
        }
        return frames;
    }

    @Override
    public void close() {
        closeQuietly(in);
    }

    private static void closeQuietly(AudioInputStream s) {
        try {
            s.close();
        } catch (IOException e) {
            // reading is over: nothing to lose
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
