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
            description = "Sample format of OUT: ${COMPLETION-CANDIDATES}. auto keeps a 16-bit or 24-bit input's depth "
                    + "and writes 32-bit float otherwise (default: ${DEFAULT-VALUE}).")
    Format format;

    SampleFormat sampleFormat(AudioFile input, SampleFormat fallback) {
        return switch (format) {
            case pcm16 -> SampleFormat.PCM_16;
            case pcm24 -> SampleFormat.PCM_24;
            case float32 -> SampleFormat.FLOAT_32;
            case auto -> input.format().floatingPoint() ? SampleFormat.FLOAT_32
                    : input.format().bitsPerSample() == 16 ? SampleFormat.PCM_16
                    : input.format().bitsPerSample() == 24 ? SampleFormat.PCM_24
                    : fallback;
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
