package mixer.cli;

import mixer.dsp.Audio;
import mixer.dsp.io.AudioFile;
import mixer.dsp.io.AudioWriter;
import mixer.dsp.io.SampleFormat;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/** The output options shared by the commands that write audio. */
final class AudioOut {

    enum Format { auto, pcm16, pcm24, float32 }

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT.wav", description = "The WAV file to write.")
    Path output;

    @Option(names = "--format", defaultValue = "auto",
            description = "Sample format of OUT: ${COMPLETION-CANDIDATES}. auto keeps the input's depth: 16-bit stays 16-bit, float stays float, "
                    + "everything else becomes 24-bit (default: ${DEFAULT-VALUE}).")
    Format format;

    /** The chosen format; auto keeps the input's own depth (see {@link AudioFile#preferredWriteFormat}). */
    SampleFormat sampleFormat(AudioFile input) {
        return sampleFormat(format, input);
    }

    static SampleFormat sampleFormat(Format format, AudioFile input) {
        return switch (format) {
            case pcm16 -> SampleFormat.PCM_16;
            case pcm24 -> SampleFormat.PCM_24;
            case float32 -> SampleFormat.FLOAT_32;
            case auto -> input.preferredWriteFormat();
        };
    }

    /** Writes the audio, warning when an integer format is about to clip it. */
    void write(Audio audio, SampleFormat sampleFormat) throws IOException {
        float peak = audio.samplePeak();
        if (sampleFormat != SampleFormat.FLOAT_32 && peak > 1f) {
            System.err.printf("warning: %s peaks at %+.1f dBFS and will clip in %s; use --format float32 to keep it.%n",
                    output, 20 * Math.log10(peak), sampleFormat);
        }
        AudioWriter.write(audio, output, sampleFormat);
    }
}
