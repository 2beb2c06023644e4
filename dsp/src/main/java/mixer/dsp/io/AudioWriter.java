package mixer.dsp.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Objects;

import mixer.dsp.Audio;
import mixer.dsp.AudioSink;
import mixer.dsp.AudioSpec;
import mixer.dsp.io.AudioFileException.Reason;
import mixer.dsp.provenance.Provenance;

/**
 * Writes stereo audio as a little-endian RIFF/WAVE file: PCM_16/PCM_24 as WAVE_FORMAT_PCM (rounded to
 * nearest, clipped to the integer range, no dither), FLOAT_32 as WAVE_FORMAT_IEEE_FLOAT with a
 * {@code fact} chunk (written as is). Whole audio at once ({@link #write}) or block by block
 * ({@link #open}), in bounded memory. The file is written beside the target and renamed into place
 * ({@link AtomicFiles}): a failed or interrupted write leaves no partial file, and an existing target
 * stays intact until the new one is complete. A comment (how the file was made: a mix's settings and
 * where they came from) goes in a RIFF {@code LIST/INFO} chunk before the samples, as {@code ICMT}, with
 * mixer's version and commit in {@code ISFT}; readers that do not know the chunk skip it.
 */
public final class AudioWriter {

    private static final int WAVE_FORMAT_PCM = 1;
    private static final int WAVE_FORMAT_IEEE_FLOAT = 3;
    private static final int BLOCK_FRAMES = 1 << 16;
    private static final long MAX_RIFF_BYTES = 0xFFFF_FFFFL;

    private AudioWriter() {
    }

    /**
     * Whether two paths name one file: the same file where both exist (through links and other names), the same
     * normalised path otherwise. Mixer never writes over a file it reads.
     */
    public static boolean sameFile(Path a, Path b) {
        try {
            if (Files.exists(a) && Files.exists(b)) return Files.isSameFile(a, b);
        } catch (IOException e) {
            // fall back on the names
        }
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }

    /**
     * The one guard of "never write over a file in use": refuses {@code out} when it is, by any name ({@link #sameFile}),
     * one of the files a command reads or writes ({@code used}; nulls are skipped).
     *
     * @throws IllegalArgumentException a sentence naming both files and saying what to do
     */
    public static void refuseToOverwrite(Path out, Path... used) {
        for (Path u : used) {
            if (u != null && sameFile(out, u)) {
                throw new IllegalArgumentException(out + " would be written over " + u + ", which this command uses: "
                        + "choose another output file");
            }
        }
    }

    /** Writes {@code audio} to {@code target}, whose name must end in {@code .wav} (any case). */
    public static void write(Audio audio, Path target, SampleFormat format) throws AudioFileException {
        write(audio, target, format, null);
    }

    /**
     * {@link #write(Audio, Path, SampleFormat)} with a comment in the file's {@code INFO} chunk (null: none): how it was made;
     * mixer's version and commit go beside it as its software.
     */
    public static void write(Audio audio, Path target, SampleFormat format, String comment) throws AudioFileException {
        write(audio, target, format, comment, true);
    }

    /**
     * As {@link #write(Audio, Path, SampleFormat, String)}, without the software where the file must be a function of what
     * the comment says alone (a corpus excerpt: the same source and recipe, the same bytes, whichever code cut it).
     */
    public static void writeWithoutSoftware(Audio audio, Path target, SampleFormat format, String comment) throws AudioFileException {
        write(audio, target, format, comment, false);
    }

    private static void write(Audio audio, Path target, SampleFormat format, String comment, boolean software) throws AudioFileException {
        Objects.requireNonNull(audio, "audio");
        try (Output out = openWithInfo(target, format, audio.sampleRateHz(), audio.frames(), comment == null ? new byte[0] : info(comment, software))) {
            out.write(audio.stereo(), 0, audio.frames());
            out.commit();
        }
    }

    /**
     * Starts writing {@code target} block by block; nothing is at the target until {@link Output#commit}.
     *
     * @param expectedFrames the length when known (checked at once against the 4 GiB limit of WAV), else -1
     */
    public static Output open(Path target, SampleFormat format, int sampleRateHz, long expectedFrames) throws AudioFileException {
        return open(target, format, sampleRateHz, expectedFrames, null);
    }

