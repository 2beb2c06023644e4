package mixer.dsp.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import mixer.dsp.Audio;

/** Our own WAVs, written and read back: exactness, clipping, header layout, rates, mono. */
class WavRoundTripTest {

    private static final float LSB16 = 1f / (1 << 15);
    private static final float LSB24 = 1f / (1 << 23);

    @TempDir
    Path dir;

    /** Left: every kind of 24-bit integer n as n / 2^23 (extremes included); right: arbitrary floats within ±1. */
    private static Audio grid(int bits, int frames, int rate, long seed) {
        Random rnd = new Random(seed);
        int full = 1 << (bits - 1);
        float[] l = new float[frames];
        float[] r = new float[frames];
        for (int i = 0; i < frames; i++) {
            int n = i == 0 ? -full : i == 1 ? full - 1 : i == 2 ? 0 : rnd.nextInt(2 * full) - full;
            l[i] = n / (float) full;
            r[i] = (float) (0.9 * Math.sin(2 * Math.PI * 997 * i / rate) + 0.09 * (rnd.nextDouble() * 2 - 1));
        }
        return new Audio(new float[][] {l, r}, rate);
    }

    @Test
    void pcm24RoundTripIsExactForIntegersAndWithinHalfAnLsbForFloats() throws Exception {
        Audio in = grid(24, 10_000, 48_000, 1);
        Path file = dir.resolve("a.wav");
        AudioWriter.write(in, file, SampleFormat.PCM_24);
        AudioFile back = AudioReader.read(file);

        assertArrayEquals(in.left(), back.audio().left(), "24-bit integers n / 2^23 must come back bit-exact");
        for (int i = 0; i < in.frames(); i++) {
            assertTrue(Math.abs(in.right()[i] - back.audio().right()[i]) <= LSB24 / 2 * 1.0001,
                    "frame " + i + ": rounding error beyond half an LSB");
        }
        assertEquals("wav", back.container());
        assertEquals("pcm_s24le", back.codec());
        assertEquals(24, back.bitsPerSample());
        assertFalse(back.floatingPoint());
        assertEquals(2, back.sourceChannels());
        assertEquals(48_000, back.sampleRateHz());
        assertEquals(SampleFormat.PCM_24, back.preferredWriteFormat());
    }

    @Test
    void pcm16RoundTripIsExactForIntegersAndWithinHalfAnLsbForFloats() throws Exception {
        Audio in = grid(16, 10_000, 44_100, 2);
        Path file = dir.resolve("a16.wav");
        AudioWriter.write(in, file, SampleFormat.PCM_16);
        AudioFile back = AudioReader.read(file);

        assertArrayEquals(in.left(), back.audio().left());
        for (int i = 0; i < in.frames(); i++) {
            assertTrue(Math.abs(in.right()[i] - back.audio().right()[i]) <= LSB16 / 2 * 1.0001, "frame " + i);
        }
        assertEquals("pcm_s16le", back.codec());
        assertEquals(16, back.bitsPerSample());
        assertEquals(SampleFormat.PCM_16, back.preferredWriteFormat(), "a 16-bit source keeps its depth");
    }

    @Test
    void float32RoundTripIsBitExactEvenBeyondFullScale() throws Exception {
        Random rnd = new Random(3);
        float[] l = new float[5000];
        float[] r = new float[5000];
        for (int i = 0; i < l.length; i++) {
            l[i] = (float) rnd.nextGaussian() * 2;  // peaks well above 0 dBFS: float keeps them
            r[i] = Float.intBitsToFloat(rnd.nextInt(0x3F80_0000)); // every positive float below 1, denormals included
        }
        l[0] = 1e-30f;
        l[1] = -0f;
        Audio in = new Audio(new float[][] {l, r}, 96_000);
        Path file = dir.resolve("f.wav");
        AudioWriter.write(in, file, SampleFormat.FLOAT_32);
        AudioFile back = AudioReader.read(file);

        assertArrayEquals(l, back.audio().left());
        assertArrayEquals(r, back.audio().right());
        assertEquals("pcm_f32le", back.codec());
        assertEquals(32, back.bitsPerSample());
        assertTrue(back.floatingPoint());
        assertEquals(SampleFormat.FLOAT_32, back.preferredWriteFormat());
    }

