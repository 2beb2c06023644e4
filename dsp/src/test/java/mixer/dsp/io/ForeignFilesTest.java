package mixer.dsp.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import mixer.dsp.Audio;

/**
 * Files made by other tools (the sox and ffmpeg binaries) from a float WAV of ours: plain PCM, IEEE
 * float and WAVE_FORMAT_EXTENSIBLE WAVs of every depth, FLAC, libvorbis Ogg and LAME MP3. Skipped,
 * with the reason, where a binary is missing; the in-process fixtures of {@link CodecReadTest} do
 * not need them.
 *
 * <p>Measured here (FFmpeg 5.0 presets reading files from sox 14.4.2 and ffmpeg 5.1): WAVs within
 * one LSB (ffmpeg truncates to 24 bits, sox rounds; floats exact from ffmpeg, within 2^-25 from sox),
 * FLAC exact; libvorbis Ogg decodes 128 frames short, at the end (FFmpeg's Vorbis
 * decoder; the start is aligned; libvorbisfile gives the exact length); LAME MP3 with its Xing/LAME
 * tag exact; an MP3 without that tag keeps the 1105-frame encoder delay at the start and the padding
 * to a whole 1152-frame frame at the end.
 */
class ForeignFilesTest {

    @TempDir
    Path dir;

