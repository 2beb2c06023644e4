package mixer.dsp.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads the comment ({@code ICMT} of a {@code LIST/INFO} chunk) that {@link AudioWriter} puts before a WAV's samples:
 * how a mix or render was made. Written here because the decoders at hand (Java Sound, FFmpeg through JavaCV) read
 * samples, not a RIFF file's text chunks; only the chunks before the samples are looked at.
 */
public final class WavComment {

    /** A comment longer than this is not one mixer wrote. */
    private static final int MAX_BYTES = 1 << 20;

    private WavComment() {
    }

    /** The comment of {@code file}, or empty when it is not a RIFF/WAVE file or carries none before its samples. */
    public static Optional<String> read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            ByteBuffer riff = next(in, 12);
            if (riff == null || !tag(riff, 0).equals("RIFF") || !tag(riff, 8).equals("WAVE")) return Optional.empty();
            for (ByteBuffer head; (head = next(in, 8)) != null; ) {
                String id = tag(head, 0);
                long size = Integer.toUnsignedLong(head.getInt(4));
                if (id.equals("data")) return Optional.empty();
                if (id.equals("LIST") && size >= 4 && size <= MAX_BYTES) {
                    ByteBuffer list = next(in, (int) size + (int) (size & 1));
                    if (list == null) return Optional.empty();
                    if (tag(list, 0).equals("INFO")) return icmt(list, (int) size);
                } else {
                    try {
                        in.skipNBytes(size + (size & 1));
                    } catch (java.io.EOFException e) {
                        return Optional.empty(); // a chunk past the end: no comment to find
                    }
                }
            }
            return Optional.empty();
        }
    }

    private static Optional<String> icmt(ByteBuffer list, int size) {
        for (int at = 4; at + 8 <= size; ) {
            String id = tag(list, at);
            int n = list.getInt(at + 4);
            if (n < 0 || at + 8 + n > size) return Optional.empty();
            if (id.equals("ICMT")) {
                int length = n;
                while (length > 0 && list.get(at + 8 + length - 1) == 0) length--; // the NUL terminator
                byte[] text = new byte[length];
                list.get(at + 8, text);
                return Optional.of(new String(text, StandardCharsets.UTF_8));
            }
            at += 8 + n + (n & 1);
        }
        return Optional.empty();
    }

    /** The next {@code n} bytes, or null at the end of the file. */
    private static ByteBuffer next(InputStream in, int n) throws IOException {
        byte[] b = in.readNBytes(n);
        return b.length < n ? null : ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static String tag(ByteBuffer b, int at) {
        byte[] t = new byte[4];
        b.get(at, t);
        return new String(t, StandardCharsets.US_ASCII);
    }
}
