package mixer.cli;

import mixer.dsp.io.AudioFile;
import mixer.dsp.io.AudioReader;
import mixer.dsp.loudness.Loudness;
import mixer.dsp.loudness.LoudnessMeter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "loudness", mixinStandardHelpOptions = true,
        description = "Measures EBU R128 / ITU-R BS.1770-4 loudness: integrated LUFS, loudness range (LU), "
                + "true peak (dBTP, 4x oversampled) and sample peak. Files that cannot be read are reported and skipped.")
final class LoudnessCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Audio files (WAV, FLAC, OGG, MP3).")
    List<Path> files;

    @Override
    public Integer call() {
        Table t = new Table("file", "duration_s", "rate_hz", "integrated_lufs", "lra_lu", "true_peak_dbtp", "sample_peak_dbfs");
        int failed = 0;
        for (Path f : files) {
            try {
                AudioFile in = AudioReader.read(f);
                Loudness l = LoudnessMeter.measure(in.audio());
                t.row(f.toString(), String.format("%.2f", in.audio().durationSeconds()),
                        String.valueOf(in.audio().sampleRateHz()), fmt(l.integratedLufs()), fmt(l.loudnessRangeLu()),
                        fmt(l.truePeakDbtp()), fmt(l.samplePeakDbfs()));
            } catch (Exception e) {
                failed++;
                System.err.println("mixer loudness: " + e.getMessage());
            }
        }
        System.out.print(t);
        return failed == 0 ? 0 : 1;
    }

    private static String fmt(double v) {
        return Double.isFinite(v) ? String.format("%.1f", v) : Double.isNaN(v) ? "n/a" : v > 0 ? "inf" : "-inf";
    }
}