    @Test
    void integerFormatsRoundToNearestAndClipWithoutDither() throws Exception {
        float justBelowHalf = Math.nextDown(0.5f) * LSB24; // a naive (int) (x + 0.5f) rounds this up
        float[] l = {0.4f * LSB24, 0.6f * LSB24, -0.6f * LSB24, 1.0f, -1.0f, 2.5f, -7f, Float.NaN, 0.25f, -0.25f,
                justBelowHalf, -justBelowHalf, 1.5f * LSB24, -1.5f * LSB24};
        Audio in = new Audio(new float[][] {l, l.clone()}, 44_100);
        Path f24 = dir.resolve("clip24.wav");
        AudioWriter.write(in, f24, SampleFormat.PCM_24);
        int[] expected24 = {0, 1, -1, 8_388_607, -8_388_608, 8_388_607, -8_388_608, 0, 2_097_152, -2_097_152,
                0, 0, 2, -2};
        assertArrayEquals(expected24, samples24(f24, 0));
        assertArrayEquals(expected24, samples24(f24, 1));

        float[] m = {0.4f * LSB16, 0.6f * LSB16, -0.6f * LSB16, 1.0f, -1.0f, 2.5f, -7f, Float.NaN};
        Path f16 = dir.resolve("clip16.wav");
        AudioWriter.write(new Audio(new float[][] {m, m.clone()}, 44_100), f16, SampleFormat.PCM_16);
        ByteBuffer data = data(f16);
        short[] got = new short[m.length];
        for (int i = 0; i < m.length; i++) got[i] = data.getShort(4 * i);
        assertArrayEquals(new short[] {0, 1, -1, 32_767, -32_768, 32_767, -32_768, 0}, got);
    }

    @ParameterizedTest
    @EnumSource(SampleFormat.class)
    void riffChunkSizesAreConsistent(SampleFormat format) throws Exception {
        int frames = 1001; // odd, to catch an unpadded or miscounted data chunk
        Path file = dir.resolve(format + ".wav");
        AudioWriter.write(grid(16, frames, 44_100, 4), file, format);
        WavBytes.Header h = WavBytes.parse(file);
        long size = Files.size(file);
        int blockAlign = 2 * format.bytesPerSample();

        assertEquals(size - 8, h.riffSize(), "RIFF size = file size - 8");
        assertEquals(format.floatingPoint() ? WavBytes.IEEE_FLOAT : WavBytes.PCM, h.formatTag());
        assertEquals(2, h.channels());
        assertEquals(44_100, h.rate());
        assertEquals(format.bitsPerSample(), h.bits());
        assertEquals(blockAlign, h.blockAlign());
        assertEquals(44_100 * blockAlign, h.byteRate());
        assertEquals((long) frames * blockAlign, h.dataSize());
        assertEquals(size, h.dataOffset() + h.dataSize(), "the data chunk ends the file");
        assertEquals(format.floatingPoint() ? frames : -1, h.factFrames(), "float WAVs carry a fact chunk");
    }

    /**
     * A comment rides in a LIST/INFO chunk before the samples (texts of odd and even length, and not only ASCII): the
     * chunk sizes stay consistent, the samples read back as without it, and the text is there to the byte.
     */
    @ParameterizedTest
    @EnumSource(SampleFormat.class)
    void aCommentGoesInAnInfoChunkAndTheSamplesReadAsWithout(SampleFormat format) throws Exception {
        Audio audio = grid(16, 1001, 44_100, 5);
        Path plain = dir.resolve("plain.wav");
        AudioWriter.write(audio, plain, format);
        for (String comment : new String[] {"{\"odd\": 1}", "{\"even\": 12}", "mixé toward «ref».wav"}) {
            Path file = dir.resolve("commented.wav");
            try (AudioWriter.Output out = AudioWriter.open(file, format, 44_100, audio.frames(), comment)) {
                out.write(audio.stereo(), 0, audio.frames());
                out.commit();
            }
            WavBytes.Header h = WavBytes.parse(file);
            assertEquals(Files.size(file) - 8, h.riffSize(), comment);
            assertEquals(Files.size(file), h.dataOffset() + h.dataSize(), "the data chunk ends the file");
            java.util.Map<String, String> info = WavBytes.info(file);
            assertEquals(comment, info.get("ICMT"));
            assertEquals(java.util.Optional.of(comment), WavComment.read(file));
            assertEquals(java.util.Optional.empty(), WavComment.read(plain));
            assertTrue(info.get("ISFT").startsWith("mixer "), info.toString());
            AudioFile back = AudioReader.read(file), without = AudioReader.read(plain);
            assertEquals(without.audio().frames(), back.audio().frames());
            for (int ch = 0; ch < 2; ch++) assertArrayEquals(without.audio().stereo()[ch], back.audio().stereo()[ch], comment);
        }
    }

    @ParameterizedTest(name = "{0} Hz {1}")
    @CsvSource({"44100,PCM_24", "48000,PCM_24", "22050,PCM_16", "96000,FLOAT_32", "8000,PCM_16", "192000,FLOAT_32"})
    void sampleRateIsKeptAsIs(int rate, SampleFormat format) throws Exception {
        Path file = dir.resolve(rate + ".wav");
        AudioWriter.write(Signals.toneBurst(rate, 0.05, 1000, 0.5, 0, 0.05, 1), file, format);
        AudioFile back = AudioReader.read(file);
        assertEquals(rate, back.sampleRateHz());
        assertEquals(Math.round(0.05 * rate), back.audio().frames());
    }

