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
 * encoder delay and the end padding; FFmpeg's Vorbis encoder pads the stream to a whole number of
 * 64-frame blocks (+60 frames at 44.1 kHz, +30 at 22.05 kHz, none at 48 kHz), start aligned. Lossy
 * level error at most 0.45 dB for MP3 (-0.26 dB at 44.1 and 48 kHz, -0.45 dB at 22.05 kHz), 0.016 dB
 * for Vorbis.
 */
class CodecReadTest {

    static final double AMP = 0.5;
    static final double RIGHT_GAIN = 0.5;

    @TempDir
    Path dir;

    /** Frames the decode has, as measured: the source's, Vorbis padded to whole 64-frame blocks. */
    static int decodedFrames(String codec, int frames) {
        return codec.equals("vorbis") ? (frames + 63) / 64 * 64 : frames;
    }

    /** Level error allowed at 1 kHz: 1.5 to 2 times the measured worst (MP3 0.45 dB, Vorbis 0.016 dB). */
    static double levelToleranceDb(String codec) {
        return codec.equals("mp3") ? 0.7 : 0.03;
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
        assertToneMatches(src, back, decodedFrames(back.codec(), src.frames()), levelToleranceDb(back.codec()));
    }

    /** FFmpeg marks WavPack both lossless and lossy (its hybrid mode); a lossless float file must stay float, overs too. */
    @Test
    void floatWavPackIsLosslessAndKeepsItsOvers() throws Exception {
        Audio src = Signals.toneBurst(44_100, 0.5, 1000, 1.4, 0.1, 0.4, RIGHT_GAIN);
        Path file = dir.resolve("tone.wv");
        FfmpegEncoder.encode(src, 2, Codec.WAVPACK_FLOAT, file);

        AudioFile back = AudioReader.read(file);
        assertEquals("wavpack", back.codec());
        assertFalse(back.lossy());
        assertTrue(back.floatingPoint());
        assertEquals(SampleFormat.FLOAT_32, back.preferredWriteFormat());
        assertArrayEquals(src.left(), back.audio().left(), "lossless float: the samples, 1.4 peaks included");
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
        if (codec == Codec.FLAC_16) {
            // lossless: both channels are the mono source quantised to 16 bits, exactly
            assertArrayEquals(quantised(src.left(), 16), back.audio().left(), "FLAC must return the quantised input exactly");
            assertArrayEquals(quantised(src.left(), 16), back.audio().right());
        } else {
            assertToneMatches(new Audio(new float[][] {src.left(), src.left()}, 44_100), back,
                    decodedFrames(back.codec(), src.frames()), levelToleranceDb(back.codec()));
        }
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
     * The decoded tone has exactly {@code expectedFrames} frames, starts at the
     * same frame within 1 ms (encoder delay removed), holds 1 kHz within 1 Hz with 99 % of its energy
     * there, at the source level within {@code levelDb}, left and right kept apart.
     */
    static void assertToneMatches(Audio src, AudioFile back, int expectedFrames, double levelDb) {
        Audio got = back.audio();
        int rate = src.sampleRateHz();
        assertEquals(rate, got.sampleRateHz(), "sample rate kept, no resampling");
        assertEquals(expectedFrames, got.frames(), String.format(
                "%s: %d frames decoded for %d encoded", back.path(), got.frames(), src.frames()));
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