    /**
     * Refuses a target no WAV can be written to: a folder, or a name not ending in .wav. Opening a file checks it; a
     * command checks it before any work (render and invert found it only when they came to write).
     */
    public static void requireWavTarget(Path target) throws AudioFileException {
        Objects.requireNonNull(target, "target");
        Path name = target.getFileName();
        String fileName = name == null ? "" : name.toString();
        if (Files.isDirectory(target)) {
            throw new AudioFileException(target, Reason.WRITE_FAILED, "is a folder; name the file to write, OUT.wav");
        }
        if (!fileName.toLowerCase(Locale.ROOT).endsWith(".wav")) {
            int dot = fileName.lastIndexOf('.');
            throw new AudioFileException(target, Reason.UNSUPPORTED, "cannot write "
                    + (dot >= 0 ? "'" + fileName.substring(dot) + "' files" : "a file without an extension")
                    + ": only .wav is supported; name the file OUT.wav");
        }
    }

    /** {@link #open(Path, SampleFormat, int, long)} with a comment in the file's {@code INFO} chunk (null: none). */
    public static Output open(Path target, SampleFormat format, int sampleRateHz, long expectedFrames, String comment)
            throws AudioFileException {
        return openWithInfo(target, format, sampleRateHz, expectedFrames, comment == null ? new byte[0] : info(comment, true));
    }

    private static Output openWithInfo(Path target, SampleFormat format, int sampleRateHz, long expectedFrames, byte[] info)
            throws AudioFileException {
        Objects.requireNonNull(format, "format");
        requireWavTarget(target);
        new AudioSpec(sampleRateHz); // validates the rate
        Output out = new Output(target, format, sampleRateHz, info);
        if (expectedFrames >= 0) out.checkSize(expectedFrames);
        out.start();
        return out;
    }

    /** A WAV file being written: {@link #write} blocks, then {@link #commit}; closing without a commit removes it. */
    public static final class Output implements AudioSink, AutoCloseable {
        private final Path target;
        private final SampleFormat format;
        private final int sampleRateHz;
        private final int blockAlign;
        private final int headerBytes;
        /** The LIST/INFO chunk, or nothing. */
        private final byte[] info;
        private AtomicFiles.Pending pending;
        private FileChannel channel;
        private byte[] bytes = new byte[0];
        private long frames;

        private Output(Path target, SampleFormat format, int sampleRateHz, byte[] info) {
            this.target = target;
            this.format = format;
            this.sampleRateHz = sampleRateHz;
            this.info = info;
            this.blockAlign = AudioSpec.CHANNELS * format.bytesPerSample();
            this.headerBytes = (format.floatingPoint() ? 12 + 8 + 18 + 8 + 4 + 8 : 12 + 8 + 16 + 8) + info.length;
        }

