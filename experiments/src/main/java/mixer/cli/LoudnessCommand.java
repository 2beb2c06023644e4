package mixer.cli;

import mixer.dsp.io.AudioInput;
import mixer.dsp.io.AudioReader;
import mixer.dsp.loudness.Loudness;
import mixer.dsp.loudness.LoudnessMeter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "loudness", mixinStandardHelpOptions = true,
        description = {"Measures EBU R128 / ITU-R BS.1770-4 loudness: integrated LUFS, loudness range (LU), "
                + "true peak (dBTP, 4x oversampled below 96 kHz, 2x to 192 kHz) and sample peak. Files that cannot be read are reported and skipped.",
                "Folders are searched recursively for audio. A mono file is measured as one channel (as BS.1770 and "
                        + "FFmpeg do). Any length in bounded memory."})
final class LoudnessCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Audio files (WAV, FLAC, OGG, MP3) or folders of them.")
    List<Path> paths;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path p : paths) {
            if (!Files.isDirectory(p)) {
                files.add(p);
                continue;
            }
            List<Path> found = AudioReader.findIn(p);
            if (found.isEmpty()) {
                throw new IOException(p + ": no audio files in this folder (looked for "
                        + AudioReader.EXTENSIONS.stream().sorted().toList() + ")");
            }
            files.addAll(found);
        }
        Table t = new Table("file", "duration_s", "rate_hz", "channels", "integrated_lufs", "lra_lu", "true_peak_dbtp", "sample_peak_dbfs");
        int failed = 0;
        for (Path f : files) {
            try (AudioInput in = AudioReader.open(f)) {
                Loudness l = LoudnessMeter.measure(in, in.sourceChannels());
                t.row(f.toString(), String.format(Locale.ROOT, "%.2f", in.framesRead() / (double) in.sampleRateHz()),
                        String.valueOf(in.sampleRateHz()), String.valueOf(in.sourceChannels()), fmt(l.integratedLufs()),
                        fmt(l.loudnessRangeLu()), fmt(l.truePeakDbtp()), fmt(l.samplePeakDbfs()));
            } catch (IOException | RuntimeException e) {
                failed++;
                spec.commandLine().getErr().println(spec.qualifiedName() + ": " + e.getMessage());
            }
        }
        if (failed < files.size()) spec.commandLine().getOut().print(t); // no header over nothing
        spec.commandLine().getOut().flush();
        return failed == 0 ? 0 : 1;
    }

    private static String fmt(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.1f", v) : Double.isNaN(v) ? "n/a" : v > 0 ? "inf" : "-inf";
    }
}
