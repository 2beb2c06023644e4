package mixer.dsp.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Hand-made WAV files (any channel count, format tag, EXTENSIBLE or not) and header parsing for tests. */
final class WavBytes {

    static final int PCM = 1;
    static final int IEEE_FLOAT = 3;
    static final int EXTENSIBLE = 0xFFFE;

    private WavBytes() {
    }

    /** A WAV whose data chunk holds {@code data}; with {@code extensible}, the fmt chunk is WAVE_FORMAT_EXTENSIBLE. */
    static byte[] build(int formatTag, int channels, int rate, int bits, byte[] data, boolean extensible) {
        int blockAlign = channels * bits / 8;
        int fmtSize = extensible ? 40 : 16;
        ByteBuffer b = ByteBuffer.allocate(12 + 8 + fmtSize + 8 + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(ascii("RIFF")).putInt(b.capacity() - 8).put(ascii("WAVE"));
        b.put(ascii("fmt ")).putInt(fmtSize).putShort((short) (extensible ? EXTENSIBLE : formatTag))
                .putShort((short) channels).putInt(rate).putInt(rate * blockAlign)
                .putShort((short) blockAlign).putShort((short) bits);
        if (extensible) {
            b.putShort((short) 22).putShort((short) bits).putInt(channels == 1 ? 0x4 : channels == 2 ? 0x3 : 0x3F);
            // SubFormat GUID: the format tag, then 00000000-0010-8000-00AA00389B71
            b.putInt(formatTag).putShort((short) 0).putShort((short) 0x10)
                    .put(new byte[] {(byte) 0x80, 0, 0, (byte) 0xAA, 0, 0x38, (byte) 0x9B, 0x71});
        }
        b.put(ascii("data")).putInt(data.length).put(data);
        return b.array();
    }

    /** 24-bit little-endian bytes of the given integer samples (already interleaved). */
    static byte[] s24(int... samples) {
        byte[] out = new byte[samples.length * 3];
        for (int i = 0; i < samples.length; i++) {
            out[3 * i] = (byte) samples[i];
            out[3 * i + 1] = (byte) (samples[i] >> 8);
            out[3 * i + 2] = (byte) (samples[i] >> 16);
        }
        return out;
    }

    /** The parsed chunks of a WAV file written by anyone. */
    record Header(long riffSize, int formatTag, int subFormatTag, int channels, int rate, int byteRate,
                  int blockAlign, int bits, long dataOffset, long dataSize, long factFrames) {
    }

    static Header parse(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (!"RIFF".equals(tag(b, 0)) || !"WAVE".equals(tag(b, 8))) throw new IOException("not RIFF/WAVE");
        long riffSize = Integer.toUnsignedLong(b.getInt(4));
        int pos = 12;
        int formatTag = -1, sub = -1, channels = 0, rate = 0, byteRate = 0, align = 0, bits = 0;
        long dataOffset = -1, dataSize = -1, fact = -1;
        while (pos + 8 <= b.capacity()) {
            String id = tag(b, pos);
            long size = Integer.toUnsignedLong(b.getInt(pos + 4));
            int body = pos + 8;
            switch (id) {
                case "fmt " -> {
                    formatTag = b.getShort(body) & 0xFFFF;
                    channels = b.getShort(body + 2);
                    rate = b.getInt(body + 4);
                    byteRate = b.getInt(body + 8);
                    align = b.getShort(body + 12);
                    bits = b.getShort(body + 14);
                    if (formatTag == EXTENSIBLE) sub = b.getShort(body + 24) & 0xFFFF;
                }
                case "fact" -> fact = Integer.toUnsignedLong(b.getInt(body));
                case "data" -> {
                    dataOffset = body;
                    dataSize = size;
                }
                default -> { }
            }
            pos = (int) (body + size + (size & 1));
        }
        return new Header(riffSize, formatTag, sub, channels, rate, byteRate, align, bits, dataOffset, dataSize, fact);
    }

    /** The texts of a WAV's LIST/INFO chunk by their ids (ISFT, ICMT, ...), each less its terminating NUL. */
    static java.util.Map<String, String> info(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        java.util.Map<String, String> texts = new java.util.LinkedHashMap<>();
        for (int pos = 12; pos + 8 <= b.capacity(); ) {
            long size = Integer.toUnsignedLong(b.getInt(pos + 4));
            if (tag(b, pos).equals("LIST") && tag(b, pos + 8).equals("INFO")) {
                for (int at = pos + 12; at < pos + 8 + size; ) {
                    int n = b.getInt(at + 4);
                    byte[] text = new byte[n - 1];
                    b.get(at + 8, text);
                    texts.put(tag(b, at), new String(text, StandardCharsets.UTF_8));
                    at += 8 + n + (n & 1);
                }
            }
            pos = (int) (pos + 8 + size + (size & 1));
        }
        return texts;
    }

    private static String tag(ByteBuffer b, int at) {
        byte[] t = new byte[4];
        b.get(at, t);
        return new String(t, StandardCharsets.US_ASCII);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