    static void assumeOnPath(String tool) {
        String path = System.getenv("PATH");
        boolean found = path != null && List.of(path.split(File.pathSeparator)).stream()
                .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, tool)));
        Assumptions.assumeTrue(found, tool + " is missing from PATH: fixtures made by the " + tool
                + " binary cannot be created, so this test is skipped (install it: apt-get install " + tool + ")");
    }

    static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + cmd);
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + " failed:\n" + text);
        return text;
    }

    private static String encoders;

    static synchronized void assumeFfmpegEncoder(String encoder) throws Exception {
        assumeOnPath("ffmpeg");
        if (encoders == null) encoders = run(List.of("ffmpeg", "-hide_banner", "-encoders"));
        String list = encoders;
        Assumptions.assumeTrue(list.contains(" " + encoder + " "),
                "this ffmpeg binary has no " + encoder + " encoder, so this test is skipped");
    }

    /** Our reference: a float WAV with a tone burst, different levels left and right. */
    private Path reference(int rate) throws Exception {
        Path file = dir.resolve("ref" + rate + ".wav");
        AudioWriter.write(Signals.toneBurst(rate, 0.5, 1000, 0.5, 0.1, 0.4, 0.5), file, SampleFormat.FLOAT_32);
        return file;
    }

    private static List<String> cmd(String tool, Path in, String args, Path out) {
        List<String> c = new ArrayList<>();
        c.add(tool);
        if (tool.equals("ffmpeg")) {
            c.addAll(List.of("-hide_banner", "-loglevel", "error", "-y", "-i", in.toString()));
        } else {
            c.add("-D"); // sox: no dither when reducing depth
            c.add(in.toString());
        }
        for (String a : args.trim().split(" +")) {
            if (!a.isEmpty()) c.add(a);
        }
        c.add(out.toString());
        return c;
    }

    @ParameterizedTest(name = "{0} {1} -> {3}")
    @CsvSource(delimiter = ';', value = {
            // tool; its arguments; rate; codec; bits; fmt tag (0xFFFE EXTENSIBLE); sub-format; mono
            "sox;    -b 16;                             48000; pcm_s16le; 16; 1;     -1; false",
            "sox;    -b 24;                             48000; pcm_s24le; 24; 65534;  1; false",
            "sox;    -t wavpcm -b 24;                   48000; pcm_s24le; 24; 1;     -1; false",
            "sox;    -e signed-integer -b 32;           48000; pcm_s32le; 32; 65534;  1; false",
            "sox;    -e floating-point -b 32;           48000; pcm_f32le; 32; 3;     -1; false",
            "sox;    -e unsigned-integer -b 8;          48000; pcm_u8;     8; 1;     -1; false",
            "sox;    -b 16 -c 1;                        22050; pcm_s16le; 16; 1;     -1; true",
            "ffmpeg; -c:a pcm_s16le;                    44100; pcm_s16le; 16; 1;     -1; false",
            "ffmpeg; -c:a pcm_s24le;                    96000; pcm_s24le; 24; 65534;  1; false",
            "ffmpeg; -c:a pcm_s32le;                    44100; pcm_s32le; 32; 65534;  1; false",
            "ffmpeg; -c:a pcm_f32le;                    96000; pcm_f32le; 32; 65534;  3; false",
            "ffmpeg; -c:a pcm_f64le;                    44100; pcm_f64le; 64; 65534;  3; false",
            "ffmpeg; -c:a pcm_u8;                       44100; pcm_u8;     8; 1;     -1; false",
            "ffmpeg; -af pan=mono|c0=c0 -c:a pcm_s24le; 48000; pcm_s24le; 24; 65534;  1; true",
    })
    void wavsFromOtherTools(String tool, String args, int rate, String codec, int bits, int formatTag,
                            int subFormat, boolean mono) throws Exception {
        assumeOnPath(tool);
        Path ref = reference(rate);
        Path out = dir.resolve("out.wav");
        List<String> c = cmd(tool, ref, args, out);
        if (tool.equals("sox") && mono) {
            c.remove("-c");
            c.remove("1");
            c.addAll(List.of("remix", "1")); // left only, so there is no mixing rule to guess
        }
        run(c);
        WavBytes.Header h = WavBytes.parse(out);
        assertEquals(formatTag, h.formatTag(), "the fixture's fmt tag");
        assertEquals(subFormat, h.subFormatTag(), "the fixture's EXTENSIBLE sub-format");

        AudioFile got = AudioReader.read(out);
        Audio expected = AudioReader.read(ref).audio();
        assertEquals("wav", got.container());
        assertEquals(codec, got.codec());
        assertEquals(bits, got.bitsPerSample());
        assertEquals(codec.startsWith("pcm_f"), got.floatingPoint());
        assertEquals(mono ? 1 : 2, got.sourceChannels());
        assertEquals(rate, got.sampleRateHz());
        assertEquals(expected.frames(), got.audio().frames());
        // one LSB: ffmpeg's pcm_s24le encoder truncates (drops the low byte of its s32 input);
        // float: ffmpeg copies floats exactly, sox's 32-bit integer pipeline moves them by up to 2^-25
        // (measured: exactly 2^-25)
        boolean isFloat = codec.startsWith("pcm_f");
        double tolerance = isFloat ? (tool.equals("ffmpeg") ? 0 : Math.scalb(1.0, -25)) : Math.scalb(1.0, 1 - bits);
        for (int ch = 0; ch < 2; ch++) {
            float[] want = expected.stereo()[mono ? 0 : ch];
            float[] have = got.audio().stereo()[ch];
            for (int i = 0; i < want.length; i++) {
                double err = Math.abs(want[i] - have[i]);
                if (err > tolerance) {
                    throw new AssertionError(String.format("%s channel %d frame %d: %.9f read as %.9f, beyond one LSB",
                            out, ch, i, want[i], have[i]));
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = ';', value = {
            "ffmpeg; -c:a flac;                          out.flac; flac",
            "ffmpeg; -c:a flac -sample_fmt s32;          out.flac; flac",
            "ffmpeg; -c:a libvorbis -q:a 5;              out.ogg;  libvorbis",
            "ffmpeg; -c:a libmp3lame -b:a 192k;          out.mp3;  libmp3lame",
            "sox;    -b 24;                              out.flac; ",
            "sox;    -C 5;                               out.ogg;  ",
    })
    void codecsFromOtherTools(String tool, String args, String name, String encoder) throws Exception {
        if (tool.equals("ffmpeg")) assumeFfmpegEncoder(encoder);
        else assumeOnPath(tool);
        Path ref = reference(44_100);
        Path out = dir.resolve(name);
        run(cmd(tool, ref, args, out));
        AudioFile got = AudioReader.read(out);
        Audio src = AudioReader.read(ref).audio();
        // measured: FFmpeg's decoder reads libvorbis Ogg (ffmpeg's and sox's) 128 frames short, the rest
        // exact; level LAME -0.26 dB, libvorbis +0.06 dB, FLAC 1e-7 dB
        int frames = src.frames() - (got.codec().equals("vorbis") ? 128 : 0);
        double levelDb = got.codec().equals("mp3") ? 0.4 : got.codec().equals("vorbis") ? 0.1 : 1e-4;
        CodecReadTest.assertToneMatches(src, got, frames, levelDb);
        if (!got.lossy()) {
            assertEquals(src.frames(), got.audio().frames(), "FLAC keeps the exact length");
        }
    }

    @Test
    void mp3WithoutAGaplessTagKeepsTheEncoderDelay() throws Exception {
        assumeFfmpegEncoder("libmp3lame");
        Path ref = reference(44_100);
        Path out = dir.resolve("raw.mp3");
        run(cmd("ffmpeg", ref, "-c:a libmp3lame -b:a 192k -write_xing 0", out));
        Audio src = AudioReader.read(ref).audio();
        Audio got = AudioReader.read(out).audio();
        int delay = Signals.onset(got.left(), 0.25) - Signals.onset(src.left(), 0.25);
        assertEquals(1105, delay, 5, "LAME's encoder + decoder delay stays at the start without the tag");
        assertTrue(got.frames() >= src.frames() + delay && got.frames() <= src.frames() + delay + 1152,
                got.frames() + " frames: the delay plus padding to a whole 1152-frame MP3 frame");
    }
}
