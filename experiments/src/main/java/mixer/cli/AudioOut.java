package mixer.cli;

import mixer.dsp.io.AudioFileException;
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

    /**
     * Usage errors before any work, as `mixer mix` gives them: {@code -o} is no WAV file's name ({@link
     * AudioWriter#requireWavTarget}, which render and invert met only when they wrote, exit 1), or is one of the files
     * the command uses.
     */
    void refuseBadOutput(CommandLine cmd, Path... used) {
        try {
            AudioWriter.requireWavTarget(output);
        } catch (AudioFileException e) {
            throw new CommandLine.ParameterException(cmd, e.getMessage());
        }
        refuseToOverwrite(cmd, output, used);
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
     * A usage error when a preset to write would go over a file the command reads or writes as audio, is named as
     * audio, or is any file but a preset: a preset is JSON, and nothing else is ever written over with it.
     */
    static void refusePresetOver(Path preset, List<Path> audio, CommandLine cmd) {
        refuseOver(preset, Written.PRESET, audio, cmd);
    }

    /** A file a command writes that is not audio. */
    enum Written {
        PRESET("preset", "JSON", ".json", "PARAMS.json"), CHART("chart", "PNG", ".png", "CHART.png");

        private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

        final String kind;
        final String format;
        final String extension;
        final String nameLike;

        Written(String kind, String format, String extension, String nameLike) {
            this.kind = kind;
            this.format = format;
            this.extension = extension;
            this.nameLike = nameLike;
        }

        /** Whether an existing file is one of this kind, which a new one may replace: a preset mixer reads; a PNG. */
        boolean holds(Path existing) {
            try {
                if (this == PRESET) {
                    ParamsFile.read(existing);
                    return true;
                }
                byte[] start = new byte[PNG_SIGNATURE.length];
                try (var in = Files.newInputStream(existing)) {
                    return in.readNBytes(start, 0, start.length) == start.length && java.util.Arrays.equals(start, PNG_SIGNATURE);
                }
            } catch (IllegalArgumentException | java.io.IOException e) {
                return false;
            }
        }
    }

    /**
     * A usage error when a file the command writes that is not audio is a file the command reads or writes as audio,
     * is named as audio or otherwise than its kind's extension, is a folder, or exists and is not of its kind: a model
     * bundle, an ensemble or a note given as the chart or the preset was written over, and the command said it was done.
     */
    static void refuseOver(Path file, Written what, List<Path> audio, CommandLine cmd) {
        refuseToOverwrite(cmd, file, audio.toArray(Path[]::new));
        if (AudioReader.hasAudioExtension(file)) {
            throw new CommandLine.ParameterException(cmd, file + ": a " + what.kind + " is " + what.format + ", not audio: name it " + what.nameLike);
        }
        if (Files.isDirectory(file)) {
            throw new CommandLine.ParameterException(cmd, file + " is a folder: name the " + what.kind + "'s file, e.g. "
                    + file.resolve(what.nameLike));
        }
        if (!file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(what.extension)) {
            throw new CommandLine.ParameterException(cmd, file + ": a " + what.kind + " is " + what.format + ": name it *"
                    + what.extension + ", e.g. " + what.nameLike);
        }
        if (Files.exists(file) && !what.holds(file)) {
            throw new CommandLine.ParameterException(cmd, file + " exists and is not a " + what.kind + " (" + what.format
                    + "): it is left as it is; name a new file, or remove it first");
        }
    }

    /** Warns when an integer format clipped the audio written. */
    void warnIfClipped(PrintWriter err, double samplePeakDbfs, SampleFormat sampleFormat) {
        if (sampleFormat != SampleFormat.FLOAT_32 && samplePeakDbfs > 0) {
            err.printf(Locale.ROOT, "warning: %s peaks at %+.1f dBFS and was clipped in %s (the levels said below are "
                    + "the audio's before clipping); use --format float32 to keep it.%n",
                    output, samplePeakDbfs, sampleFormat);
        }
    }
}
