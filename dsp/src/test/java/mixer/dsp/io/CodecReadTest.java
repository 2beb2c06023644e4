package mixer.dsp.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import mixer.dsp.Audio;
import mixer.dsp.io.FfmpegEncoder.Codec;

/**
 * FLAC, MP3 and Ogg Vorbis, encoded in-process through the FFmpeg presets (no binary needed) and
 * read back. The signal is a 1 kHz tone burst (0.2 s to 0.8 s of 1 s, amplitude 0.5 left, 0.25 right).
 *
 * <p>Measured with these fixtures: FLAC decodes to the exact length and samples; MP3 (libmp3lame with
 * the muxer's LAME/Xing tag) to the exact length, start aligned, as FFmpeg trims the 1105-frame
 * encoder delay and the end padding; FFmpeg's Vorbis encoder pads the stream to its 64-frame
 * blocks (+60 frames at 44.1 kHz), start aligned. Lossy level error at most 0.45 dB (MP3, 22.05 kHz).
 */
class CodecReadTest {

    static final double AMP = 0.5;
    static final double RIGHT_GAIN = 0.5;

    @TempDir
    Path dir;

    /** Frames a lossy decode may differ from the source: one MP3 frame, or one long Vorbis block at most. */
    static int lengthTolerance(String codec) {
        return codec.equals("mp3") ? 1152 : codec.equals("vorbis") ? 256 : 0;
    }

    @ParameterizedTest(name = "{0} at {1} Hz")
    @CsvSource({"MP3_192K,44100", "MP3_192K,48000", "MP3_192K,22050",
            "VORBIS,44100", "VORBIS,48000", "VORBIS,22050"})
    void lossyCodecsDecodeTheRightLengthFrequencyAndLevel(Codec codec, int rate) throws Exception {
        Audio src = Signals.toneBurst(rate, 1.0, 1000, AMP, 0.2, 0.8, RIGHT_GAIN);
        Path file = dir.resolve("tone." + (codec == Codec.VORBIS ? "ogg" : "mp3"));
        FfmpegEncoder.encode(src, 2, codec, file);

        AudioFile back = AudioReader.read(file);
        assertEquals(codec == Codec.VORBIS ? "ogg" : "mp3", back.container());
        assertEquals(codec == Codec.VORBIS ? "vorbis" : "mp3", back.codec());
        assertEquals(0, back.bitsPerSample(), "lossy sources report 0 bits");
        assertTrue(back.lossy());
        assertFalse(back.floatingPoint());
        assertEquals(SampleFormat.PCM_24, back.preferredWriteFormat());
        assertToneMatches(src, back, lengthTolerance(back.codec()), 1.0);
    }

    @ParameterizedTest(name = "{0} at {1} Hz")
    @CsvSource({"FLAC_16,44100,16", "FLAC_24,48000,24", "FLAC_24,96000,24", "FLAC_16,22050,16"})
    void flacIsLossless(Codec codec, int rate, int bits) throws Exception {
        Audio src = Signals.toneBurst(rate, 0.5, 1000, AMP, 0.1, 0.4, RIGHT_GAIN);
        Path file = dir.resolve("tone.flac");
        FfmpegEncoder.encode(src, 2, codec, file);

        AudioFile back = AudioReader.read(file);
        assertEquals("flac", back.container());
        assertEquals("flac", back.codec());
        assertEquals(bits, back.bitsPerSample());
        assertFalse(back.lossy());
        assertEquals(rate, back.sampleRateHz());
        assertEquals(bits == 16 ? SampleFormat.PCM_16 : SampleFormat.PCM_24, back.preferredWriteFormat());
        assertArrayEquals(quantised(src.left(), bits), back.audio().left(), "FLAC must return the quantised input exactly");
        assertArrayEquals(quantised(src.right(), bits), back.audio().right());
    }

    @ParameterizedTest
    @CsvSource({"FLAC_16,flac", "MP3_192K,mp3"}) // FFmpeg's own Vorbis encoder is stereo only
    void monoCodecStreamsAreDuplicated(Codec codec, String ext) throws Exception {
        Audio src = Signals.toneBurst(44_100, 0.5, 1000, AMP, 0.1, 0.4, 1.0);
        Path file = dir.resolve("mono." + ext);
        FfmpegEncoder.encode(src, 1, codec, file);
        AudioFile back = AudioReader.read(file);
        assertEquals(1, back.sourceChannels());
        assertArrayEquals(back.audio().left(), back.audio().right());
        assertNotSame(back.audio().left(), back.audio().right());
        assertToneMatches(new Audio(new float[][] {src.left(), src.left()}, 44_100), back,
                lengthTolerance(back.codec()), codec == Codec.FLAC_24 ? 1e-6 : 1.0);
    }

    @Test
    void repeatedReadsGiveIdenticalAudio() throws Exception {
        Audio src = Signals.toneBurst(44_100, 0.3, 1000, AMP, 0.05, 0.25, RIGHT_GAIN);
        Path file = dir.resolve("again.mp3");
        FfmpegEncoder.encode(src, 2, Codec.MP3_192K, file);
        Audio a = AudioReader.read(file).audio();
        Audio b = AudioReader.read(file).audio();
        assertArrayEquals(a.left(), b.left());
        assertArrayEquals(a.right(), b.right());
    }

    /**
     * The decoded tone has the source's length within {@code lengthTolerance} frames, starts at the
     * same frame within 1 ms (encoder delay removed), holds 1 kHz within 1 Hz with 99 % of its energy
     * there, at the source level within {@code levelDb}, left and right kept apart.
     */
    static void assertToneMatches(Audio src, AudioFile back, int lengthTolerance, double levelDb) {
        Audio got = back.audio();
        int rate = src.sampleRateHz();
        assertEquals(rate, got.sampleRateHz(), "sample rate kept, no resampling");
        assertTrue(Math.abs(got.frames() - src.frames()) <= lengthTolerance, String.format(
                "%s: %d frames decoded for %d encoded (tolerance %d)", back.path(), got.frames(), src.frames(), lengthTolerance));
        int srcOnset = Signals.onset(src.left(), 0.5 * src.samplePeak());
        int gotOnset = Signals.onset(got.left(), 0.5 * src.samplePeak());
        assertTrue(Math.abs(gotOnset - srcOnset) <= rate / 1000, String.format(
                "%s: the tone starts at frame %d, not %d: encoder delay not removed", back.path(), gotOnset, srcOnset));

        // a window in the tone's steady part, a whole number of 1 kHz cycles long
        int from = srcOnset + rate / 20;
        int n = rate / 10 * 2;
        for (int ch = 0; ch < 2; ch++) {
            float[] x = got.stereo()[ch];
            double expected = Signals.amplitudeAt(src.stereo()[ch], from, n, 1000, rate);
            double amp = Signals.amplitudeAt(x, from, n, 1000, rate);
            double rms = Signals.rms(x, from, n);
            String which = back.path() + (ch == 0 ? " left" : " right");
            assertEquals(1000, Signals.zeroCrossingFrequency(x, from, n, rate), 1.0, which + ": frequency");
            assertEquals(0, Signals.db(amp / expected), levelDb, which + ": level in dB");
            assertTrue(amp * amp / 2 >= 0.99 * rms * rms, which + ": under 99 % of the energy at 1 kHz");
        }
    }

    private static float[] quantised(float[] x, int bits) {
        float full = 1 << (bits - 1);
        float[] q = new float[x.length];
        for (int i = 0; i < x.length; i++) q[i] = Math.max(-full, Math.min(full - 1, Math.round(x[i] * full))) / full;
        return q;
    }
}
