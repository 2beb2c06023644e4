package mixer.dsp.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Objects;

import mixer.dsp.Audio;
import mixer.dsp.io.AudioFileException.Reason;

/**
 * Writes stereo audio as a little-endian RIFF/WAVE file: PCM_16/PCM_24 as WAVE_FORMAT_PCM (rounded to
 * nearest, clipped to the integer range, no dither), FLOAT_32 as WAVE_FORMAT_IEEE_FLOAT with a
 * {@code fact} chunk (written as is). The file is written beside the target and renamed into place
 * ({@link AtomicFiles}): a failed write leaves no partial file, and an existing target stays intact.
 */
public final class AudioWriter {

    private static final int WAVE_FORMAT_PCM = 1;
    private static final int WAVE_FORMAT_IEEE_FLOAT = 3;
    private static final int BLOCK_FRAMES = 1 << 16;

    private AudioWriter() {
    }

    /** Writes {@code audio} to {@code target}, whose name must end in {@code .wav} (any case). */
    public static void write(Audio audio, Path target, SampleFormat format) throws AudioFileException {
        Objects.requireNonNull(audio, "audio");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(format, "format");
        Path name = target.getFileName();
        String fileName = name == null ? "" : name.toString();
        if (!fileName.toLowerCase(Locale.ROOT).endsWith(".wav")) {
            int dot = fileName.lastIndexOf('.');
            throw new AudioFileException(target, Reason.UNSUPPORTED, "cannot write "
                    + (dot >= 0 ? "'" + fileName.substring(dot) + "' files" : "a file without an extension")
                    + ": only .wav is supported");
        }
        if (Files.isDirectory(target)) {
            throw new AudioFileException(target, Reason.WRITE_FAILED, "is a directory; cannot write audio over it");
        }
        int frames = audio.frames();
        int channels = 2;
        int blockAlign = channels * format.bytesPerSample();
        long dataBytes = (long) frames * blockAlign;
        boolean isFloat = format.floatingPoint();
        int header = isFloat ? 12 + 8 + 18 + 8 + 4 + 8 : 12 + 8 + 16 + 8;
        if (header - 8 + dataBytes > 0xFFFF_FFFFL) {
            throw new AudioFileException(target, Reason.UNSUPPORTED, String.format(
                    "%.1f minutes of %s stereo at %d Hz exceed the 4 GiB limit of a WAV file",
                    audio.durationSeconds() / 60, format, audio.sampleRateHz()));
        }
        ByteBuffer head = ByteBuffer.allocate(header).order(ByteOrder.LITTLE_ENDIAN);
        head.put(ascii("RIFF")).putInt((int) (header - 8 + dataBytes)).put(ascii("WAVE"));
        head.put(ascii("fmt ")).putInt(isFloat ? 18 : 16)
                .putShort((short) (isFloat ? WAVE_FORMAT_IEEE_FLOAT : WAVE_FORMAT_PCM))
                .putShort((short) channels)
                .putInt(audio.sampleRateHz())
                .putInt(audio.sampleRateHz() * blockAlign)
                .putShort((short) blockAlign)
                .putShort((short) format.bitsPerSample());
        if (isFloat) {
            head.putShort((short) 0); // cbSize
            head.put(ascii("fact")).putInt(4).putInt(frames);
        }
        head.put(ascii("data")).putInt((int) dataBytes);
        head.flip();

        try {
            AtomicFiles.write(target, tmp -> {
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                    writeFully(ch, head);
                    byte[] block = new byte[Math.min(frames, BLOCK_FRAMES) * blockAlign];
                    ByteBuffer buf = ByteBuffer.wrap(block);
                    for (int done = 0; done < frames; ) {
                        int n = Math.min(BLOCK_FRAMES, frames - done);
                        PcmCodec.encode(format, audio.stereo(), done, n, block);
                        buf.clear().limit(n * blockAlign);
                        writeFully(ch, buf);
                        done += n;
                    }
                }
            });
        } catch (IOException e) {
            throw new AudioFileException(target, Reason.WRITE_FAILED,
                    "cannot be written (" + e + "); no partial file was left", e);
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    private static byte[] ascii(String tag) {
        return tag.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