    @Test
    void monoIsDuplicatedIntoTwoIndependentChannels() throws Exception {
        int[] samples = {0, 1, -1, 8_388_607, -8_388_608, 4_194_304};
        Path file = dir.resolve("mono.wav");
        Files.write(file, WavBytes.build(WavBytes.PCM, 1, 22_050, 24, WavBytes.s24(samples), false));
        AudioFile back = AudioReader.read(file);

        assertEquals(1, back.sourceChannels());
        assertTrue(back.mono());
        assertEquals(22_050, back.sampleRateHz());
        float[] expected = new float[samples.length];
        for (int i = 0; i < samples.length; i++) expected[i] = samples[i] * LSB24;
        assertArrayEquals(expected, back.audio().left());
        assertArrayEquals(expected, back.audio().right());
        assertNotSame(back.audio().left(), back.audio().right(), "processing one channel in place must not touch the other");
    }

    @Test
    void extensibleWavIsReadLikeAPlainOne() throws Exception {
        int[] samples = {1, -2, 3, -4, 8_388_607, -8_388_608};
        Path plain = dir.resolve("plain.wav");
        Path ext = dir.resolve("ext.wav");
        Files.write(plain, WavBytes.build(WavBytes.PCM, 2, 48_000, 24, WavBytes.s24(samples), false));
        Files.write(ext, WavBytes.build(WavBytes.PCM, 2, 48_000, 24, WavBytes.s24(samples), true));
        assertEquals(WavBytes.EXTENSIBLE, WavBytes.parse(ext).formatTag());
        AudioFile a = AudioReader.read(plain);
        AudioFile b = AudioReader.read(ext);
        assertArrayEquals(a.audio().left(), b.audio().left());
        assertArrayEquals(a.audio().right(), b.audio().right());
        assertArrayEquals(new float[] {1 * LSB24, 3 * LSB24, 1 - LSB24}, b.audio().left());
        assertArrayEquals(new float[] {-2 * LSB24, -4 * LSB24, -1}, b.audio().right());
        assertEquals(24, b.bitsPerSample());
    }

    @Test
    void anExistingFileIsReplaced() throws Exception {
        Path file = dir.resolve("again.wav");
        AudioWriter.write(Audio.silence(100, 44_100), file, SampleFormat.PCM_16);
        AudioWriter.write(grid(24, 300, 48_000, 5), file, SampleFormat.PCM_24);
        AudioFile back = AudioReader.read(file);
        assertEquals(300, back.audio().frames());
        assertEquals(48_000, back.sampleRateHz());
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary files are left beside the target");
        }
    }

    @Test
    void upperCaseExtensionIsAccepted() throws Exception {
        Path file = dir.resolve("LOUD.WAV");
        AudioWriter.write(Audio.silence(10, 44_100), file, SampleFormat.PCM_16);
        assertEquals(10, AudioReader.read(file).audio().frames());
    }

    private static ByteBuffer data(Path file) throws Exception {
        WavBytes.Header h = WavBytes.parse(file);
        byte[] all = Files.readAllBytes(file);
        return ByteBuffer.wrap(all, (int) h.dataOffset(), (int) h.dataSize()).slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    private static int[] samples24(Path file, int channel) throws Exception {
        ByteBuffer d = data(file);
        int frames = d.remaining() / 6;
        int[] out = new int[frames];
        for (int i = 0; i < frames; i++) {
            int p = 6 * i + 3 * channel;
            out[i] = (d.get(p) & 0xFF) | (d.get(p + 1) & 0xFF) << 8 | d.get(p + 2) << 16;
        }
        return out;
    }

    /** Past WAV's 4 GiB the writer stops at once, says so, and names a narrower format that fits where one does. */
    @Test
    void audioPastFourGibibytesIsRefusedAtOnceNamingAFormatThatFits() {
        Path target = dir.resolve("long.wav");
        long minutes48 = 48L * 60 * 192_000; // 48 minutes at 192 kHz: 4.4 GB as float, 3.3 GB as 24-bit
        AudioFileException e = org.junit.jupiter.api.Assertions.assertThrows(AudioFileException.class,
                () -> AudioWriter.open(target, SampleFormat.FLOAT_32, 192_000, minutes48));
        assertTrue(e.getMessage().contains("exceed the 4 GiB limit of a WAV file; as PCM_24 it fits (mixer's --format pcm24)"), e.getMessage());
        long hours10 = 10L * 3600 * 192_000;
        e = org.junit.jupiter.api.Assertions.assertThrows(AudioFileException.class,
                () -> AudioWriter.open(target, SampleFormat.PCM_16, 192_000, hours10));
        assertTrue(e.getMessage().contains("exceed the 4 GiB limit of a WAV file; cut it in parts"), e.getMessage());
        assertFalse(Files.exists(target));
    }
}
