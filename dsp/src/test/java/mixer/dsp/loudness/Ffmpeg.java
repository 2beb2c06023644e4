package mixer.dsp.loudness;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mixer.dsp.Audio;
import mixer.dsp.io.AudioReader;
import mixer.dsp.io.AudioWriter;
import mixer.dsp.io.SampleFormat;
import org.bytedeco.javacpp.Loader;

/**
 * Test-only access to the ffmpeg command line: resampling, and FFmpeg's ebur128 filter as the loudness
 * reference.
 */
public final class Ffmpeg {

    /** FFmpeg's ebur128 result: I and LRA from the last frame's metadata (3 decimals), TP linear. */
    public record Ebur128(double integratedLufs, double loudnessRangeLu, double truePeakDbtp,
                          double summaryIntegratedLufs, double summaryLoudnessRangeLu,
                          double summaryTruePeakDbtp) {}

    private Ffmpeg() {}

    /**
     * ffmpeg on PATH, else the ffmpeg program that the FFmpeg presets jar ships (same libraries as
     * the reader's), if it can be extracted here.
     */
    public static Optional<Path> find() {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                Path candidate = Path.of(dir, "ffmpeg");
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) return Optional.of(candidate);
            }
        }
        try {
            return Optional.of(Path.of(Loader.load(org.bytedeco.ffmpeg.ffmpeg.class)));
        } catch (Throwable e) {
            return Optional.empty();
        }
    }

    /**
     * Skips the calling test (never passes it) when no ffmpeg program can be found, or when the one found
     * prints no ebur128 metadata (the program that JavaCV's presets jar ships may lack the filter or the
     * metadata printing): the check then says it was skipped instead of failing on a missing line.
     */
    public static void assumeAvailable() {
        assumeTrue(find().isPresent(), "ffmpeg is neither on PATH nor extractable from the FFmpeg presets jar: "
                + "SKIPPED the check against FFmpeg (install ffmpeg to run it)");
        assumeTrue(measuresLoudness(), "the ffmpeg found (" + find().get() + ") prints no ebur128 metadata: "
                + "SKIPPED the check against FFmpeg (install the ffmpeg package to run it)");
    }

    private static Boolean printsEbur128Metadata;

    /**
     * Whether an ffmpeg is found and its ebur128 filter prints per-frame metadata (tried once, on one second
     * of a sine). An ffmpeg that is found but fails on the call (exits non-zero, times out) throws, so a
     * broken ffmpeg fails the test instead of skipping the check against it.
     */
    public static synchronized boolean measuresLoudness() {
        if (printsEbur128Metadata == null) {
            if (find().isEmpty()) return printsEbur128Metadata = false;
            String log = run(List.of(ffmpegPath(), "-nostdin", "-nostats", "-hide_banner", "-f", "lavfi", "-i",
                    "sine=frequency=1000:duration=1", "-af",
                    "ebur128=peak=true:metadata=1,ametadata=mode=print:file=-", "-f", "null", "-"));
            printsEbur128Metadata = log.contains("lavfi.r128.I=");
        }
        return printsEbur128Metadata;
    }

    /** A test resource as a file path. */
    public static Path resource(String name) {
        try {
            var url = Ffmpeg.class.getResource("/" + name);
            if (url == null) throw new IllegalArgumentException("missing test resource " + name);
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads a file with the project's reader; with {@code rateHz} > 0, ffmpeg first resamples it to that
     * rate (a 32-bit float WAV in {@code tempDir}).
     */
    public static Audio decode(Path input, int rateHz, Path tempDir) {
        try {
            if (rateHz <= 0) return AudioReader.read(input).audio();
            Path wav = tempDir.resolve(input.getFileName() + "-" + rateHz + ".wav");
            run(List.of(ffmpegPath(), "-nostdin", "-v", "error", "-y", "-i", input.toString(), "-ac", "2",
                    "-ar", Integer.toString(rateHz), "-c:a", "pcm_f32le", "-f", "wav", wav.toString()));
            return AudioReader.read(wav).audio();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Converts a file to a mono 32-bit float WAV at its own rate with ffmpeg (the channels averaged). */
    public static Path monoWav(Path input, Path tempDir) {
        Path wav = tempDir.resolve(input.getFileName() + "-mono.wav");
        run(List.of(ffmpegPath(), "-nostdin", "-v", "error", "-y", "-i", input.toString(), "-ac", "1",
                "-c:a", "pcm_f32le", "-f", "wav", wav.toString()));
        return wav;
    }

    /** Writes a 32-bit float WAV for ffmpeg to measure. */
    public static void writeFloatWav(Audio audio, Path wav) {
        try {
            AudioWriter.write(audio, wav, SampleFormat.FLOAT_32);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs ffmpeg's ebur128 filter (peak=true) on a file. */
    public static Ebur128 ebur128(Path input) {
        String log = run(List.of(ffmpegPath(), "-nostdin", "-nostats", "-hide_banner", "-i", input.toString(),
                "-af", "ebur128=peak=true:metadata=1,ametadata=mode=print:file=-", "-f", "null", "-"));
        double i = lastNumber(log, "lavfi\\.r128\\.I=(\\S+)");
        double lra = lastNumber(log, "lavfi\\.r128\\.LRA=(\\S+)");
        // the aggregate true_peak key came after FFmpeg 5.0 (the one the FFmpeg presets jar ships): the channels' maximum
        double tp = 20 * Math.log10(log.contains("lavfi.r128.true_peak=") ? lastNumber(log, "lavfi\\.r128\\.true_peak=(\\S+)")
                : channelsTruePeak(log));
        String summary = log.substring(log.lastIndexOf("Summary:"));
        double si = lastNumber(summary, "I:\\s+(\\S+) LUFS");
        double slra = lastNumber(summary, "LRA:\\s+(\\S+) LU");
        double stp = lastNumber(summary, "True peak:\\s+Peak:\\s+(\\S+) dBFS");
        return new Ebur128(i, lra, tp, si, slra, stp);
    }

    /** The largest of the channels' last true peaks (linear), for an FFmpeg that prints only true_peaks_chN. */
    private static double channelsTruePeak(String log) {
        java.util.Map<String, Double> last = new java.util.HashMap<>();
        Matcher m = Pattern.compile("lavfi\\.r128\\.true_peaks_ch(\\d+)=(\\S+)").matcher(log);
        while (m.find()) last.put(m.group(1), Double.parseDouble(m.group(2)));
        if (last.isEmpty()) throw new AssertionError("no true peak in ffmpeg output:\n" + log);
        return java.util.Collections.max(last.values());
    }

    private static double lastNumber(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        String last = null;
        while (m.find()) last = m.group(1);
        if (last == null) throw new AssertionError("no match for " + regex + " in ffmpeg output:\n" + text);
        return Double.parseDouble(last.replace("inf", "Infinity"));
    }

    private static String ffmpegPath() {
        return find().orElseThrow(() -> new IllegalStateException("no ffmpeg program")).toString();
    }

    private static String run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("ffmpeg timed out: " + cmd);
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) throw new IllegalStateException("ffmpeg failed: " + cmd + "\n" + text);
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
