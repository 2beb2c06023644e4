package mixer.cli;

import mixer.dsp.io.AudioInput;
import mixer.dsp.io.SampleFormat;
import mixer.dsp.params.MixSettings;
import mixer.dsp.params.ParamsFile;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The output options shared by the commands that write audio. */
final class AudioOut {

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT.wav", description = "The WAV file to write.")
    Path output;

    @Mixin
    Options.Format format;

    /** The chosen format; auto keeps the input's own depth (see {@link SampleFormat#keeping}). */
    SampleFormat sampleFormat(AudioInput input) {
        return format.sampleFormat(input.preferredWriteFormat());
    }

    /**
     * What the written file says of how it was made (its WAV comment, {@link ParamsFile#described}): the settings, the
     * input, the preset and the command.
     */
    static String madeBy(MixSettings settings, String key, Path input, Path params, String command) {
        return ParamsFile.described(settings, key, by -> {
            by.put("input", input.toString());
            by.put("params", params.toString());
            by.put("command", command);
        });
    }

    /** A usage error when OUT is the input file itself (by any name): the input is never written over. */
    void refuseToOverwrite(Path input, CommandLine cmd) {
        if (sameFile(input, output)) {
            throw new CommandLine.ParameterException(cmd, output + " is the input file itself; mixer never writes over "
                    + "its input: choose another output file");
        }
    }

    /** Whether two paths name one file: the same file where both exist, the same normalised path otherwise. */
    static boolean sameFile(Path a, Path b) {
        try {
            if (Files.exists(a) && Files.exists(b)) return Files.isSameFile(a, b);
        } catch (IOException e) {
            // fall back on the names
        }
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }

    /** Warns when an integer format clipped the audio written. */
    void warnIfClipped(PrintWriter err, double samplePeakDbfs, SampleFormat sampleFormat) {
        if (sampleFormat != SampleFormat.FLOAT_32 && samplePeakDbfs > 0) {
            err.printf(Locale.ROOT, "warning: %s peaks at %+.1f dBFS and was clipped in %s; use --format float32 to keep it.%n",
                    output, samplePeakDbfs, sampleFormat);
        }
    }
}