        private void start() throws AudioFileException {
            try {
                pending = AtomicFiles.create(target);
                channel = FileChannel.open(pending.path(), StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                writeFully(header(0), -1); // sizes patched by commit()
            } catch (IOException e) {
                close();
                throw failed(e);
            }
        }

        /** Appends frames {@code [offset, offset + n)}. */
        @Override
        public void write(float[][] stereo, int offset, int n) throws AudioFileException {
            if (channel == null) throw new IllegalStateException(target + ": already committed or closed");
            checkSize(frames + n);
            try {
                for (int done = 0; done < n; ) {
                    int m = Math.min(BLOCK_FRAMES, n - done);
                    if (bytes.length < m * blockAlign) bytes = new byte[Math.min(n, BLOCK_FRAMES) * blockAlign];
                    PcmCodec.encode(format, stereo, offset + done, m, bytes);
                    writeFully(ByteBuffer.wrap(bytes, 0, m * blockAlign), -1);
                    done += m;
                    frames += m;
                }
            } catch (IOException e) {
                close();
                throw failed(e);
            }
        }

        /** Frames written so far. */
        public long frames() {
            return frames;
        }

        /** Completes the header and renames the file into place. */
        public void commit() throws AudioFileException {
            if (channel == null) throw new IllegalStateException(target + ": already committed or closed");
            try {
                writeFully(header(frames), 0);
                channel.close();
                channel = null;
                pending.commit();
            } catch (IOException e) {
                close();
                throw failed(e);
            }
        }

        /** Removes the unfinished file, unless committed. */
        @Override
        public void close() {
            try {
                if (channel != null) channel.close();
            } catch (IOException e) {
                // the file is deleted next
            }
            channel = null;
            try {
                if (pending != null) pending.close();
            } catch (IOException e) {
                // a part file a later write removes
            }
        }

        /** Whether {@code totalFrames} of stereo in {@code f} fit the RIFF size field, beside this file's header. */
        private boolean fits(long totalFrames, SampleFormat f) {
            return headerBytes - 8 + totalFrames * AudioSpec.CHANNELS * f.bytesPerSample() <= MAX_RIFF_BYTES;
        }

        private void checkSize(long totalFrames) throws AudioFileException {
            if (!fits(totalFrames, format)) {
                close();
                String narrower = ""; // a way out where there is one: the deepest format that fits
                for (SampleFormat f : new SampleFormat[] {SampleFormat.PCM_24, SampleFormat.PCM_16}) {
                    if (f.bytesPerSample() < format.bytesPerSample() && fits(totalFrames, f)) {
                        narrower = "; as " + f + " it fits (mixer's --format " + f.name().toLowerCase(Locale.ROOT).replace("_", "") + ")";
                        break;
                    }
                }
                throw new AudioFileException(target, Reason.UNSUPPORTED, String.format(Locale.ROOT,
                        "%.1f minutes of %s stereo at %d Hz exceed the 4 GiB limit of a WAV file%s",
                        totalFrames / (double) sampleRateHz / 60, format, sampleRateHz, narrower.isEmpty() ? "; cut it in parts" : narrower));
            }
        }

        private ByteBuffer header(long frameCount) {
            long dataBytes = frameCount * blockAlign;
            boolean isFloat = format.floatingPoint();
            ByteBuffer head = ByteBuffer.allocate(headerBytes).order(ByteOrder.LITTLE_ENDIAN);
            head.put(ascii("RIFF")).putInt((int) (headerBytes - 8 + dataBytes)).put(ascii("WAVE"));
            head.put(ascii("fmt ")).putInt(isFloat ? 18 : 16)
                    .putShort((short) (isFloat ? WAVE_FORMAT_IEEE_FLOAT : WAVE_FORMAT_PCM))
                    .putShort((short) AudioSpec.CHANNELS)
                    .putInt(sampleRateHz)
                    .putInt(sampleRateHz * blockAlign)
                    .putShort((short) blockAlign)
                    .putShort((short) format.bitsPerSample());
            if (isFloat) {
                head.putShort((short) 0); // cbSize
                head.put(ascii("fact")).putInt(4).putInt((int) frameCount);
            }
            head.put(info);
            head.put(ascii("data")).putInt((int) dataBytes);
            return head.flip();
        }

        /** Writes at {@code position}, or at the end when it is negative. */
        private void writeFully(ByteBuffer buf, long position) throws IOException {
            long at = position;
            while (buf.hasRemaining()) {
                if (at < 0) {
                    channel.write(buf);
                } else {
                    at += channel.write(buf, at);
                }
            }
        }

        private AudioFileException failed(IOException e) {
            if (e instanceof AudioFileException a) return a;
            String why = e.toString();
            if (e instanceof java.nio.file.AccessDeniedException denied) { // the file itself protected (AtomicFiles), or its folder
                why = denied.getReason() != null ? denied.getReason() : "its folder is not writable (permission denied): choose another";
            } else if (e instanceof java.nio.file.FileAlreadyExistsException file) { // making its folder, where a file is
                why = FileErrors.explain(file) + ": choose another folder";
            }
            return new AudioFileException(target, Reason.WRITE_FAILED, "cannot be written (" + why + "); no partial file was left", e);
        }
    }

    /** A LIST/INFO chunk: the software (ISFT, if asked) and the comment (ICMT), each NUL-terminated and padded to even length. */
    private static byte[] info(String comment, boolean withSoftware) {
        byte[] software = withSoftware ? Provenance.now().software().getBytes(StandardCharsets.UTF_8) : null;
        byte[] text = comment.getBytes(StandardCharsets.UTF_8);
        int size = 4 + (software == null ? 0 : subchunkBytes(software)) + subchunkBytes(text);
        ByteBuffer b = ByteBuffer.allocate(8 + size).order(ByteOrder.LITTLE_ENDIAN);
        b.put(ascii("LIST")).putInt(size).put(ascii("INFO"));
        if (software != null) putSubchunk(b, "ISFT", software);
        putSubchunk(b, "ICMT", text);
        return b.array();
    }

    private static void putSubchunk(ByteBuffer b, String id, byte[] value) {
        b.put(ascii(id)).putInt(value.length + 1).put(value).put((byte) 0);
        if ((value.length + 1) % 2 != 0) b.put((byte) 0);
    }

    private static int subchunkBytes(byte[] value) {
        int n = value.length + 1; // NUL-terminated
        return 8 + n + (n % 2);
    }

    private static byte[] ascii(String tag) {
        return tag.getBytes(StandardCharsets.US_ASCII);
    }
}
