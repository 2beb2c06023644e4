package mixer.cli;

import mixer.dsp.Renderer;
import mixer.dsp.chain.MixChain;
import mixer.dsp.io.AudioInput;
import mixer.dsp.io.AudioReader;
import mixer.dsp.io.AudioWriter;
import mixer.dsp.io.SampleFormat;
import mixer.dsp.loudness.Loudness;
import mixer.dsp.loudness.LoudnessMeter;
import mixer.dsp.params.MixSettings;
import mixer.dsp.params.ParamsFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "render", mixinStandardHelpOptions = true,
        description = {"Applies the mixing chain with the settings in PARAMS.json to IN and writes OUT (stereo, at IN's rate).",
                "Any length in bounded memory: the file is read, mixed and written block by block. A stage whose filter "
                        + "the rate cannot carry (the air shelf at 24 kHz and below) is bypassed, with a note."})
final class RenderCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "IN", description = "Audio file to mix (WAV, FLAC, OGG, MP3).")
    Path input;

    @Option(names = {"-p", "--params"}, required = true, paramLabel = "PARAMS.json",
            description = "The 10 settings by name (see `mixer params`), or a WAV mixer wrote: a mix or render carries its settings.")
    Path params;

    @CommandLine.Mixin
    Options.NoLimiter noLimiter;

    @Mixin
    AudioOut out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        out.refuseBadOutput(spec.commandLine(), input, params); // a mix given as -p is read too
        MixSettings settings = ParamsFile.read(params);
        try (AudioInput in = AudioReader.open(input)) {
            for (String note : MixChain.notes(settings, in.sampleRateHz())) spec.commandLine().getErr().println("note: " + input + ": " + note);
            SampleFormat format = out.sampleFormat(in);
            LoudnessMeter meter = new LoudnessMeter(in.sampleRateHz()); // the mix is stereo
            try (AudioWriter.Output file = AudioWriter.open(out.output, format, in.sampleRateHz(), in.frames(),
                    AudioOut.madeBy(settings, "_rendered_by", input, params, "mixer render" + (noLimiter.given ? " --no-limiter" : "")))) {
                Progress progress = Progress.on(spec.commandLine().getErr());
                Renderer.render(in, settings, !noLimiter.given, file.andThen(meter::accept).andThen(progress.frames(in.frames(),
                        in.sampleRateHz(), "rendered")));
                progress.finish();
                file.commit();
            }
            Loudness l = meter.result();
            out.warnIfClipped(spec.commandLine().getErr(), l.samplePeakDbfs(), format);
            spec.commandLine().getOut().printf("%s -> %s: %s%s%n", input, out.output, Formats.loudness(l), // "silent" said as mix says it
                    noLimiter.given ? " (limiter off)" : "");
        }
        return 0;
    }
}
