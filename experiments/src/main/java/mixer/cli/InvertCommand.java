package mixer.cli;

import mixer.dsp.Audio;
import mixer.dsp.Renderer;
import mixer.dsp.chain.MixChain;
import mixer.dsp.io.AudioInput;
import mixer.dsp.io.AudioReader;
import mixer.dsp.io.AudioWriter;
import mixer.dsp.io.SampleFormat;
import mixer.dsp.params.MixSettings;
import mixer.dsp.params.ParamsFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "invert", mixinStandardHelpOptions = true,
        description = {"Undoes the mixing chain: writes the audio that `mixer render` with the same PARAMS.json "
                + "(and --no-limiter) turns back into IN.",
                "The result can exceed full scale, so --format auto writes 32-bit float here (not the input's depth, as render and "
                        + "mix do). Any length in bounded memory."})
final class InvertCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "IN", description = "A mixed audio file (WAV, FLAC, OGG, MP3).")
    Path input;

    @Option(names = {"-p", "--params"}, required = true, paramLabel = "PARAMS.json",
            description = "The settings the mix was made with (see `mixer params`), or the mix itself when mixer wrote it (it carries them).")
    Path params;

    @Mixin
    AudioOut out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * Whether mixer wrote {@code file} through its limiter, as its preset says (mix and compare: {@code "limiter"}; render:
     * its command without --no-limiter): inverting it then gave back the original only approximately, without a word.
     */
    static boolean limited(Path file) {
        try {
            java.util.Optional<com.fasterxml.jackson.databind.JsonNode> carried = ParamsFile.preset(file);
            if (carried.isEmpty()) return false;
            com.fasterxml.jackson.databind.JsonNode preset = carried.get();
            if (preset.path("_mixed_by").path("limiter").asBoolean(false)) return true;
            String rendered = preset.path("_rendered_by").path("command").asText("");
            return rendered.startsWith("mixer render") && !rendered.contains("--no-limiter");
        } catch (java.io.IOException e) {
            return false; // no preset to read: nothing to say
        }
    }

    @Override
    public Integer call() throws Exception {
        out.refuseBadOutput(spec.commandLine(), input, params); // a mix given as -p is read too
        MixSettings settings = ParamsFile.read(params);
        try {
            MixChain.of(settings).inverse();
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException(params + ": " + e.getMessage(), e);
        }
        try (AudioInput in = AudioReader.open(input)) {
            for (String note : MixChain.notes(settings, in.sampleRateHz())) spec.commandLine().getErr().println("note: " + input + ": " + note);
            if (limited(input)) {
                spec.commandLine().getErr().println("note: " + input + ": mixer made it through the safety limiter, which no inverse "
                        + "undoes: the result differs from the original where the limiter acted (a mix made with --no-limiter inverts exactly)");
            }
            // The un-mixed audio may exceed full scale: auto means float here.
            SampleFormat format = out.format.choice == Options.Format.Choice.auto ? SampleFormat.FLOAT_32 : out.sampleFormat(in);
            float[] peak = {0};
            try (AudioWriter.Output file = AudioWriter.open(out.output, format, in.sampleRateHz(), in.frames(),
                    AudioOut.madeBy(settings, "_inverted_by", input, params, "mixer invert"))) {
                Progress progress = Progress.on(spec.commandLine().getErr());
                Renderer.invert(in, settings, file.andThen((block, offset, n) -> {
                    for (float[] ch : block) for (int i = offset; i < offset + n; i++) peak[0] = Math.max(peak[0], Math.abs(ch[i]));
                }).andThen(progress.frames(in.frames(), in.sampleRateHz(), "inverted")));
                progress.finish();
                if (!(peak[0] <= Audio.MAX_ABS_SAMPLE)) { // a file mixer itself would refuse as damaged: not written
                    throw new IllegalArgumentException(String.format(Locale.ROOT, "%s: undoing these settings peaks at %+.0f dBFS, "
                            + "beyond the %+.0f dBFS any mixer command reads back, so %s was not written; was %s made with %s?",
                            input, 20 * Math.log10(peak[0]), 20 * Math.log10(Audio.MAX_ABS_SAMPLE), out.output, input, params));
                }
                file.commit();
            }
            double peakDbfs = 20 * Math.log10(peak[0]);
            out.warnIfClipped(spec.commandLine().getErr(), peakDbfs, format);
            spec.commandLine().getOut().printf(Locale.ROOT, "%s -> %s: %s%n", input, out.output,
                    peak[0] > 0 ? String.format(Locale.ROOT, "peak %+.1f dBFS", peakDbfs) : "silent");
        }
        return 0;
    }
}
