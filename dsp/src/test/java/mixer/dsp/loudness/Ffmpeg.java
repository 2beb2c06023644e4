package mixer.dsp.loudness;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mixer.dsp.Audio;

/**
 * Test-only access to the ffmpeg command line: decoding to 32-bit float WAV (read by a tiny reader
 * here, until the project's own audio reader is wired in), writing float WAV, and FFmpeg's ebur128
 * filter as the loudness reference.
 */
public final class Ffmpeg {

    /** FFmpeg's ebur128 result: I and LRA from the last frame's metadata (3 decimals), TP linear. */
    public record Ebur128(double integratedLufs, double loudnessRangeLu, double truePeakDbtp,
                          double summaryIntegratedLufs, double summaryLoudnessRangeLu,
                          double summaryTruePeakDbtp) {}

    private Ffmpeg() {}

    /** ffmpeg on PATH, if any. */
    public static Optional<Path> find() {
        String path = System.getenv("PATH");
        if (path == null) return Optional.empty();
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "ffmpeg");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) return Optional.of(candidate);
        }
        return Optional.empty();
    }

    /** Skips the calling test (never passes it) when ffmpeg is not on PATH. */
    public static void assumeAvailable() {
        assumeTrue(find().isPresent(),
                "ffmpeg not found on PATH: SKIPPED the check against FFmpeg (install ffmpeg to run it)");
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

    /** Decodes any file ffmpeg reads to stereo float, at {@code rateHz} (0: the file's own rate). */
    public static Audio decode(Path input, int rateHz, Path tempDir) {
        Path wav = tempDir.resolve(input.getFileName() + "-" + rateHz + ".wav");
        List<String> cmd = new ArrayList<>(List.of(ffmpegPath(), "-nostdin", "-v", "error", "-y",
                "-i", input.toString(), "-ac", "2"));
        if (rateHz > 0) cmd.addAll(List.of("-ar", Integer.toString(rateHz)));
        cmd.addAll(List.of("-c:a", "pcm_f32le", "-f", "wav", wav.toString()));
        run(cmd);
        return readFloatWav(wav);
    }

    /** Runs ffmpeg's ebur128 filter (peak=true) on a file. */
    public static Ebur128 ebur128(Path input) {
        String log = run(List.of(ffmpegPath(), "-nostdin", "-nostats", "-hide_banner", "-i", input.toString(),
                "-af", "ebur128=peak=true:metadata=1,ametadata=mode=print:file=-", "-f", "null", "-"));
        double i = lastNumber(log, "lavfi\\.r128\\.I=(\\S+)");
        double lra = lastNumber(log, "lavfi\\.r128\\.LRA=(\\S+)");
        double tp = 20 * Math.log10(lastNumber(log, "lavfi\\.r128\\.true_peak=(\\S+)"));
        String summary = log.substring(log.lastIndexOf("Summary:"));
        double si = lastNumber(summary, "I:\\s+(\\S+) LUFS");
        double slra = lastNumber(summary, "LRA:\\s+(\\S+) LU");
        double stp = lastNumber(summary, "True peak:\\s+Peak:\\s+(\\S+) dBFS");
        return new Ebur128(i, lra, tp, si, slra, stp);
    }

    private static double lastNumber(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        String last = null;
        while (m.find()) last = m.group(1);
        if (last == null) throw new AssertionError("no match for " + regex + " in ffmpeg output:\n" + text);
        return Double.parseDouble(last.replace("inf", "Infinity"));
    }

    private static String ffmpegPath() {
        return find().orElseThrow(() -> new IllegalStateException("ffmpeg not on PATH")).toString();
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

    /** Reads a RIFF/WAVE file of 32-bit IEEE float samples, mono or stereo. */
    public static Audio readFloatWav(Path wav) {
        try {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(wav)).order(ByteOrder.LITTLE_ENDIAN);
            if (b.getInt(0) != 0x46464952 || b.getInt(8) != 0x45564157) throw new IOException("not RIFF/WAVE: " + wav);
            int pos = 12;
            int channels = 0, rate = 0, bits = 0, format = 0;
            while (pos + 8 <= b.limit()) {
                int id = b.getInt(pos);
                int size = b.getInt(pos + 4);
                int body = pos + 8;
                if (id == 0x20746d66) { // "fmt "
                    format = b.getShort(body) & 0xffff;
                    channels = b.getShort(body + 2);
                    rate = b.getInt(body + 4);
                    bits = b.getShort(body + 14);
                    if (format == 0xfffe) format = b.getShort(body + 24) & 0xffff; // extensible sub-format
                } else if (id == 0x61746164) { // "data"
                    if (format != 3 || bits != 32 || channels < 1 || channels > 2) {
                        throw new IOException("expected 32-bit float mono/stereo WAV: " + wav);
                    }
                    int frames = Math.min(size, b.limit() - body) / (4 * channels);
                    float[][] stereo = new float[2][frames];
                    for (int f = 0; f < frames; f++) {
                        for (int ch = 0; ch < 2; ch++) {
                            stereo[ch][f] = b.getFloat(body + 4 * (f * channels + Math.min(ch, channels - 1)));
                        }
                    }
                    return new Audio(stereo, rate);
                }
                pos = body + size + (size & 1);
            }
            throw new IOException("no data chunk: " + wav);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes stereo 32-bit IEEE float WAV. */
    public static void writeFloatWav(Audio audio, Path wav) {
        int frames = audio.frames();
        int dataBytes = frames * 8;
        ByteBuffer b = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x46464952).putInt(36 + dataBytes).putInt(0x45564157);
        b.putInt(0x20746d66).putInt(16).putShort((short) 3).putShort((short) 2)
                .putInt(audio.sampleRateHz()).putInt(audio.sampleRateHz() * 8).putShort((short) 8).putShort((short) 32);
        b.putInt(0x61746164).putInt(dataBytes);
        for (int f = 0; f < frames; f++) {
            b.putFloat(audio.left()[f]).putFloat(audio.right()[f]);
        }
        try {
            Files.write(wav, b.array());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
