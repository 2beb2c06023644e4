package mixer.cli;

import mixer.dsp.io.AudioInput;
import mixer.dsp.io.AudioReader;
import mixer.dsp.io.AudioWriter;
import mixer.dsp.io.SampleFormat;
import mixer.dsp.params.MixSettings;
import mixer.dsp.params.ParamsFile;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    /**
     * A usage error when OUT is the input file itself or the preset (a mix given as {@code -p} is read too), by any
     * name: what a command reads is never written over.
     */
    void refuseToOverwrite(Path input, Path params, CommandLine cmd) {
        if (AudioWriter.sameFile(input, output)) {
            throw new CommandLine.ParameterException(cmd, output + " is the input file itself; mixer never writes over "
                    + "its input: choose another output file");
        }
        if (AudioWriter.sameFile(params, output)) {
            throw new CommandLine.ParameterException(cmd, output + " is the preset (-p) itself; mixer never writes over "
                    + "what it reads: choose another output file");
        }
    }

    /**
     * A usage error when a preset to write would go over a file the command reads or writes as audio, or is named as
     * audio: a preset is JSON, and an audio file is never written over with it.
     */
    static void refusePresetOver(Path preset, List<Path> audio, CommandLine cmd) {
        refuseOver(preset, "preset", "JSON", "PARAMS.json", audio, cmd);
    }

    /**
     * A usage error when a file the command writes that is not audio ({@code kind}, in {@code format}, to be named like
     * {@code nameLike}) is a file the command reads or writes as audio, is named as audio, or is a folder.
     */
    static void refuseOver(Path file, String kind, String format, String nameLike, List<Path> audio, CommandLine cmd) {
        for (Path a : audio) {
            if (a != null && AudioWriter.sameFile(file, a)) {
                throw new CommandLine.ParameterException(cmd, file + (file.equals(a) ? "" : " is " + a + ",") + " is an audio file of this command; "
                        + "the " + kind + " goes to a file of its own: name it " + nameLike);
            }
        }
        if (AudioReader.hasAudioExtension(file)) {
            throw new CommandLine.ParameterException(cmd, file + ": a " + kind + " is " + format + ", not audio: name it " + nameLike);
        }
        if (Files.isDirectory(file)) {
            throw new CommandLine.ParameterException(cmd, file + " is a folder: name the " + kind + "'s file, e.g. "
                    + file.resolve(nameLike));
        }
    }

    /** Warns when an integer format clipped the audio written. */
    void warnIfClipped(PrintWriter err, double samplePeakDbfs, SampleFormat sampleFormat) {
        if (sampleFormat != SampleFormat.FLOAT_32 && samplePeakDbfs > 0) {
            err.printf(Locale.ROOT, "warning: %s peaks at %+.1f dBFS and was clipped in %s; use --format float32 to keep it.%n",
                    output, samplePeakDbfs, sampleFormat);
        }
    }
}
