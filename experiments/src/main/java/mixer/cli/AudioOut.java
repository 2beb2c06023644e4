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

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT.wav", description = "The WAV file to write (missing folders are made).")
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

    /** {@link AudioWriter#refuseToOverwrite} as a usage error: {@code out} is none of the files the command uses. */
    static void refuseToOverwrite(CommandLine cmd, Path out, Path... used) {
        try {
            AudioWriter.refuseToOverwrite(out, used);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cmd, e.getMessage());
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
        refuseToOverwrite(cmd, file, audio.toArray(Path[]::new));
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
